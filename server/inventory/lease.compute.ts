// How cluster leases are timed and how many clusters each worker takes
// (supervisor.service.ts). Pure; the database clock decides who holds what.

export type LeaseTimings = {
  /** A lease not renewed for this long is free for another worker. */
  leaseTtlMs: number;
  /** Three renewals per TTL, so one slow renewal does not lose the lease. */
  renewMs: number;
  /** Claims and hand-overs; at most every 15 s, and at least twice per TTL. */
  tickMs: number;
};

export const DEFAULT_LEASE_SECONDS = 30;
const MAX_TICK_MS = 15_000;

/**
 * The timings of a lease of `seconds` (RUNWELL_CLUSTER_LEASE_SECONDS). A dead
 * worker's clusters are taken over within the TTL plus one tick, so the tick
 * shrinks with a short TTL instead of dominating it; 30 s gives the long-standing
 * 30 s / 10 s / 15 s.
 */
export function leaseTimings(seconds: number = DEFAULT_LEASE_SECONDS): LeaseTimings {
  const leaseTtlMs = Math.round(seconds * 1000);
  return { leaseTtlMs, renewMs: Math.round(leaseTtlMs / 3), tickMs: Math.min(MAX_TICK_MS, Math.round(leaseTtlMs / 2)) };
}

/**
 * Clusters one worker may hold: an even split over the live workers, rounded
 * up so that the shares always cover every cluster (20 over 3 workers: 7, 7, 6).
 */
export function fairShare(clusters: number, workers: number): number {
  return Math.ceil(Math.max(0, clusters) / Math.max(1, workers));
}

/**
 * What a worker does at a tick to hold its fair share: hand over the clusters it
 * runs beyond the share (the most recently started, so long-running collectors
 * stay where they are) and how many more it may claim. A worker that started
 * first claims everything; the others' arrival lowers its share and it hands the
 * rest over, which they claim at their next tick.
 */
export function rebalance(running: readonly string[], share: number): { handOver: string[]; room: number } {
  const keep = Math.max(0, share);
  return { handOver: running.length > keep ? running.slice(keep) : [], room: Math.max(0, keep - running.length) };
}
