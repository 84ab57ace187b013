// The simulator's Prometheus API over real HTTP, through Runwell's own
// Prometheus client (the one the SLI sampler, golden signals and "Test
// connection" use): POST form queries, buildinfo, bad_data errors, bearer auth.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildInfo, PrometheusError, queryInstant, queryRange, sumByTimestamp } from '@/server/integrations/prometheus/client';
import { bucketQueries } from '@/server/slo/slo-sampling.compute';
import { DEFAULT_GOLDEN_QUERIES, renderGoldenQuery } from '@/server/slo/golden-signals.schema';
import { startSimulator, type Simulator } from '@/simulator';

const NOW = Date.parse('2026-11-01T12:00:00Z');
let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'shop', now: NOW, token: 'sim-token' });
});
afterAll(async () => {
  await sim.close();
});

const target = () => ({ url: sim.prometheusUrl, auth: { kind: 'bearer' as const, token: 'sim-token' } });

describe('simulated Prometheus', () => {
  it('answers buildinfo (Test connection)', async () => {
    expect((await buildInfo(target())).version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('refuses a wrong token like the cluster does', async () => {
    await expect(buildInfo({ url: sim.prometheusUrl, auth: { kind: 'bearer', token: 'nope' } })).rejects.toMatchObject({ kind: 'auth' });
  });

  it('answers the SLI sampler queries of an events SLO over a day of 5 m buckets', async () => {
    const q = bucketQueries(
      { type: 'events', errorQuery: 'sum(rate(http_requests_total{job="checkout-api",status=~"5.."}[{{.window}}]))', totalQuery: 'sum(rate(http_requests_total{job="checkout-api"}[{{.window}}]))' },
      300_000,
    );
    if (q.kind !== 'events') throw new Error('expected events queries');
    const end = Math.floor(NOW / 300_000) * 300_000;
    const [bad, total] = await Promise.all([queryRange(target(), q.bad, end - 86_400_000, end, 300_000), queryRange(target(), q.total, end - 86_400_000, end, 300_000)]);
    const b = sumByTimestamp(bad);
    const t = sumByTimestamp(total);
    expect(t.size).toBe(289);
    expect(b.size).toBe(289);
    for (const [ts, v] of t) {
      expect(v).toBeGreaterThan(0);
      expect(b.get(ts)!).toBeLessThan(v);
    }
  });

  it.each(Object.entries(DEFAULT_GOLDEN_QUERIES))('answers the golden-signal default %s', async (_key, query) => {
    const series = await queryRange(target(), renderGoldenQuery(query, 'job="checkout-web"', 0.99), NOW - 3_600_000, NOW, 60_000);
    expect(series.length).toBeGreaterThan(0);
    expect(series[0]!.points.length).toBeGreaterThan(50);
  });

  it('answers an instant query', async () => {
    const [s] = await queryInstant(target(), 'sum(rate(http_requests_total{job="web-frontend"}[5m]))', NOW);
    expect(s!.value).toBeGreaterThan(10);
  });

  it('rejects unsupported PromQL as bad_query, naming what is unsupported', async () => {
    const err = await queryInstant(target(), 'topk(3, http_requests_total)', NOW).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrometheusError);
    expect(err).toMatchObject({ kind: 'bad_query', message: expect.stringContaining('function topk()') });
  });
});
