import { describe, expect, it } from 'vitest';
import { fairShare, leaseTimings, rebalance } from './lease.compute';

describe('lease timings', () => {
  it.each([
    [30, { leaseTtlMs: 30_000, renewMs: 10_000, tickMs: 15_000 }],
    [6, { leaseTtlMs: 6_000, renewMs: 2_000, tickMs: 3_000 }],
    [120, { leaseTtlMs: 120_000, renewMs: 40_000, tickMs: 15_000 }],
  ])('%i s -> %o', (seconds, timings) => {
    expect(leaseTimings(seconds)).toEqual(timings);
  });

  it('keeps the long-standing timings by default', () => {
    expect(leaseTimings()).toEqual({ leaseTtlMs: 30_000, renewMs: 10_000, tickMs: 15_000 });
  });
});

describe('fair share', () => {
  it.each([
    [20, 1, 20],
    [20, 2, 10],
    [21, 2, 11],
    [20, 3, 7],
    [1, 2, 1],
    [0, 2, 0],
    [5, 0, 5],
  ])('%i clusters over %i workers -> %i each', (clusters, workers, share) => {
    expect(fairShare(clusters, workers)).toBe(share);
  });

  it('shares always cover every cluster', () => {
    for (let clusters = 0; clusters <= 50; clusters++) {
      for (let workers = 1; workers <= 8; workers++) expect(fairShare(clusters, workers) * workers).toBeGreaterThanOrEqual(clusters);
    }
  });
});

describe('rebalance', () => {
  const running = ['a', 'b', 'c', 'd'];
  it.each([
    [4, [], 0],
    [6, [], 2],
    [2, ['c', 'd'], 0],
    [0, ['a', 'b', 'c', 'd'], 0],
  ])('running 4, share %i -> hand over %o, room %i', (share, handOver, room) => {
    expect(rebalance(running, share)).toEqual({ handOver, room });
  });
});
