import { describe, expect, it } from 'vitest';
import { Evaluator } from './promql/evaluator';
import { bucketQuantile } from './promql/functions';
import { PromQLError } from './promql/language';
import { parseDurationMs } from './promql/lexer';
import { matches, type Labels, type Matcher, type SeriesSource } from './promql/series';

// Counters that grow linearly (rate per second), one of them resetting every 2 minutes.
const linear = (perSecond: number) => (t: number) => (t / 1000) * perSecond;
const SERIES: Array<{ labels: Labels; valueAt: (t: number) => number | undefined }> = [
  { labels: { __name__: 'http_requests_total', job: 'a', code: '200' }, valueAt: linear(9) },
  { labels: { __name__: 'http_requests_total', job: 'a', code: '500' }, valueAt: linear(1) },
  { labels: { __name__: 'http_requests_total', job: 'b', code: '200' }, valueAt: linear(5) },
  { labels: { __name__: 'lat_bucket', job: 'a', le: '0.1' }, valueAt: linear(6) },
  { labels: { __name__: 'lat_bucket', job: 'a', le: '0.5' }, valueAt: linear(9) },
  { labels: { __name__: 'lat_bucket', job: 'a', le: '+Inf' }, valueAt: linear(10) },
  { labels: { __name__: 'restarts_total', job: 'c' }, valueAt: (t) => ((t % 120_000) / 1000) * 2 },
  { labels: { __name__: 'gauge', job: 'a' }, valueAt: () => 42 },
];
const source: SeriesSource = { scrapeMs: 30_000, select: (m: readonly Matcher[]) => SERIES.filter((s) => matches(s.labels, m)) };
const T = 3_600_000;
const ev = new Evaluator(source);

/** Result as sorted "labels=value" strings, value rounded to 6 decimals. */
function run(q: string): string[] | number {
  const v = ev.instant(q, T);
  if (v.kind === 'scalar') return v.value;
  return v.samples.map((s) => `${JSON.stringify(s.labels)}=${Math.round(s.value * 1e6) / 1e6}`).sort();
}

