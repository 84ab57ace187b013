// A per-process memo for figures derived from data that changes far less
// often than pages are viewed (the domain pages: 20,000 certificates or
// 50,000 backups read and judged per request otherwise).
//
// An entry holds while its data's `version` is unchanged (the caller reads a
// cheap version, e.g. the inventory's kind versions) and for `freshMs`; after
// that, until `staleMs`, it is still answered at once while one caller
// recomputes it in the background (stale-while-revalidate), so a page stays
// fast for its next viewer; past `staleMs`, or when the version moved, the
// caller waits for a new computation. A failed computation is not kept.

type Entry<V> = { version: string; at: number; value: Promise<V>; refreshing: boolean };

export type FreshMemo<V> = {
  get(key: string, version: () => Promise<string>, compute: () => Promise<V>): Promise<V>;
  /**
   * Figures as of `at`: through the memo when `at` is about now (computed
   * for the clock's now), computed for `at` itself otherwise (isAboutNow).
   */
  asOf(key: string, at: number, version: () => Promise<string>, compute: (now: number) => Promise<V>): Promise<V>;
  /** Forget everything (a write in this process that the version does not see). */
  clear(): void;
};

export function freshMemo<V>(opts: { freshMs: number; staleMs: number; max: number; clock?: () => number }): FreshMemo<V> {
  const clock = opts.clock ?? Date.now;
  const entries = new Map<string, Entry<V>>();
  const store = (key: string, version: string, compute: () => Promise<V>): Promise<V> => {
    const value = compute();
    const entry: Entry<V> = { version, at: clock(), value, refreshing: false };
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > opts.max) entries.delete(entries.keys().next().value!);
    value.catch(() => {
      if (entries.get(key) === entry) entries.delete(key);
    });
    return value;
  };
  const memo: FreshMemo<V> = {
    async get(key, version, compute) {
      const v = await version();
      const e = entries.get(key);
      if (!e || e.version !== v) return store(key, v, compute);
      const age = clock() - e.at;
      if (age <= opts.freshMs) return e.value;
      if (age > opts.staleMs) return store(key, v, compute);
      if (!e.refreshing) {
        e.refreshing = true;
        const next = compute();
        next.then(
          () => {
            if (entries.get(key) === e) entries.set(key, { version: v, at: clock(), value: next, refreshing: false });
          },
          () => {
            e.refreshing = false;
          },
        );
      }
      return e.value;
    },
    asOf(key, at, version, compute) {
      return isAboutNow(at, clock) ? memo.get(key, version, () => compute(clock())) : compute(at);
    },
    clear() {
      entries.clear();
    },
  };
  return memo;
}

/** Figures asked "as of" another moment (reports, tests with a fixed clock) bypass a memo: it holds figures of now. */
export function isAboutNow(at: number, clock: () => number = Date.now): boolean {
  return Math.abs(at - clock()) < 60_000;
}
