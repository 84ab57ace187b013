import { describe, expect, it } from 'vitest';
import { answerPrometheus, SIMULATED_PROMETHEUS_VERSION } from './prom-api';
import { SHOP_SERVICES, ShopSeries, shareUnder } from './prom-series';
import { Evaluator } from './promql/evaluator';

const DAY = 86_400_000;
// A fixed "now" on a 30 s boundary so results do not depend on when the test runs.
const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const series = new ShopSeries({ seed: 'runwell', clock: () => NOW });
const ev = new Evaluator(series);
const scalar = (q: string, t = NOW): number | undefined => {
  const v = ev.instant(q, t);
  if (v.kind === 'scalar') return v.value;
  return v.samples[0]?.value;
};

describe('synthetic shop series', () => {
  it.each(SHOP_SERVICES.map((p) => [p.job, p] as const))('%s: counters only go down at its restarts', (_job, p) => {
    const [s] = series.select([{ name: '__name__', op: '=', value: 'http_requests_total' }, { name: 'job', op: '=', value: p.job }, { name: 'code', op: '=', value: '200' }]);
    let prev = -1;
    for (let t = NOW - 2 * DAY; t <= NOW; t += 30_000) {
      const v = s!.valueAt(t)!;
      if (v < prev) expect(series.lastReset(p, t)).toBeGreaterThan(t - 30_000);
      prev = v;
    }
    expect(prev).toBeGreaterThan(0);
  });

  it('the same seed gives the same values; another seed does not', () => {
    const again = new Evaluator(new ShopSeries({ seed: 'runwell', clock: () => NOW }));
    const other = new Evaluator(new ShopSeries({ seed: 'other', clock: () => NOW }));
    const q = 'sum(increase(http_requests_total{job="checkout-api",code=~"5.."}[30d]))';
    const v = (e: Evaluator) => (e.instant(q, NOW) as { samples: Array<{ value: number }> }).samples[0]!.value;
    expect(v(again)).toBe(scalar(q));
    expect(v(other)).not.toBe(scalar(q));
  });

  it.each(SHOP_SERVICES.map((p) => [p.job, p.rps] as const))('%s: a day of traffic averages its profile rps', (job, rps) => {
    const perSecond = scalar(`sum(increase(http_requests_total{job="${job}"}[1d]))`)! / 86_400;
    // Up to a restart's lost scrape and the slower wobbles.
    expect(perSecond).toBeGreaterThan(rps * 0.85);
    expect(perSecond).toBeLessThan(rps * 1.15);
  });

  it('traffic peaks in the afternoon and is quiet at night (UTC)', () => {
    const at = (h: number) => scalar('sum(rate(http_requests_total{job="web-frontend"}[5m]))', Date.UTC(2026, 10, 19, h))!;
    expect(at(15)).toBeGreaterThan(at(3) * 1.8);
  });

  it('error ratios differ across services over a week', () => {
    const ratios = SHOP_SERVICES.map((p) => scalar(`sum(increase(http_requests_total{job="${p.job}",status=~"5.."}[7d])) / sum(increase(http_requests_total{job="${p.job}"}[7d]))`)!);
    expect(new Set(ratios.map((r) => r.toFixed(5))).size).toBe(ratios.length);
    expect(Math.max(...ratios)).toBeGreaterThan(Math.min(...ratios) * 5);
  }, 60_000);

  it('an error incident shows as a spike in the 5xx ratio', () => {
    const p = SHOP_SERVICES.find((s) => s.job === 'checkout-api')!;
    const incident = series.incidents(p, NOW - 28 * DAY, NOW - DAY).find((i) => i.kind === 'errors');
    expect(incident).toBeDefined();
    const q = 'sum(rate(http_requests_total{job="checkout-api",code=~"5.."}[5m])) / sum(rate(http_requests_total{job="checkout-api"}[5m]))';
    const mid = Math.floor((incident!.from + incident!.to) / 2 / 30_000) * 30_000;
    expect(scalar(q, mid)).toBeGreaterThan(0.015);
    expect(scalar(q, incident!.from - 3_600_000)).toBeLessThan(0.005);
  });

  it('a latency regression moves the p99 up', () => {
    const p = SHOP_SERVICES.find((s) => s.job === 'payment-service')!;
    const incident = series.incidents(p, NOW - 28 * DAY, NOW - DAY).find((i) => i.kind === 'latency');
    expect(incident).toBeDefined();
    const q = 'histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="payment-service"}[5m])))';
    const mid = Math.floor((incident!.from + incident!.to) / 2 / 30_000) * 30_000;
    expect(scalar(q, mid)!).toBeGreaterThan(scalar(q, incident!.from - 3_600_000)! * 1.5);
  });

  it('CPU throttling is a ratio between 0 and 1', () => {
    const v = scalar('sum(rate(container_cpu_cfs_throttled_periods_total{job="search-api"}[5m])) / sum(rate(container_cpu_cfs_periods_total{job="search-api"}[5m]))')!;
    expect(v).toBeGreaterThan(0);
    expect(v).toBeLessThan(0.1);
  });

  it('has no samples in the future or beyond retention', () => {
    expect(scalar('sum(rate(http_requests_total{job="web-frontend"}[5m]))', NOW + 3_600_000)).toBeUndefined();
    expect(scalar('sum(rate(http_requests_total{job="web-frontend"}[5m]))', NOW - 40 * DAY)).toBeUndefined();
  });

  it.each([
    [0.1, 0.1, 0.5],
    [0.2, 0.1, 0.917],
    [0.05, 0.1, 0.083],
  ])('shareUnder(%s, median %s) ≈ %s', (le, median, want) => {
    expect(shareUnder(le, median)).toBeCloseTo(want, 2);
  });
});

