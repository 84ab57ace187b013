import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DomainError } from '@/server/errors';
import { metrics } from '@/server/observability/metrics';
import { NUL_MESSAGE } from '@/server/lib/text';
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

// Issue 10, finding 9: client faults are 400s with issues, never internals or 500s.
describe('tRPC refusals of unreadable input', () => {
  const nulRouter = router({
    search: publicProcedure.input(z.object({ search: z.string().optional() })).query(({ input }) => input.search ?? ''),
    create: publicProcedure.input(z.object({ name: z.string() })).mutation(({ input }) => input.name),
  });
  const post = async (path: string, body: string) => {
    const res = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`http://runwell.local/api/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body }),
      router: nulRouter,
      createContext: () => ({ actor: null, requestId: 'req-43' }),
      onError: () => {},
    });
    const json = (await res.json()) as { error: { json: { message: string; data: { issues: unknown } } } } | Array<{ error: { json: { message: string; data: { issues: unknown } } } }>;
    return { status: res.status, error: (Array.isArray(json) ? json[0]! : json).error.json };
  };

  it.each([
    ['a body of null', 'create', 'null', /^Input is not readable/],
    ['a batch entry of null', 'create?batch=1', '{"0":null}', /^Input is not readable/],
    ['malformed JSON', 'create', '{"json":', /^Body is not JSON: /],
  ])('%s -> 400 with issues', async (_label, path, body, message) => {
    const { status, error } = await post(path, body);
    expect(status).toBe(400);
    expect(error.message).toMatch(message);
    expect(error.message).not.toMatch(/destructure|payload/);
    expect(error.data.issues).toEqual([{ path: '', message: error.message }]);
  });

  it('a NUL byte in any string input -> 400 naming the field', async () => {
    const res = await fetchRequestHandler({
      endpoint: '/api/trpc',
      req: new Request(`http://runwell.local/api/trpc/search?input=${encodeURIComponent(JSON.stringify({ json: { search: 'a\u0000b' } }))}`),
      router: nulRouter,
      createContext: () => ({ actor: null, requestId: 'req-44' }),
      onError: () => {},
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { data: { issues: unknown } } } };
    expect(body.error.json.data.issues).toEqual([{ path: 'search', message: NUL_MESSAGE }]);
    const created = await post('create', JSON.stringify({ json: { name: 'x\u0000' } }));
    expect(created.status).toBe(400);
    expect(created.error.data.issues).toEqual([{ path: 'name', message: NUL_MESSAGE }]);
  });
});

describe('request metrics of tRPC calls', () => {
  // Runwell's availability SLO counts status=~"5..": a refusal or invalid input
  // must be recorded with the status the caller got, not as a server error.
  async function statusesOf(path: string): Promise<string[]> {
    const { values } = await metrics().httpDuration.get();
    return values.filter((v) => v.labels.route === `trpc.${path}` && v.metricName?.endsWith('_count') && v.value > 0).map((v) => String(v.labels.status));
  }

  it.each([
    ['boom', undefined, '500'],
    ['domain', undefined, '409'],
    ['typed', { name: 'x' }, '400'],
    ['typed', { name: 'xyz' }, '200'],
  ])('%s %j is recorded as %s', async (path, input, status) => {
    await call(path, input);
    expect(await statusesOf(path)).toContain(status);
  });

  it('a domain error is never recorded as 500', async () => {
    await call('domain');
    expect(await statusesOf('domain')).toEqual(['409']);
  });
});
