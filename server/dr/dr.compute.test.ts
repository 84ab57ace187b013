import { describe, expect, it } from 'vitest';
import { drAlerts, drillRow, drillState, drTile, judgeAge, namespaceBackup, serviceDr, type BackupObject, type ScheduleObject, type ServiceTarget } from './dr.compute';
import type { NamespaceBackupRow } from './dr.schema';

const NOW = Date.parse('2026-12-05T21:00:00Z');
const H = 3_600_000;
const DAY = 24 * H;

const ns = { clusterId: 'c1', cluster: 'shop', name: 'payments', team: 'payments' };
const daily: ScheduleObject = { clusterId: 'c1', name: 'payments-daily', cron: '0 2 * * *', paused: false, included: ['payments'], excluded: [] };
const backup = (ageH: number, phase = 'Completed', extra: Partial<BackupObject> = {}): BackupObject => ({
  clusterId: 'c1',
  name: `payments-daily-${ageH}`,
  schedule: 'payments-daily',
  included: ['payments'],
  excluded: [],
  phase,
  startedAt: NOW - ageH * H - 10 * 60_000,
  completedAt: NOW - ageH * H,
  errors: phase === 'Completed' ? 0 : 3,
  reason: phase === 'Failed' ? 'AccessDenied' : null,
  ...extra,
});

describe('backup age against its schedule', () => {
  it.each([
    ['23 h on a daily schedule is fresh', 23 * H, 24 * H, false],
    ['24 h 20 min on a daily schedule is fresh (within 30 min grace)', 24 * H + 20 * 60_000, 24 * H, false],
    ['25 h on a daily schedule is stale', 25 * H, 24 * H, true],
    ['25 h on a weekly schedule is fresh', 25 * H, 7 * DAY, false],
    ['70 min on an hourly schedule is stale (10 min grace)', 70 * 60_000 + 1, H, true],
  ])('%s', (_n, age, interval, stale) => {
    expect(judgeAge(age, interval).stale).toBe(stale);
  });
});

describe('namespace backup state', () => {
  it.each([
    ['fresh daily backup', [daily], [backup(5)], 'ok'],
    ['25 h old on a daily schedule', [daily], [backup(25), backup(49)], 'stale'],
    ['newest attempt failed (older success is recent)', [daily], [backup(2, 'Failed'), backup(20)], 'failed'],
    ['partially failed counts as failed', [daily], [backup(2, 'PartiallyFailed'), backup(20)], 'failed'],
    ['a backup in progress does not count', [daily], [backup(0, 'InProgress'), backup(23)], 'ok'],
    ['schedule but never a success', [daily], [], 'never'],
    ['no schedule covers it', [], [backup(5)], 'no-schedule'],
    ['schedule for another namespace', [{ ...daily, included: ['search'] }], [], 'no-schedule'],
    ['a cluster-wide schedule covers it', [{ ...daily, included: ['*'] }], [backup(5)], 'ok'],
    ['excluded from the cluster-wide schedule', [{ ...daily, included: [], excluded: ['payments'] }], [], 'no-schedule'],
    ['paused schedule', [{ ...daily, paused: true }], [backup(60)], 'paused'],
  ] as const)('%s', (_n, schedules, backups, state) => {
    expect(namespaceBackup(ns, schedules, backups, NOW).state).toBe(state);
  });

  it('reports age, interval, last attempt and failures of the last 7 days', () => {
    const r = namespaceBackup(ns, [daily], [backup(2, 'Failed'), backup(26), backup(50, 'PartiallyFailed'), backup(24 * 9, 'Failed')], NOW);
    expect(r).toMatchObject({ ageMs: 26 * H, intervalMs: DAY, staleAfterMs: DAY + 30 * 60_000, failures7d: 2, lastAttempt: { phase: 'Failed', reason: 'AccessDenied' }, schedules: ['velero/payments-daily'], cron: '0 2 * * *' });
  });

  it('judges against the tightest of several schedules', () => {
    const hourly = { ...daily, name: 'payments-hourly', cron: '0 * * * *' };
    expect(namespaceBackup(ns, [daily, hourly], [backup(3)], NOW)).toMatchObject({ state: 'stale', intervalMs: H, schedules: ['velero/payments-hourly', 'velero/payments-daily'] });
  });
});

