import { describe, expect, it } from 'vitest';
import { dayDeltas, type SeqBucket } from './slo-buckets.compute';

const DAY = 86_400_000;
const D0 = 20_000 * DAY;
const b = (seq: number, start: number, bad: number, total: number, missing = false): SeqBucket => ({ seq, start, bad, total, missing });
const sorted = (xs: ReturnType<typeof dayDeltas>) => [...xs].sort((x, y) => x.seq - y.seq || x.day - y.day);

describe('dayDeltas: what a bulk bucket write changes in the day roll-ups', () => {
  it.each<[string, SeqBucket[], SeqBucket[], ReturnType<typeof dayDeltas>]>([
    ['a new bucket adds its counts', [b(1, D0 + 300_000, 2, 100)], [], [{ seq: 1, day: D0, bad: 2, total: 100, buckets: 1, missingBuckets: 0 }]],
    ['a missing bucket counts as missing only', [b(1, D0, 0, 0, true)], [], [{ seq: 1, day: D0, bad: 0, total: 0, buckets: 0, missingBuckets: 1 }]],
    ['re-sampling a missing bucket swaps missing for data', [b(1, D0, 1, 50)], [b(1, D0, 0, 0, true)], [{ seq: 1, day: D0, bad: 1, total: 50, buckets: 1, missingBuckets: -1 }]],
    ['overwriting data moves by the difference', [b(1, D0, 3, 120)], [b(1, D0, 1, 100)], [{ seq: 1, day: D0, bad: 2, total: 20, buckets: 0, missingBuckets: 0 }]],
    [
      'buckets of two days and two SLOs go to their own rows',
      [b(1, D0 + DAY - 300_000, 1, 10), b(1, D0 + DAY, 2, 20), b(2, D0, 4, 40)],
      [],
      [
        { seq: 1, day: D0, bad: 1, total: 10, buckets: 1, missingBuckets: 0 },
        { seq: 1, day: D0 + DAY, bad: 2, total: 20, buckets: 1, missingBuckets: 0 },
        { seq: 2, day: D0, bad: 4, total: 40, buckets: 1, missingBuckets: 0 },
      ],
    ],
  ])('%s', (_name, written, previous, want) => {
    expect(sorted(dayDeltas(written, previous))).toEqual(want);
  });
});