describe('PromQL subset', () => {
  it.each<[string, string[] | number]>([
    ['sum(rate(http_requests_total{job="a"}[5m]))', ['{}=10']],
    ['sum(increase(http_requests_total{job="a"}[5m]))', ['{}=3000']],
    ['sum by (job) (rate(http_requests_total[1m]))', ['{"job":"a"}=10', '{"job":"b"}=5']],
    ['sum(rate(http_requests_total[1m])) by (code)', ['{"code":"200"}=14', '{"code":"500"}=1']],
    ['sum(rate(http_requests_total{job="a",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="a"}[5m]))', ['{}=0.1']],
    ['sum(rate(http_requests_total{job="b",code=~"5.."}[5m])) or on() vector(0)', ['{}=0']],
    ['(sum(rate(http_requests_total{job="a",code=~"5.."}[5m]))) or on() vector(0)', ['{}=1']],
    ['clamp_min(sum(rate(http_requests_total{job="a"}[5m])) - sum(rate(http_requests_total{job="a",code="200"}[5m])), 0)', ['{}=1']],
    ['clamp_max(sum(rate(http_requests_total{job="a"}[5m])), 3)', ['{}=3']],
    ['sum(rate(http_requests_total{job="a"}[5m])) > 0', ['{}=10']],
    ['sum(rate(http_requests_total{job="zzz"}[5m])) > 0', []],
    ['(sum(rate(http_requests_total{job="a",code="500"}[5m])) / sum(rate(http_requests_total{job="a"}[5m]))) >= 0', ['{}=0.1']],
    // Like Prometheus, the growth between the last scrape before a reset and the reset is lost.
    ['rate(restarts_total[10m])', ['{"job":"c"}=1.5']],
    ['increase(restarts_total[5m])', ['{"job":"c"}=420']],
    ['histogram_quantile(0.6, sum by (le) (rate(lat_bucket{job="a"}[5m])))', ['{}=0.1']],
    ['histogram_quantile(0.5, sum by (le) (rate(lat_bucket{job="a"}[5m])))', ['{}=0.083333']],
    ['histogram_quantile(0.75, sum by (le) (rate(lat_bucket{job="a"}[5m])))', ['{}=0.3']],
    ['histogram_quantile(0.99, sum by (le) (rate(lat_bucket{job="a"}[5m])))', ['{}=0.5']],
    ['gauge', ['{"__name__":"gauge","job":"a"}=42']],
    ['gauge > 40', ['{"__name__":"gauge","job":"a"}=42']],
    ['gauge * 2', ['{"job":"a"}=84']],
    ['-gauge', ['{"job":"a"}=-42']],
    ['gauge > bool 50', ['{"job":"a"}=0']],
    ['count(http_requests_total)', ['{}=3']],
    ['max by (job) (rate(http_requests_total[5m]))', ['{"job":"a"}=9', '{"job":"b"}=5']],
    ['sum by (job) (rate(http_requests_total{code="200"}[5m])) / sum by (job) (rate(http_requests_total[5m]))', ['{"job":"a"}=0.9', '{"job":"b"}=1']],
    ['sum by (job) (rate(http_requests_total[5m])) unless sum by (job) (rate(http_requests_total{code="500"}[5m]))', ['{"job":"b"}=5']],
    ['vector(1) + vector(2)', ['{}=3']],
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['nothing_here', []],
    // Runwell's batched sampler: each SLO's expression tagged, joined with or.
    ['label_replace(sum(rate(http_requests_total{job="a"}[5m])), "k", "0.b", "", "") or label_replace(sum(rate(http_requests_total{job="b"}[5m])), "k", "0.t", "", "")', ['{"k":"0.b"}=10', '{"k":"0.t"}=5']],
    ['label_replace(gauge, "team", "t-$1", "job", "(.*)")', ['{"__name__":"gauge","job":"a","team":"t-a"}=42']],
    ['label_replace(gauge, "job", "", "job", "a")', ['{"__name__":"gauge"}=42']],
    ['label_replace(gauge, "x", "y", "job", "b")', ['{"__name__":"gauge","job":"a"}=42']],
  ])('%s', (q, want) => {
    expect(run(q)).toEqual(want);
  });

  it.each([
    ['topk(3, http_requests_total)', 'unsupported in the simulator: function topk()'],
    ['label_replace(gauge, "a", "b", "c")', 'takes 5 argument(s)'],
    ['"text"', 'a string can only be an argument'],
    ['sum without (code) (http_requests_total)', 'unsupported in the simulator: sum without'],
    ['rate(http_requests_total[5m] offset 1h)', 'unsupported in the simulator: offset'],
    ['rate(sum(http_requests_total)[5m])', 'subqueries'],
    ['a / on(job) group_left b', 'group_left'],
    ['rate(http_requests_total)', 'needs a range vector'],
    ['http_requests_total[5m]', 'range vector can only be'],
    ['sum(http_requests_total', 'expected ")"'],
    ['http_requests_total{job=a}', 'quoted label value'],
    ['http_requests_total / on(job) http_requests_total', 'many-to-many'],
    ['rate(http_requests_total[5m:1m])', 'subqueries'],
    ['1 > 2', 'bool modifier'],
    ['rate(x[5q])', 'expected a duration'],
  ])('rejects %s', (q, message) => {
    expect(() => ev.instant(q, T)).toThrow(PromQLError);
    expect(() => ev.instant(q, T)).toThrow(message);
  });

  it.each([
    ['5m', 300_000],
    ['1h30m', 5_400_000],
    ['30d', 2_592_000_000],
    ['250ms', 250],
  ])('duration %s', (d, ms) => {
    expect(parseDurationMs(d)).toBe(ms);
  });

  it.each([
    [0.5, [{ le: 1, v: 50 }, { le: 2, v: 100 }, { le: Infinity, v: 100 }], 1],
    [0.9, [{ le: 1, v: 50 }, { le: 2, v: 100 }, { le: Infinity, v: 100 }], 1.8],
    [0.99, [{ le: 1, v: 50 }, { le: Infinity, v: 100 }], 1],
    [0.5, [{ le: 1, v: 0 }, { le: Infinity, v: 0 }], NaN],
    [0.5, [{ le: 1, v: 10 }], NaN],
  ])('bucketQuantile(%s)', (q, buckets, want) => {
    const got = bucketQuantile(q, buckets);
    if (Number.isNaN(want)) expect(got).toBeNaN();
    else expect(got).toBeCloseTo(want, 9);
  });
});
