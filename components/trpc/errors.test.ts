import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validate } from '../forms/validate';
import { errorIssues, errorMessage, fieldErrorsFrom, issuesToFieldErrors } from './errors';

function trpcError(message: string, data: unknown) {
  const error = new TRPCClientError(message);
  Object.assign(error, { data });
  return error;
}

describe('errorIssues', () => {
  it('returns the zod issues the server formatted, per field', () => {
    const error = trpcError('Invalid input', {
      code: 'BAD_REQUEST',
      issues: [
        { path: 'email', message: 'Enter a valid e-mail address' },
        { path: 'password', message: 'Password must be at least 12 characters' },
      ],
    });
    expect(fieldErrorsFrom(error)).toEqual({
      email: 'Enter a valid e-mail address',
      password: 'Password must be at least 12 characters',
    });
  });

  it('puts a domain error without issues at form level', () => {
    const error = trpcError('A user with e-mail a@b.c already exists', { code: 'CONFLICT', issues: null });
    expect(errorIssues(error)).toEqual([{ path: '', message: 'A user with e-mail a@b.c already exists' }]);
  });

  it('explains a network failure (no data) instead of showing "Failed to fetch"', () => {
    expect(errorMessage(new TRPCClientError('Failed to fetch'))).toMatch(/could not be reached/);
  });

  it('ignores malformed issues and falls back for unknown throwables', () => {
    const error = trpcError('Bad', { issues: [{ nope: true }, { path: 'name', message: 'Name is required' }] });
    expect(errorIssues(error)).toEqual([{ path: 'name', message: 'Name is required' }]);
    expect(errorIssues('boom')[0]?.path).toBe('');
  });
});

describe('issuesToFieldErrors', () => {
  it('keeps the first message per path', () => {
    expect(
      issuesToFieldErrors([
        { path: 'a', message: 'first' },
        { path: 'a', message: 'second' },
      ]),
    ).toEqual({ a: 'first' });
  });
});

describe('validate', () => {
  const schema = z.object({ name: z.string().min(1, 'Name is required'), tags: z.array(z.string()).min(1, 'Pick one') });

  it('gives parsed data when valid', () => {
    expect(validate(schema, { name: 'x', tags: ['a'] })).toEqual({ ok: true, data: { name: 'x', tags: ['a'] } });
  });

  it('gives the same { path: message } shape as server errors', () => {
    expect(validate(schema, { name: '', tags: [] })).toEqual({
      ok: false,
      errors: { name: 'Name is required', tags: 'Pick one' },
    });
  });
});
