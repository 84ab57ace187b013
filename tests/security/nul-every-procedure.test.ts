import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';
import { listProcedures } from '@/tests/api/procedures';
import { NUL_MESSAGE } from '@/server/lib/text';
import { createCallerFactory } from '@/server/trpc/init';
import { appRouter } from '@/server/trpc/root';

// Issue 10 #9: a NUL byte in a search or filter (incidents, catalog, runbooks,
// inventory, audit, clusters.get) reached Postgres and came back as 500
// (22021). Every procedure of the real router, called by an admin with a NUL in
// its input, must answer BAD_REQUEST naming the field, before any resolver or
// query runs (this test has no database: a procedure that got as far as a
// query would fail differently).
const admin = { kind: 'user' as const, id: 'admin-1', email: 'admin@example.com', name: 'Admin', role: 'admin' as const };
const caller = createCallerFactory(appRouter)({ actor: admin, requestId: 'nul-test' });
const procedures = listProcedures(appRouter);

function call(path: string, input: unknown): Promise<unknown> {
  const fn = path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
  return fn(input);
}

describe('a NUL byte is a 400 on every procedure', () => {
  it('covers the whole router', () => {
    expect(procedures.length).toBeGreaterThan(100);
  });

  it.each(procedures.map((p) => p.path))('%s', async (path) => {
    const error = await call(path, { search: 'a\u0000b', id: 'x', filter: { q: 'x' } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect(error).toMatchObject({ code: 'BAD_REQUEST', message: `search: ${NUL_MESSAGE}` });
  });
});
