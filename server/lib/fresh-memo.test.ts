import { describe, expect, it } from 'vitest';
import { freshMemo, isAboutNow } from './fresh-memo';

function setup() {
  let now = 1_000_000;
  let version = 'v1';
  let computed = 0;
  const memo = freshMemo<number>({ freshMs: 60_000, staleMs: 120_000, max: 2, clock: () => now });
  const get = (key = 'k') => memo.get(key, async () => version, async () => ++computed);
  return { memo, get, tick: (ms: number) => (now += ms), setVersion: (v: string) => (version = v), computed: () => computed };
}

describe('freshMemo', () => {
  it('answers from the entry while fresh, and computes again when the version moves', async () => {
    const s = setup();
    expect(await s.get()).toBe(1);
    s.tick(59_000);
    expect(await s.get()).toBe(1);
    s.setVersion('v2');
    expect(await s.get()).toBe(2);
  });

  it('past freshMs answers the old value at once and refreshes in the background, once', async () => {
    const s = setup();
    await s.get();
    s.tick(90_000);
    const [first, second] = await Promise.all([s.get(), s.get()]);
    expect([first, second]).toEqual([1, 1]);
    await new Promise((r) => setImmediate(r));
    expect(s.computed()).toBe(2);
    expect(await s.get()).toBe(2);
  });

  it('past staleMs the caller waits for a new value', async () => {
    const s = setup();
    await s.get();
    s.tick(121_000);
    expect(await s.get()).toBe(2);
  });

  it('keeps at most `max` keys (least recently stored dropped) and forgets on clear()', async () => {
    const s = setup();
    await s.get('a');
    await s.get('b');
    await s.get('c');
    expect(await s.get('a')).toBe(4);
    s.memo.clear();
    expect(await s.get('a')).toBe(5);
  });

  it('does not keep a failed computation', async () => {
    let calls = 0;
    const memo = freshMemo<number>({ freshMs: 60_000, staleMs: 120_000, max: 5 });
    await expect(memo.get('k', async () => 'v', async () => Promise.reject(new Error(`boom ${++calls}`)))).rejects.toThrow('boom 1');
    expect(await memo.get('k', async () => 'v', async () => 7)).toBe(7);
  });

  it('asOf: figures about now go through the memo (computed for the clock), others are computed for their own moment', async () => {
    let now = 1_000_000;
    const asked: number[] = [];
    const memo = freshMemo<number>({ freshMs: 60_000, staleMs: 120_000, max: 5, clock: () => now });
    const at = (t: number) => memo.asOf('k', t, async () => 'v', async (when) => (asked.push(when), asked.length));
    expect(await at(now + 30_000)).toBe(1);
    expect(await at(now - 30_000)).toBe(1);
    expect(await at(now - 3_600_000)).toBe(2);
    now += 1_000;
    expect(await at(now)).toBe(1);
    expect(asked).toEqual([1_000_000, 1_000_000 - 3_600_000]);
  });

  it.each([
    [0, true],
    [59_999, true],
    [-59_999, true],
    [60_000, false],
    [-86_400_000, false],
  ])('isAboutNow(now + %i) = %s', (offset, want) => {
    expect(isAboutNow(5_000_000 + offset, () => 5_000_000)).toBe(want);
  });
});
