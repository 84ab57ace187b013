// In-process announcements that a fact other domains cache has changed, so a
// cache can drop what it holds at once instead of waiting for its TTL. The
// kernel owns the channel so that the writing domain (toil, freezes) need not
// import the reading one (the change gate imports them: a cycle otherwise).
// Other processes are not told: their caches expire by TTL, which is the
// documented staleness bound of every cache that listens here.

export type FactTopic = 'freezes' | 'toil' | 'slos';

// Per process, not per module instance: Next.js loads server modules once per
// route bundle, and a write in one route must reach the caches of the others.
const holder = globalThis as unknown as { runwellFactChanges?: Set<(topic: FactTopic) => void> };
const listeners = (holder.runwellFactChanges ??= new Set());

export function onFactChange(listener: (topic: FactTopic) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Call after the write has committed (a listener may read the new value at once). */
export function announceFactChange(topic: FactTopic): void {
  for (const listener of listeners) listener(topic);
}

/** Awaits `work` (a committed write) and then announces `topic`; a failed write announces nothing. */
export async function announcing<T>(topic: FactTopic, work: Promise<T>): Promise<T> {
  const value = await work;
  announceFactChange(topic);
  return value;
}
