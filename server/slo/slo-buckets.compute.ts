import { DAY_MS, parseDuration } from '../lib/duration';
import type { Slo } from './slo.schema';
import { windowBounds } from './slo-windows.compute';

// Stored SLI data: event COUNTS per fixed-size time bucket, never ratios (ratios
// cannot be re-aggregated into a window; counts can).
//
// Bucket size. Any fixed size that is a whole number of seconds works; we
// recommend 5 minutes:
//  - it is the shortest alert window, so every burn rate (5m ... 3d) is a whole
//    number of buckets; 1 h buckets could not answer the 5m/30m windows;
//  - it divides 15 minutes, and every real UTC offset is a multiple of 15
//    minutes (+05:45 Nepal, +08:45 Eucla), so calendar periods starting at local
//    midnight begin exactly on a bucket boundary in every time zone;
//  - 8,640 buckets per SLO per 30 days (25,920 per quarter; ~105k a year) of
//    three numbers each: small rows, and one sampler query per SLO every 5 minutes.
//    1-minute buckets would be 43,200 rows per 30 days (5x storage and sampler
//    queries) for resolution the alert windows do not need.
// The math below takes the size as a parameter and works for any size; windows
// shorter than a bucket are reported as "too-coarse" instead of guessed.
export const RECOMMENDED_BUCKET_MS = 5 * 60_000;

/**
 * One bucket [start, start + bucketMs) as stored. `start` is epoch milliseconds,
 * a multiple of the bucket size. Counts may be fractional (rate x seconds). A
 * bucket the sampler could not fill is stored as `missing` - never as zeros,
 * which would read as "no traffic". Buckets absent from the input are missing
 * too. For a raw error-ratio SLI the sampler stores `{ bad: ratio, total: 1 }`
 * (a time-weighted ratio).
 */
export type CountBucket =
  | { start: number; good: number; total: number }
  | { start: number; bad: number; total: number }
  | { start: number; missing: true };

/** A bucket after normalisation: bad events and total events, or missing. */
export type Slot = { start: number; missing: boolean; bad: number; total: number };

export type BucketIndex = {
  bucketMs: number;
  get(start: number): Slot | undefined;
  /** Buckets whose bad/good count exceeded total (or was negative) and were clamped. */
  clamped: number;
};

export function indexBuckets(buckets: readonly CountBucket[], bucketMs: number): BucketIndex {
  if (!Number.isInteger(bucketMs) || bucketMs <= 0 || bucketMs % 1000 !== 0) {
    throw new RangeError(`bucket size must be a whole number of seconds, got ${bucketMs} ms`);
  }
  const map = new Map<number, Slot>();
  let clamped = 0;
  for (const b of buckets) {
    if (!Number.isFinite(b.start) || b.start % bucketMs !== 0) {
      throw new RangeError(`bucket start ${b.start} is not aligned to the ${bucketMs} ms bucket size`);
    }
    if (map.has(b.start)) throw new RangeError(`two buckets start at ${new Date(b.start).toISOString()}`);
    if ('missing' in b) {
      map.set(b.start, { start: b.start, missing: true, bad: 0, total: 0 });
      continue;
    }
    const total = b.total;
    const rawBad = 'bad' in b ? b.bad : total - b.good;
    if (![total, rawBad].every(Number.isFinite) || total < 0) {
      throw new RangeError(`bucket ${new Date(b.start).toISOString()} has invalid counts`);
    }
    // Sampling skew can put good a hair above total; keep 0 <= bad <= total.
    const bad = Math.min(Math.max(rawBad, 0), total);
    if (bad !== rawBad) clamped++;
    map.set(b.start, { start: b.start, missing: false, bad, total });
  }
  return { bucketMs, get: (start) => map.get(start), clamped };
}

/** A run of bucket slots over [from, to), clipped at `now`; absent buckets become missing slots. */
export type SlotSpan = Slot & { durationMs: number };

export function slotsBetween(index: BucketIndex, from: number, to: number, now: number): SlotSpan[] {
  const g = index.bucketMs;
  const end = Math.min(to, now);
  const out: SlotSpan[] = [];
  for (let s = Math.ceil(from / g) * g; s < end; s += g) {
    const slot = index.get(s) ?? { start: s, missing: true, bad: 0, total: 0 };
    out.push({ ...slot, durationMs: Math.min(g, end - s) });
  }
  return out;
}

/**
 * The time range of buckets the budget report reads for `slo` at `now`: the
 * window, and the 3 days before `now` for the burn-rate windows (which may reach
 * back before a calendar period's start).
 */
export function bucketRangeFor(slo: Pick<Slo, 'window'>, now: number): { from: number; to: number } {
  const w = windowBounds(slo.window, now);
  return { from: Math.min(w.start, now - 3 * DAY_MS), to: now };
}

/** Time-slice length for slice-based budgeting, checked against the bucket size. */
export function sliceMs(timesliceSize: string, bucketMs: number): number {
  const ms = parseDuration(timesliceSize);
  if (ms % bucketMs !== 0) {
    throw new RangeError(`the time-slice size ${timesliceSize} is not a whole number of ${bucketMs / 1000}s buckets`);
  }
  return ms;
}

export type SeqBucket = { seq: number; start: number; bad: number; total: number; missing: boolean };
export type DayDelta = { seq: number; day: number; bad: number; total: number; buckets: number; missingBuckets: number };

const dayOf = (start: number) => Math.floor(start / DAY_MS) * DAY_MS;

function contribution(b: SeqBucket, sign: 1 | -1) {
  return b.missing ? { bad: 0, total: 0, buckets: 0, missingBuckets: sign } : { bad: sign * b.bad, total: sign * b.total, buckets: sign, missingBuckets: 0 };
}

/**
 * What writing `written` (over `previous`, the rows they overwrite) changes in
 * each SLO's UTC-day roll-up: the new buckets' sums less the old ones'. The
 * sampler adds these to the day rows instead of re-summing whole days.
 */
export function dayDeltas(written: readonly SeqBucket[], previous: readonly SeqBucket[]): DayDelta[] {
  const out = new Map<string, DayDelta>();
  const add = (b: SeqBucket, sign: 1 | -1) => {
    const day = dayOf(b.start);
    const key = `${b.seq}:${day}`;
    const d = out.get(key) ?? { seq: b.seq, day, bad: 0, total: 0, buckets: 0, missingBuckets: 0 };
    const c = contribution(b, sign);
    d.bad += c.bad;
    d.total += c.total;
    d.buckets += c.buckets;
    d.missingBuckets += c.missingBuckets;
    out.set(key, d);
  };
  for (const b of previous) add(b, -1);
  for (const b of written) add(b, 1);
  return [...out.values()];
}
