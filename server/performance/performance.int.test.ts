import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type RunningPrometheus } from '@/tests/setup/prometheus';
import { counterSamples, gaugeOpenMetrics, gaugeSamples, histogramSeries } from '@/tests/setup/ops-prometheus';
import { suffix, systemCtx } from '@/tests/setup/actors';
import { getPrisma } from '@/server/db';
import { createDataSource } from '../datasources/datasources.service';
import { evaluateDomains } from '../domains/evaluate.service';
import { saveGoldenSignals } from '../slo/golden-signals.service';
import { performancePage, performanceStripTile } from './performance.service';

// Performance from a REAL Prometheus: two services' request histograms, CPU
// throttling counters and Go GC summaries with known values, read through
// each service's golden-signal queries (default queries, its own selector
// and data source); the evaluate job raises the tuning alerts once.

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const tag = suffix();
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
let prom: RunningPrometheus;
let dataSourceId = '';
const slow = `slow-${tag}`;
const fast = `fast-${tag}`;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const series = (job: string, shares: Array<[string, number]>, throttled: number, gcMax: number) => [
    ...histogramSeries('http_request_duration_seconds', { job }, 50, shares, T0),
    { name: 'container_cpu_cfs_periods_total', labels: { job }, samples: counterSamples(10, T0) },
    { name: 'container_cpu_cfs_throttled_periods_total', labels: { job }, samples: counterSamples(10 * throttled, T0) },
    { name: 'go_gc_duration_seconds', labels: { job, quantile: '1' }, samples: gaugeSamples(gcMax, T0) },
    { name: 'go_gc_duration_seconds', labels: { job, quantile: '0.5' }, samples: gaugeSamples(gcMax / 10, T0) },
  ];
  prom = await startPrometheus({
    openMetrics: gaugeOpenMetrics([
      // p99 between 1 and 2.5 s: critical.
      ...series(slow, [['0.1', 0.5], ['0.5', 0.9], ['1', 0.97], ['2.5', 1], ['+Inf', 1]], 0.6, 0.18),
      // p99 under 100 ms.
      ...series(fast, [['0.05', 0.9], ['0.1', 0.999], ['0.5', 1], ['+Inf', 1]], 0.02, 0.004),
    ]),
  });
  dataSourceId = (await createDataSource(systemCtx, { name: `perf-${tag}`, url: prom.url, authKind: 'none' })).id;
  const team = await getPrisma().team.create({ data: { slug: `perf-${tag}`, name: `Perf ${tag}` } });
  for (const slug of [slow, fast]) {
    const s = await getPrisma().service.create({ data: { slug, name: slug, tier: 'tier2', teamId: team.id } });
    ids[slug] = s.id;
    await saveGoldenSignals(systemCtx, { serviceId: s.id, dataSourceId, selector: `job="${slug}"` });
  }
}, 120_000);

afterAll(async () => {
  await getPrisma().prometheusDataSource.deleteMany({ where: { id: dataSourceId } });
  await prom?.stop();
});

describe('performance against a real Prometheus', () => {
  it('reads p99, saturation and GC per service through its golden-signal queries', async () => {
    const page = await performancePage(systemCtx, {}, T0);
    const bySlug = new Map(page.services.map((s) => [s.slug, s]));
    const s = bySlug.get(slow)!;
    expect(s.p99).toBeGreaterThan(1);
    expect(s.p99).toBeLessThan(2.5);
    expect(s.saturation).toBeCloseTo(0.6, 2);
    expect(s.gcPause).toBeCloseTo(0.18, 3);
    expect(s.worst).toBe('critical');
    expect(bySlug.get(fast)).toMatchObject({ worst: 'ok', gcPause: 0.004 });
    expect(bySlug.get(fast)!.p99).toBeLessThan(0.1);
    const mine = page.rows.filter((r) => r.service?.slug === slow);
    expect(mine.map((r) => [r.signal, r.status])).toEqual(expect.arrayContaining([['latency', 'critical'], ['saturation', 'critical'], ['gc', 'critical']]));
    const tile = await performanceStripTile(systemCtx, { serviceSlug: slow }, T0);
    expect(tile).toMatchObject({ domain: 'performance', status: 'critical', signal: 'request p99' });
  });

  it('raises the tuning alerts once, none paging', async () => {
    const first = await evaluateDomains(T0, ['performance']);
    expect(first.failed).toEqual([]);
    const alerts = await getPrisma().alert.findMany({ where: { labels: { path: ['service'], equals: slow } }, orderBy: { alertname: 'asc' } });
    expect(alerts.map((a) => [a.alertname, (a.labels as Record<string, string>).customer_visible])).toEqual([
      ['GcPauseHigh', 'false'],
      ['ServiceLatencyHigh', 'false'],
      ['ServiceSaturated', 'false'],
    ]);
    expect(await getPrisma().alert.count({ where: { labels: { path: ['service'], equals: fast } } })).toBe(0);
    const again = await evaluateDomains(T0 + 60_000, ['performance']);
    expect(again.results[0]!.fresh).toBe(0);
    expect(await getPrisma().page.count({ where: { alertId: { in: alerts.map((a) => a.id) } } })).toBe(0);
  }, 60_000);
});