describe('Prometheus API answers', () => {
  const params = (o: Record<string, string>) => new URLSearchParams(o);

  it.each<[string, Record<string, string>, number, unknown]>([
    ['/api/v1/status/buildinfo', {}, 200, { status: 'success', data: expect.objectContaining({ version: SIMULATED_PROMETHEUS_VERSION }) }],
    ['/api/v1/query', { query: 'vector(1)', time: String(NOW / 1000) }, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [NOW / 1000, '1'] }] } }],
    ['/api/v1/query', { query: '1 + 1', time: String(NOW / 1000) }, 200, { status: 'success', data: { resultType: 'scalar', result: [NOW / 1000, '2'] } }],
    ['/api/v1/query', { query: 'vector(1) / vector(0)', time: String(NOW / 1000) }, 200, { status: 'success', data: { resultType: 'vector', result: [{ metric: {}, value: [NOW / 1000, '+Inf'] }] } }],
    ['/api/v1/query', {}, 400, { status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": missing' }],
    ['/api/v1/query', { query: 'predict_linear(x[1h], 3600)' }, 400, { status: 'error', errorType: 'bad_data', error: 'unsupported in the simulator: function predict_linear()' }],
    ['/api/v1/query_range', { query: 'vector(1)', start: '100', end: '50', step: '10' }, 400, expect.objectContaining({ error: 'end timestamp must not be before start time' })],
    ['/api/v1/query_range', { query: 'vector(1)', start: '0', end: '1000000', step: '1' }, 400, expect.objectContaining({ errorType: 'bad_data' })],
    ['/api/v1/labels', {}, 404, expect.objectContaining({ error: expect.stringContaining('unsupported in the simulator') })],
  ])('%s %j', (path, p, status, body) => {
    const a = answerPrometheus(path, params(p), series, NOW);
    expect(a.status).toBe(status);
    expect(a.body).toEqual(body);
  });

  it('query_range returns one series per label set with a point per step', () => {
    const a = answerPrometheus('/api/v1/query_range', params({ query: 'sum by (code) (rate(http_requests_total{job="cart-service"}[5m]))', start: String((NOW - 3_600_000) / 1000), end: String(NOW / 1000), step: '300' }), series, NOW);
    const data = (a.body as { data: { resultType: string; result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } }).data;
    expect(data.resultType).toBe('matrix');
    expect(data.result.map((r) => r.metric.code).sort()).toEqual(['200', '404', '500', '503']);
    for (const r of data.result) expect(r.values).toHaveLength(13);
  });
});
