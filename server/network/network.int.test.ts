import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type RunningPrometheus } from '@/tests/setup/prometheus';
import { counterSamples, gaugeOpenMetrics, histogramSeries } from '@/tests/setup/ops-prometheus';
import { suffix, systemCtx } from '@/tests/setup/actors';
import { getPrisma } from '@/server/db';
import { createDataSource } from '../datasources/datasources.service';
import { evaluateDomains } from '../domains/evaluate.service';
import { saveTemplate } from '../domains/promql-templates.service';
import { networkPage, networkStripTile } from './network.service';

// Network signals from a REAL Prometheus holding an hour of CoreDNS,
// ingress-nginx and Hubble series with known rates: the page bands them, the
// evaluate job raises their alerts through the pipeline once, and a template
// changed for the data source changes what is read.

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const tag = suffix();
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
let prom: RunningPrometheus;
let dataSourceId = '';
const dsName = `net-${tag}`;
const ingressName = `shop-${tag}`;

beforeAll(async () => {
  const fast: Array<[string, number]> = [['0.002', 0.6], ['0.016', 0.995], ['0.064', 1], ['0.256', 1], ['+Inf', 1]];
  const slow: Array<[string, number]> = [['0.002', 0.05], ['0.016', 0.2], ['0.064', 0.6], ['0.256', 0.9], ['0.512', 0.995], ['+Inf', 1]];
  prom = await startPrometheus({
    openMetrics: gaugeOpenMetrics([
      ...histogramSeries('coredns_dns_request_duration_seconds', { pod: 'coredns-fast' }, 100, fast, T0),
      ...histogramSeries('coredns_dns_request_duration_seconds', { pod: 'coredns-slow' }, 100, slow, T0),
      { name: 'nginx_ingress_controller_requests', labels: { namespace: 'shop', ingress: ingressName, status: '200' }, samples: counterSamples(94, T0) },
      { name: 'nginx_ingress_controller_requests', labels: { namespace: 'shop', ingress: ingressName, status: '502' }, samples: counterSamples(6, T0) },
      { name: 'nginx_ingress_controller_requests', labels: { namespace: 'shop', ingress: 'quiet', status: '200' }, samples: counterSamples(50, T0) },
      { name: 'hubble_drop_total', labels: { node: 'node-a', reason: 'CT_MAP_INSERTION_FAILED' }, samples: counterSamples(14, T0) },
      { name: 'hubble_drop_total', labels: { node: 'node-b', reason: 'POLICY_DENIED' }, samples: counterSamples(0.05, T0) },
    ]),
  });
  dataSourceId = (await createDataSource(systemCtx, { name: dsName, url: prom.url, authKind: 'none' })).id;
}, 120_000);

afterAll(async () => {
  await getPrisma().prometheusDataSource.deleteMany({ where: { id: dataSourceId } });
  await prom?.stop();
});

const mine = <T extends { dataSource: string }>(rows: readonly T[]) => rows.filter((r) => r.dataSource === dsName);

describe('network operations against a real Prometheus', () => {
  it('reads DNS p99, the 5xx share and drops, worst first', async () => {
    const page = await networkPage(systemCtx, {}, T0);
    const rows = mine(page.rows);
    expect(rows.map((r) => [r.signal, r.subject, r.status])).toEqual([
      // Worst first: within a band, by how far past the critical threshold (499/250 ms, 14/10 per s, 6/5 %).
      ['dns', 'coredns-slow', 'critical'],
      ['drops', 'node-a', 'critical'],
      ['ingress', `shop/${ingressName}`, 'critical'],
      ['dns', 'coredns-fast', 'ok'],
      ['drops', 'node-b', 'ok'],
      ['ingress', 'shop/quiet', 'ok'],
    ]);
    expect(rows.find((r) => r.subject === `shop/${ingressName}`)!.value).toBeCloseTo(0.06, 3);
    expect(rows.find((r) => r.subject === 'node-a')!.value).toBeCloseTo(14, 1);
    // p99 of the slow pod lies in the 256-512 ms bucket.
    const slow = rows.find((r) => r.subject === 'coredns-slow')!.value;
    expect(slow).toBeGreaterThan(0.256);
    expect(slow).toBeLessThan(0.512);
    expect(page.sources.find((s) => s.dataSource === dsName)!.errors).toEqual({});
  });

  it('raises the alerts once through the pipeline; the ingress one pages', async () => {
    const first = await evaluateDomains(T0, ['network']);
    expect(first.failed).toEqual([]);
    const alerts = await getPrisma().alert.findMany({ where: { labels: { path: ['datasource'], equals: dsName }, status: 'firing' }, orderBy: { alertname: 'asc' } });
    expect(alerts.map((a) => [a.alertname, (a.labels as Record<string, string>).severity])).toEqual([
      ['DnsLatencyHigh', 'critical'],
      ['IngressErrorsHigh', 'critical'],
      ['PacketDropsHigh', 'critical'],
    ]);
    expect((alerts[1]!.labels as Record<string, string>).customer_visible).toBe('true');
    const again = await evaluateDomains(T0 + 60_000, ['network']);
    expect(again.results[0]!.fresh).toBe(0);
    expect(await getPrisma().alert.count({ where: { labels: { path: ['datasource'], equals: dsName } } })).toBe(3);
    expect(await getPrisma().domainSnapshot.count({ where: { domain: 'network', scopeKey: 'org' } })).toBeGreaterThanOrEqual(1);
  }, 60_000);

  it('a template changed for the data source changes what is read; a broken one is refused', async () => {
    await expect(saveTemplate(systemCtx, { dataSourceId, key: 'network.drops', query: 'sum by (node (rate(hubble_drop_total[5m]))' })).rejects.toThrow(/balanced/);
    await saveTemplate(systemCtx, { dataSourceId, key: 'network.drops', query: 'sum by (node, reason) (rate(hubble_drop_total{reason!="CT_MAP_INSERTION_FAILED"}[5m]))' });
    const tile = await networkStripTile(systemCtx, {}, T0);
    expect(tile.domain).toBe('network');
    const page = await networkPage(systemCtx, { signal: 'drops' }, T0);
    expect(mine(page.rows).map((r) => r.subject)).toEqual(['node-b']);
    const audit = await getPrisma().auditLog.findFirst({ where: { action: 'datasource.promql_template', targetId: dataSourceId } });
    expect(audit).not.toBeNull();
  });
});
