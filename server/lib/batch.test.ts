import { describe, expect, it } from 'vitest';
import { batchedLookup } from './batch';

describe('batchedLookup', () => {
  it('sends concurrent lookups as one call with distinct keys, and answers each its own value', async () => {
    const calls: string[][] = [];
    const lookup = batchedLookup(async (keys: string[]) => {
      calls.push(keys);
      return new Map(keys.filter((k) => k !== 'missing').map((k) => [k, k.toUpperCase()]));
    });
    const answers = await Promise.all(['a', 'b', 'a', 'missing'].map(lookup));
    expect(answers).toEqual(['A', 'B', 'A', undefined]);
    expect(calls).toEqual([['a', 'b', 'missing']]);
  });

  it('caches nothing: a later lookup asks again and sees the new value', async () => {
    let version = 1;
    const lookup = batchedLookup(async (keys: string[]) => new Map(keys.map((k) => [k, `${k}${version}`])));
    expect(await lookup('x')).toBe('x1');
    version = 2;
    expect(await lookup('x')).toBe('x2');
  });

  it('fails every lookup of a batch whose query failed, and the next batch works again', async () => {
    let fail = true;
    const lookup = batchedLookup(async (keys: string[]) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((k) => [k, 1]));
    });
    await expect(Promise.all([lookup('a'), lookup('b')])).rejects.toThrow('database down');
    fail = false;
    expect(await lookup('a')).toBe(1);
  });
});
