import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeError, MAX_ERROR_LENGTH, outcomeOf } from './outcome';

const t0 = new Date('2026-11-26T10:00:00.000Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

describe('outcomeOf', () => {
  it.each([
    { name: 'success', result: { ok: true } as const, end: 1234, want: { status: 'ok', durationMs: 1234, error: null } },
    {
      name: 'thrown Error',
      result: { ok: false, error: new Error('boom') } as const,
      end: 50,
      want: { status: 'failed', durationMs: 50, error: 'boom' },
    },
    {
      name: 'clock stepped backwards',
      result: { ok: true } as const,
      end: -500,
      want: { status: 'ok', durationMs: 0, error: null },
    },
    {
      name: 'sub-millisecond duration is rounded',
      result: { ok: true } as const,
      end: 0.4,
      want: { status: 'ok', durationMs: 0, error: null },
    },
  ])('$name', ({ result, end, want }) => {
    const outcome = outcomeOf(result, t0, at(end));
    expect(outcome).toEqual({ ...want, finishedAt: at(end) });
  });
});

describe('describeError', () => {
  const zodError = (() => {
    try {
      z.object({ cluster: z.string() }).parse({ cluster: 3 });
    } catch (error) {
      return error;
    }
  })();
  const abort = new Error('worker stopping');
  abort.name = 'AbortError';

  it.each([
    { name: 'Error message', error: new Error('connection refused'), want: 'connection refused' },
    { name: 'Error without message uses its name', error: new TypeError(), want: 'TypeError' },
    { name: 'string', error: 'plain text', want: 'plain text' },
    { name: 'object', error: { code: 42 }, want: '{"code":42}' },
    { name: 'undefined', error: undefined, want: 'undefined' },
    { name: 'blank string', error: '   ', want: 'Unknown error' },
    { name: 'zod error names the field', error: zodError, want: expect.stringMatching(/^Invalid payload: cluster: /) },
    { name: 'abort', error: abort, want: 'Aborted: worker stopping' },
  ])('$name', ({ error, want }) => {
    expect(describeError(error)).toEqual(want);
  });

  it('truncates long messages', () => {
    const message = describeError(new Error('x'.repeat(10_000)));
    expect(message).toHaveLength(MAX_ERROR_LENGTH);
    expect(message.endsWith('…')).toBe(true);
  });
});
