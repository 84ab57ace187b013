import { describe, expect, it } from 'vitest';
import { toilAlerts } from './toil-alerts.compute';

const team = (percent: number | null, start = '2026-11-30') => ({
  teamId: 't1',
  teamSlug: 'platform',
  teamName: 'Platform',
  current: { start, end: '2026-12-13', percent, toilHours: 40, engineeringHours: 60 },
});

describe('ToilOverBudget thresholds', () => {
  it.each([
    [null, 0],
    [0, 0],
    [20, 0],
    [50, 0], // 50 % is still inside the budget (the watch band includes it)
    [50.1, 1],
    [66.7, 1],
    [140, 1],
    [Number.NaN, 0],
  ])('%s %% of engineering time raises %i alert(s)', (percent, n) => {
    expect(toilAlerts([team(percent)])).toHaveLength(n);
  });

  it('is one internal warning per team and sprint, owned by the team', () => {
    const [a] = toilAlerts([team(62)], 'https://rb/toil');
    expect(a).toMatchObject({ alertname: 'ToilOverBudget', severity: 'warning', customerVisible: false, key: 't1/2026-11-30', labels: { team: 'platform' }, runbookUrl: 'https://rb/toil' });
    expect(a!.summary).toContain('62 %');
    expect(toilAlerts([team(62, '2026-12-14')])[0]!.key).not.toBe(a!.key);
  });
});
