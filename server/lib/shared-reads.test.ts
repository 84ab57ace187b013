import { afterEach, describe, expect, it } from 'vitest';
import type { Actor } from './roles';
import { accessClass, clearSharedReads, sharedRead } from './shared-reads';

afterEach(() => clearSharedReads());

const viewer: Actor = { kind: 'user', id: 'u1', email: 'v@x', name: 'V', role: 'viewer' };

describe('sharedRead', () => {
  it('shares a result within the time bound and computes again after it', async () => {
    let runs = 0;
    const compute = async () => ++runs;
    expect(await sharedRead('k', 1000, compute, 0)).toBe(1);
    expect(await sharedRead('k', 1000, compute, 999)).toBe(1);
    expect(await sharedRead('k', 1000, compute, 1000)).toBe(2);
    expect(await sharedRead('other', 1000, compute, 1000)).toBe(3);
  });

  it('concurrent callers share one computation', async () => {
    let runs = 0;
    const compute = () => new Promise<number>((r) => setTimeout(() => r(++runs), 10));
    expect(await Promise.all([sharedRead('k', 1000, compute, 0), sharedRead('k', 1000, compute, 1)])).toEqual([1, 1]);
  });

  it('a failure is not shared', async () => {
    let runs = 0;
    await expect(sharedRead('k', 1000, async () => Promise.reject(new Error(`boom ${++runs}`)), 0)).rejects.toThrow('boom 1');
    await new Promise((r) => setTimeout(r, 0));
    expect(await sharedRead('k', 1000, async () => ++runs, 1)).toBe(2);
  });
});

describe('accessClass', () => {
  it.each<[string, Actor, string]>([
    ['people by role', viewer, 'user:viewer'],
    ['tokens by their scopes, in any order', { kind: 'token', id: 't', name: 't', scopes: ['incidents', 'read'] }, 'token:incidents,read'],
    ['the system', { kind: 'system', id: 'system', name: 's' }, 'system'],
  ])('%s', (_, actor, expected) => {
    expect(accessClass(actor)).toBe(expected);
  });
});
