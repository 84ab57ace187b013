import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@/server/errors';
import { publicProcedure, router } from '@/server/trpc/init';

// What the browser learns from a failed procedure: validation and domain errors
// in full (with paths), unexpected errors not at all (only a request id).
const testRouter = router({
  boom: publicProcedure.query(() => {
    throw new Error('connect ECONNREFUSED 10.1.2.3:5432 (postgres://runwell:hunter2@db/runwell)');
  }),
  domain: publicProcedure.query(() => {
    throw new DomainError('CONFLICT', 'A team with this slug exists', 'slug');
  }),
  typed: publicProcedure.input(z.object({ name: z.string().min(2, 'too short') })).query(({ input }) => input.name),
});

async function call(path: string, input?: unknown) {
  const query = input === undefined ? '' : `?input=${encodeURIComponent(JSON.stringify({ json: input }))}`;
  const res = await fetchRequestHandler({
    endpoint: '/api/trpc',
    req: new Request(`http://runwell.local/api/trpc/${path}${query}`),
    router: testRouter,
    createContext: () => ({ actor: null, requestId: 'req-42' }),
    onError: () => {},
  });
  return { status: res.status, body: (await res.json()) as { error: { json: { message: string; data: Record<string, unknown> } } } };
}

describe('tRPC error shapes', () => {
  it('hides the message and stack of an unexpected error, naming the request id', async () => {
    const { status, body } = await call('boom');
    expect(status).toBe(500);
    expect(body.error.json.message).toBe('Something went wrong on the server (request req-42); the details are in the server log');
    expect(JSON.stringify(body)).not.toMatch(/hunter2|10\.1\.2\.3|ECONNREFUSED|\n\s+at /);
  });

  it('keeps domain errors with the field they are about', async () => {
    const { status, body } = await call('domain');
    expect(status).toBe(409);
    expect(body.error.json.message).toBe('A team with this slug exists');
    expect(body.error.json.data.issues).toEqual([{ path: 'slug', message: 'A team with this slug exists' }]);
  });

  it('keeps validation errors with their paths', async () => {
    const { status, body } = await call('typed', { name: 'x' });
    expect(status).toBe(400);
    expect(body.error.json.data.issues).toEqual([{ path: 'name', message: 'too short' }]);
    expect(body.error.json.data.stack ?? null).toBeNull();
  });
});
