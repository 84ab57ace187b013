import { describe, expect, it } from 'vitest';
import { bandAlerts } from '../domains/ops-signals.compute';
import { PERFORMANCE_ALERT_SPECS, evaluatePerformance, performanceTile, performanceTrendValues, type ServiceMeasure } from './performance.compute';

const one = (value: number) => [{ metric: {}, value }];
const svc = (slug: string, extra: Partial<ServiceMeasure>): ServiceMeasure => ({ serviceId: `id-${slug}`, slug, name: slug, team: 'payments', dataSource: 'prom', errors: {}, ...extra });

describe('performance signals and thresholds', () => {
  it.each([
    // Request p99 (s): 500 ms warning, 1 s critical
    ['latency', one(0.38), 'ok', '380 ms'],
    ['latency', one(0.5), 'warning', '500 ms'],
    ['latency', one(1.2), 'critical', '1.20 s'],
    // Saturation (throttled share): 25 % warning, 50 % critical
    ['saturation', one(0.03), 'ok', '3.0 %'],
    ['saturation', one(0.25), 'warning', '25 %'],
    ['saturation', one(0.6), 'critical', '60 %'],
    // Longest GC pause (s): 50 ms warning, 100 ms critical
    ['gc', one(0.009), 'ok', '9.0 ms'],
    ['gc', one(0.05), 'warning', '50 ms'],
    ['gc', one(0.18), 'critical', '180 ms'],
  ] as const)('%s %j is %s', (signal, samples, status, display) => {
    const { rows } = evaluatePerformance([svc('fraud-scoring', { [signal]: samples })]);
    expect(rows.map((r) => [r.signal, r.status, r.display])).toEqual([[signal, status, display]]);
    expect(rows[0]!.service).toEqual({ slug: 'fraud-scoring', name: 'fraud-scoring' });
  });

  it('takes the worst series of a service, skips NaN (no traffic) and services without series', () => {
    const { rows, services } = evaluatePerformance([
      svc('a', { latency: [{ metric: { pod: '1' }, value: 0.2 }, { metric: { pod: '2' }, value: 0.7 }, { metric: { pod: '3' }, value: Number.NaN }] }),
      svc('quiet', { latency: [{ metric: {}, value: Number.NaN }], errors: { gc: 'bad_query' } }),
    ]);
    expect(rows.map((r) => [r.detail, r.value])).toEqual([['a', 0.7]]);
    expect(services.map((s) => [s.slug, s.p99, s.worst])).toEqual([['a', 0.7, 'warning'], ['quiet', null, null]]);
    expect(services[1]!.errors).toEqual({ gc: 'bad_query' });
  });

  it('orders services worst first, raises one non-paging alert per signal and band, and tiles the slowest', () => {
    const { rows, services } = evaluatePerformance([
      svc('checkout', { latency: one(0.2), saturation: one(0.03), gc: one(0.009) }),
      svc('fraud-scoring', { latency: one(0.96), saturation: one(0.03), gc: one(0.18) }),
    ]);
    expect(services.map((s) => s.slug)).toEqual(['fraud-scoring', 'checkout']);
    const alerts = bandAlerts(rows, PERFORMANCE_ALERT_SPECS, {}, () => '/performance');
    expect(alerts.map((a) => [a.alertname, a.severity, a.customerVisible, a.key])).toEqual([
      ['GcPauseHigh', 'critical', false, 'id-fraud-scoring/gc/critical'],
      ['ServiceLatencyHigh', 'warning', false, 'id-fraud-scoring/latency/warning'],
    ]);
    expect(alerts[0]!.labels).toMatchObject({ service: 'fraud-scoring', team: 'payments' });
    expect(performanceTile(rows, '/performance', false)).toMatchObject({ value: '960 ms (fraud-scoring)', status: 'critical' });
    expect(performanceTile([], '/performance', true).status).toBe('no-data');
    expect(performanceTrendValues(rows)).toEqual({ worstP99Ms: 960, worstSaturationPct: 3, worstGcMs: 180, critical: 1, warning: 1 });
  });
});
