import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from '../lib/roles';
import { clearSharedReads } from '../lib/shared-reads';
import { createCallerFactory, procedureFor, router, sharedReadFor } from './init';

// sharedReadFor: the dashboard reads shared between callers of the same access (server/lib/shared-reads.ts).

afterEach(() => clearSharedReads());

const viewer: Actor = { kind: 'user', id: 'u1', email: 'v@x', name: 'V', role: 'viewer' };
const otherViewer: Actor = { kind: 'user', id: 'u2', email: 'w@x', name: 'W', role: 'viewer' };
const lead: Actor = { kind: 'user', id: 'u3', email: 'l@x', name: 'L', role: 'incident_commander' };

describe('sharedReadFor procedures', () => {
  let runs = 0;
  const appRouter = router({
    figures: sharedReadFor('app.read', 60_000).query(() => ({ run: ++runs })),
    failing: sharedReadFor('app.read', 60_000).query(() => {
      runs += 1;
      throw new Error('nope');
    }),
    change: procedureFor('app.read').mutation(() => 'done'),
  });
  const callerFor = (actor: Actor | null) => createCallerFactory(appRouter)({ actor, requestId: 'test' });

  it('same access shares; another role computes its own; authorization runs first', async () => {
    runs = 0;
    expect(await callerFor(viewer).figures()).toEqual({ run: 1 });
    expect(await callerFor(otherViewer).figures()).toEqual({ run: 1 });
    expect(await callerFor(lead).figures()).toEqual({ run: 2 });
    await expect(callerFor(null).figures()).rejects.toThrow('Sign in first');
  });

  it('a successful mutation in this process drops what was shared', async () => {
    runs = 0;
    expect(await callerFor(viewer).figures()).toEqual({ run: 1 });
    expect(await callerFor(viewer).change()).toBe('done');
    expect(await callerFor(viewer).figures()).toEqual({ run: 2 });
  });

  it('errors are answered, not shared', async () => {
    runs = 0;
    await expect(callerFor(viewer).failing()).rejects.toThrow();
    await expect(callerFor(viewer).failing()).rejects.toThrow();
    expect(runs).toBe(2);
  });
});
