import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS_BACKENDS } from '@/tests/setup/metrics-backends';
import type { RunningPrometheus } from '@/tests/setup/prometheus';
import { queryRange, sumByTimestamp, type PrometheusTarget } from '../integrations/prometheus/client';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import { bucketFromSamples, bucketQueries, bucketStarts } from './slo-sampling.compute';

// Bucket counts from real scrapes, which are neither on bucket edges nor
// regular: one a minute at second 17, +-2 s jitter, one missed every 30
// minutes just before a bucket starts, a counter reset. Ground truth: an
// increment counts in the bucket of the first sample that shows it. Prometheus
// extrapolates each bucket's increase; VictoriaMetrics' increase is exact, but
// its rate divides by the time between samples, which is why the sampler asks
// for increase()/300 instead of rate() (rate-as-increase.compute.ts;
// docs/slo.md, "Prometheus-compatible stores"). Also: a counter scraped once
// per bucket, and one first scraped mid-bucket at a large value.

const FIVE_MIN = 5 * MINUTE_MS;
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / FIVE_MIN) * FIVE_MIN;
const START = T0 - 2 * DAY_MS;
const MINUTES = (T0 - START) / MINUTE_MS;
const RESET_AT = 1440 + 333;

let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
const jitter = Array.from({ length: MINUTES }, () => Math.round((random() * 2 - 1) * 2000));
const missed = (m: number) => m % 30 === 4;
const perMinute = (m: number) => 100 + (m % 7) * 10 + (m % 40 === 0 ? 2 : 0);
const scrapeAt = (m: number) => START + m * MINUTE_MS + 17_000 + jitter[m]!;

function samples(): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let value = 0;
  for (let m = 0; m < MINUTES; m++) {
    if (m === RESET_AT) value = 0;
    if (m > 0) value += perMinute(m);
    if (!missed(m)) out.push([scrapeAt(m), value]);
  }
  return out;
}

function groundTruth(from: number, to: number): number {
  let count = 0;
  let pending = 0;
  for (let m = 1; m < MINUTES; m++) {
    pending += perMinute(m);
    if (missed(m)) continue;
    if (scrapeAt(m) > from && scrapeAt(m) <= to) count += pending;
    pending = 0;
  }
  return count;
}

const sli = { type: 'events' as const, errorQuery: 'sum(rate(scraped_errors_total[{{.window}}]))', totalQuery: 'sum(rate(scraped_total[{{.window}}]))' };
// The last day, whole buckets with scrapes on both sides.
const FROM = T0 - DAY_MS;
const TO = T0 - FIVE_MIN;

describe.each(METRICS_BACKENDS)('bucket counts from irregular scrapes on $name', (backend) => {
  let store: RunningPrometheus;
  let target: PrometheusTarget;

  beforeAll(async () => {
    store = await backend.start([
      { name: 'scraped_total', labels: { job: 'app' }, samples: samples() },
      // Scraped every 5 minutes (at second 17): one sample per bucket.
      { name: 'sparse_total', samples: Array.from({ length: 12 * 24 }, (_, k) => [FROM + k * FIVE_MIN + 17_000, 500 * k] as [number, number]) },
      // First scraped 2m17s into a bucket, already at 50,000 (a long-running process found by a new scrape config).
      { name: 'found_total', samples: Array.from({ length: 60 }, (_, k) => [FROM + 137_000 + k * MINUTE_MS, 50_000 + 100 * k] as [number, number]) },
    ]);
    target = { url: store.url, auth: { kind: 'none' } };
  }, 120_000);

  afterAll(async () => {
    await store?.stop();
  });

  /** The sampler's counts per bucket start for `expr` (a per-second expression). */
  async function counts(expr: string): Promise<Map<number, number>> {
    const q = bucketQueries(sli, FIVE_MIN);
    if (q.kind !== 'events') throw new Error('events SLI expected');
    const values = sumByTimestamp(await queryRange(target, expr, FROM + FIVE_MIN, TO, FIVE_MIN));
    const out = new Map<number, number>();
    for (const s of bucketStarts(FROM, TO, FIVE_MIN)) {
      const b = bucketFromSamples(q, s, { total: values.get(s + FIVE_MIN) });
      if (!('missing' in b)) out.set(s, b.total);
    }
    return out;
  }

  it('the sampler’s counts against the ground truth', async () => {
    const q = bucketQueries(sli, FIVE_MIN);
    if (q.kind !== 'events') throw new Error('events SLI expected');
    const sampled = await counts(q.total);
    const asRate = await counts('sum(rate(scraped_total[5m]))');
    const starts = bucketStarts(FROM, TO, FIVE_MIN);
    expect(sampled.size).toBe(starts.length);
    const truth = starts.map((s) => groundTruth(s, s + FIVE_MIN));
    const sum = starts.reduce((acc, s) => acc + sampled.get(s)!, 0);
    const truthSum = truth.reduce((a, b) => a + b, 0);
    const worst = (m: Map<number, number>) => Math.max(...starts.map((s, i) => Math.abs(m.get(s)! - truth[i]!) / truth[i]!));
    if (backend.name === 'VictoriaMetrics') {
      // increase() is exact per bucket, so the window telescopes to the truth.
      expect(worst(sampled)).toBeLessThan(1e-12);
      expect(sum).toBeCloseTo(truthSum, 6);
      // rate() x 300 would not be: measured up to 27 % off in one bucket.
      expect(worst(asRate)).toBeGreaterThan(0.1);
    } else {
      // Prometheus: the rewrite gives what rate() x 300 gives ...
      for (const s of starts) expect(sampled.get(s)!).toBeCloseTo(asRate.get(s)!, 6);
      // ... which extrapolates each bucket: measured up to 26 % off in one
      // bucket and 4.1 % short over the day (scrapes missed at bucket edges).
      expect(worst(sampled)).toBeGreaterThan(0.01);
      expect(Math.abs(sum - truthSum) / truthSum).toBeLessThan(0.06);
    }
  });

  it('a counter scraped once per bucket, and one that appears mid-bucket with a large value', async () => {
    const starts = bucketStarts(FROM, FROM + 6 * FIVE_MIN, FIVE_MIN);
    const sparse = sumByTimestamp(await queryRange(target, 'sum((increase(sparse_total[5m]) / 300))', FROM + FIVE_MIN, FROM + 6 * FIVE_MIN, FIVE_MIN));
    const found = sumByTimestamp(await queryRange(target, 'sum((increase(found_total[5m]) / 300))', FROM + FIVE_MIN, FROM + 6 * FIVE_MIN, FIVE_MIN));
    const counts = (m: Map<number, number>) => starts.map((s) => (m.has(s + FIVE_MIN) ? Math.round(m.get(s + FIVE_MIN)! * 300 * 100) / 100 : null));
    if (backend.name === 'VictoriaMetrics') {
      // The sample before the window counts: 500 a bucket once there is one (the first has none).
      expect(counts(sparse)).toEqual([0, 500, 500, 500, 500, 500]);
      // Only what the samples show: 3 samples in the first bucket, 200; never the 50,000 it started at.
      expect(counts(found)).toEqual([200, 500, 500, 500, 500, 500]);
    } else {
      // One sample in a 5-minute window is no rate: every bucket missing.
      expect(counts(sparse)).toEqual([null, null, null, null, null, null]);
      // Extrapolated towards the bucket's start (2m17s of 5m away).
      expect(counts(found)[0]).toBeCloseTo(321.67, 2);
      expect(counts(found).slice(1)).toEqual([500, 500, 500, 500, 500]);
    }
  });
});
