import { describe, expect, it } from 'vitest';
import { bandAlerts } from '../domains/ops-signals.compute';
import { NETWORK_ALERT_SPECS, evaluateNetwork, networkTile, networkTrendValues, type NetworkSource } from './network.compute';

const services = new Map([['search-api', { slug: 'search-api', name: 'Search API', team: 'search' }]]);
const src = (extra: Partial<NetworkSource>): NetworkSource => ({ dataSourceId: 'ds1', dataSource: 'shop-prom', clusterId: 'c1', ...extra });
const dns = (pod: string, value: number) => ({ metric: { pod }, value });
const ing = (namespace: string, ingress: string, value: number) => ({ metric: { namespace, ingress }, value });
const drop = (node: string, reason: string, value: number) => ({ metric: { node, reason }, value });

describe('network signals and thresholds', () => {
  it.each([
    // DNS p99 (seconds): warning from 100 ms, critical from 250 ms
    ['dns 14 ms is ok', src({ dns: [dns('a', 0.014)] }), 'ok', '14 ms'],
    ['dns 99 ms is ok', src({ dns: [dns('a', 0.099)] }), 'ok', '99 ms'],
    ['dns 100 ms is a warning', src({ dns: [dns('a', 0.1)] }), 'warning', '100 ms'],
    ['dns 440 ms is critical', src({ dns: [dns('a', 0.44)] }), 'critical', '440 ms'],
    // Ingress 5xx share: 1 % warning, 5 % critical, computed from two rates
    ['ingress 0.5 % is ok', src({ requests: [ing('shop', 'web', 100)], errors5xx: [ing('shop', 'web', 0.5)] }), 'ok', '0.5 %'],
    ['ingress without 5xx series is 0 %', src({ requests: [ing('shop', 'web', 100)] }), 'ok', '0.00 %'],
    ['ingress 1 % is a warning', src({ requests: [ing('shop', 'web', 100)], errors5xx: [ing('shop', 'web', 1)] }), 'warning', '1.0 %'],
    ['ingress 6 % is critical', src({ requests: [ing('search', 'search-api', 60)], errors5xx: [ing('search', 'search-api', 3.6)] }), 'critical', '6.0 %'],
    // Drops per second: 1 warning, 10 critical
    ['0.05 drops/s is ok', src({ drops: [drop('n1', 'POLICY_DENIED', 0.05)] }), 'ok', '0.05 drops/s'],
    ['1 drop/s is a warning', src({ drops: [drop('n1', 'POLICY_DENIED', 1)] }), 'warning', '1.0 drops/s'],
    ['14 drops/s is critical', src({ drops: [drop('n1', 'CT_MAP_INSERTION_FAILED', 14)] }), 'critical', '14 drops/s'],
  ])('%s', (_name, source, status, display) => {
    const rows = evaluateNetwork([source], services);
    expect(rows).toHaveLength(1);
    expect(rows[0]!.status).toBe(status);
    expect(rows[0]!.display).toBe(display);
  });

  it('leaves out quiet ingresses and NaN quantiles (no traffic)', () => {
    const rows = evaluateNetwork([src({ requests: [ing('shop', 'quiet', 0.05)], errors5xx: [ing('shop', 'quiet', 0.05)], dns: [dns('idle', Number.NaN)] })], services);
    expect(rows).toEqual([]);
  });

  it('orders worst first and maps an Ingress to its service and team', () => {
    const rows = evaluateNetwork([src({ dns: [dns('a', 0.014), dns('b', 0.35)], requests: [ing('search', 'search-api', 60)], errors5xx: [ing('search', 'search-api', 3.6)], drops: [drop('n1', 'X', 20)] })], services);
    // Within a band, how far past the critical threshold: 2.0, 1.4, 1.2; then the ok row.
    expect(rows.map((r) => r.subject)).toEqual(['n1', 'b', 'search/search-api', 'a']);
    expect(rows[2]!.service).toEqual({ slug: 'search-api', name: 'Search API' });
    expect(rows[2]!.team).toBe('search');
  });

  it('raises one alert per row and band; only critical ingress errors page', () => {
    const rows = evaluateNetwork([src({ dns: [dns('b', 0.26)], requests: [ing('search', 'search-api', 60), ing('shop', 'web', 100)], errors5xx: [ing('search', 'search-api', 3.6), ing('shop', 'web', 2)], drops: [drop('n1', 'X', 0.01)] })], services);
    const alerts = bandAlerts(rows, NETWORK_ALERT_SPECS, { IngressErrorsHigh: 'https://rb/ingress' }, (r) => `/network?focus=${r.id}`);
    expect(alerts.map((a) => [a.alertname, a.severity, a.customerVisible])).toEqual([
      ['IngressErrorsHigh', 'critical', true],
      ['DnsLatencyHigh', 'critical', false],
      ['IngressErrorsHigh', 'warning', false],
    ]);
    expect(alerts[0]!.key).toBe('ds1/ingress/search/search-api/critical');
    expect(alerts[0]!.labels).toMatchObject({ service: 'search-api', team: 'search', namespace: 'search' });
    expect(alerts[0]!.runbookUrl).toBe('https://rb/ingress');
    // The same figures a minute later give the same keys: the pipeline keeps one alert.
    expect(bandAlerts(rows, NETWORK_ALERT_SPECS, {}, () => '').map((a) => a.key)).toEqual(alerts.map((a) => a.key));
  });

  it('tiles: the slowest DNS pod, the worst status, no data without series', () => {
    const rows = evaluateNetwork([src({ dns: [dns('a', 0.014), dns('b', 0.12)] })], services);
    expect(networkTile(rows, '/network', null)).toMatchObject({ value: '120 ms', status: 'warning' });
    expect(networkTile([], '/network', 'No Prometheus data source')).toMatchObject({ status: 'no-data', detail: 'No Prometheus data source' });
    expect(networkTrendValues(rows)).toEqual({ dnsP99Ms: 120, dropsPerSecond: 0, critical: 0, warning: 1 });
  });
});
