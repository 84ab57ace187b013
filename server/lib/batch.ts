import DataLoader from 'dataloader';

// Coalesces the lookups of concurrent requests into one query: fifty CI
// pipelines asking the change gate at once cost one token lookup, one service
// lookup and one budget read between them, not fifty of each. Lookups that
// arrive within BATCH_WINDOW_MS of the first are sent together. Nothing is
// cached here (every request still reads the database: a revoked token is
// refused on its next use); callers that may cache say so themselves.
const BATCH_WINDOW_MS = 1;

/**
 * A batched lookup by key. `loadMany` gets distinct keys and answers a Map;
 * a key missing from the Map resolves to `undefined` ("not found").
 */
export function batchedLookup<K, V>(loadMany: (keys: K[]) => Promise<ReadonlyMap<K, V>>): (key: K) => Promise<V | undefined> {
  const loader = new DataLoader<K, V | undefined>(
    async (keys) => {
      const found = await loadMany([...new Set(keys)]);
      return keys.map((k) => found.get(k));
    },
    { cache: false, batchScheduleFn: (run) => setTimeout(run, BATCH_WINDOW_MS), maxBatchSize: 500 },
  );
  return (key) => loader.load(key);
}
