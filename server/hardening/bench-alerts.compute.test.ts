import { describe, expect, it } from 'vitest';
import { benchAlerts, benchCondition } from './bench-alerts.compute';

const days = (...scores: number[]) => scores.map((score, i) => ({ day: `2026-12-0${i + 1}`, score }));
const cluster = (...scores: number[]) => ({ clusterId: 'c1', clusterName: 'prod-eu-1', team: 'platform', days: days(...scores) });

describe('kube-bench score conditions', () => {
  it.each([
    ['no run', [], null],
    ['one healthy run', [95], { below: false, dropped: false }],
    ['one run below 90', [85], { below: true, dropped: false }],
    ['exactly 90 is not below', [90], { below: false, dropped: false }],
    ['89.9 is below', [89.9], { below: true, dropped: false }],
    ['9.9 points down stays above the bar', [99.9, 90], { below: false, dropped: false }],
    ['10 points down', [100, 90], { below: false, dropped: true }],
    ['90 -> 80 is a 10-point drop despite float noise', [90.3, 80.3], { below: true, dropped: true }],
    ['a drop two runs ago is not a drop now', [100, 85, 85], { below: true, dropped: false }],
    ['recovering is not a drop', [70, 95], { below: false, dropped: false }],
  ] as const)('%s', (_, scores, want) => {
    const c = benchCondition(days(...scores));
    if (want === null) expect(c).toBeNull();
    else expect(c).toMatchObject(want);
  });
});

describe('KubeBenchScoreDropped alerts', () => {
  it('a drop pages (critical, customer-visible) and being below the bar waits for business hours', () => {
    const alerts = benchAlerts([cluster(96, 82)], 'https://rb/kb');
    expect(alerts.map((a) => [a.key, a.severity, a.customerVisible, a.labels?.reason])).toEqual([
      ['c1/drop/2026-12-02', 'critical', true, 'dropped'],
      ['c1/below', 'warning', false, 'below-threshold'],
    ]);
    expect(alerts[0]).toMatchObject({ alertname: 'KubeBenchScoreDropped', labels: { cluster: 'prod-eu-1', team: 'platform' }, runbookUrl: 'https://rb/kb' });
    expect(alerts[0]!.summary).toContain('dropped 14 points to 82 %');
  });

  it('a healthy cluster and one without runs raise nothing; no team, no team label', () => {
    expect(benchAlerts([cluster(95, 96), cluster()])).toEqual([]);
    expect(benchAlerts([{ ...cluster(60), team: null }])[0]!.labels).toEqual({ cluster: 'prod-eu-1', reason: 'below-threshold' });
  });

  it('the threshold is configurable', () => {
    expect(benchAlerts([cluster(85)], undefined, 80)).toEqual([]);
  });
});