describe('drills', () => {
  const svc: ServiceTarget = { id: 's1', slug: 'payments-api', name: 'Payments API', tier: 'tier1', team: 'Payments', teamSlug: 'payments', rtoMinutes: 60, rpoMinutes: 1440 };
  const drill = (startedAgoDays: number, minutes: number, success = true, dataLossMinutes = 300) => ({
    id: `d${startedAgoDays}`,
    serviceId: 's1',
    restoreName: 'payments-drill',
    cluster: 'shop',
    startedAt: new Date(NOW - startedAgoDays * DAY).toISOString(),
    finishedAt: new Date(NOW - startedAgoDays * DAY + minutes * 60_000).toISOString(),
    success,
    dataLossMinutes,
    notes: '',
    recordedBy: 'Eve',
  });

  it.each([
    ['38 min against a 60 min RTO, 5 h loss against a 24 h RPO', drill(10, 38), true, true],
    ['75 min misses the RTO', drill(10, 75), false, true],
    ['30 h of data lost misses the RPO', drill(10, 30, true, 30 * 60), true, false],
    ['a failed restore meets neither', drill(10, 20, false), false, false],
  ] as const)('%s', (_n, d, rto, rpo) => {
    expect(drillRow(d, svc)).toMatchObject({ meetsRto: rto, meetsRpo: rpo });
  });

  it.each([
    ['never drilled', null, 'never'],
    ['drilled 40 days ago', 40, 'ok'],
    ['drilled 80 days ago: due within 14 days', 80, 'due-soon'],
    ['drilled 91 days ago: overdue', 91, 'overdue'],
  ] as const)('quarterly cadence: %s', (_n, agoDays, state) => {
    expect(drillState(agoDays === null ? null : NOW - agoDays * DAY, NOW).state).toBe(state);
  });

  it('a service: last drill, due date, RPO at risk when its newest backup is older than the RPO', () => {
    const nsRow = { ...namespaceBackup(ns, [daily], [backup(26)], NOW), services: [{ slug: 'payments-api', name: 'Payments API' }] } as NamespaceBackupRow;
    const rows = [drillRow(drill(95, 40), svc), drillRow(drill(100, 50, false), svc)];
    const s = serviceDr({ ...svc, rpoMinutes: 24 * 60 }, [nsRow], rows, NOW);
    expect(s).toMatchObject({ backupState: 'stale', backupAgeMs: 26 * H, rpoAtRisk: true, drillState: 'overdue', lastDrill: { id: 'd95' } });
    const alerts = drAlerts([nsRow], [s], {}, '/dr');
    expect(alerts.map((a) => [a.alertname, a.customerVisible])).toEqual([
      ['BackupStale', false],
      ['BackupRpoAtRisk', false],
      ['DrDrillDue', false],
    ]);
  });
});

describe('DR tile', () => {
  const row = (backups: BackupObject[], schedules = [daily]) => ({ ...namespaceBackup(ns, schedules, backups, NOW), services: [] }) as NamespaceBackupRow;
  it.each([
    ['nothing', [], 'no-data', '—'],
    ['fresh', [row([backup(5)])], 'ok', '5 h'],
    ['stale', [row([backup(26)])], 'warning', '26 h'],
    ['failed', [row([backup(1, 'Failed'), backup(20)])], 'critical', '20 h'],
    ['only unscheduled namespaces', [row([], [])], 'warning', 'no backups'],
  ] as const)('%s', (_n, rows, status, value) => {
    const t = drTile([...rows], [], '/dr');
    expect([t.status, t.value]).toEqual([status, value]);
  });
});
