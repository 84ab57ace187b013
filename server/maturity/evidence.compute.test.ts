import { describe, expect, it } from 'vitest';
import { coveredPercent, evidenceFor, ledgerEvidence, type Gathered, type LedgerChange } from './evidence.compute';

const DAY = 86_400_000;
const now = Date.parse('2026-12-05T12:00:00Z');
const change = (over: Partial<LedgerChange>): LedgerChange => ({ source: 'gitops', title: 'deploy', status: 'succeeded', requestedAt: now - DAY, teamIds: ['a'], ...over });

describe('ledgerEvidence', () => {
  it('says which source is missing when the ledger cannot be read', () => {
    const e = ledgerEvidence({ unavailable: 'change ledger' }, 'a', now);
    expect(e.gitopsChanges30d).toMatchObject({ status: 'no-data', detail: 'no data: change ledger' });
  });
  it.each([
    { name: 'gitops in 30 days, own team only', changes: [change({}), change({ teamIds: ['b'] }), change({ source: 'ui' }), change({ requestedAt: now - 40 * DAY })], team: 'a', gitops: 1, days: 40, upgrades: 0 },
    { name: 'platform changes (no service) count for every team', changes: [change({ teamIds: [], source: 'api', title: 'Upgrade prod to 1.31' })], team: 'a', gitops: 0, days: 1, upgrades: 1 },
    { name: 'a manual upgrade is not zero-touch', changes: [change({ teamIds: [], source: 'ui', title: 'upgrade' })], team: 'a', gitops: 0, days: 1, upgrades: 0 },
    { name: 'the organisation sees all', changes: [change({}), change({ teamIds: ['b'] })], team: null, gitops: 2, days: 1, upgrades: 0 },
    { name: 'an empty ledger', changes: [], team: 'a', gitops: 0, days: 0, upgrades: 0 },
  ])('$name', ({ changes, team, gitops, days, upgrades }) => {
    const e = ledgerEvidence(changes, team, now);
    expect(e.gitopsChanges30d.value).toBe(gitops);
    expect(e.ledgerDays.value).toBe(days);
    expect(e.automatedUpgrades90d.value).toBe(upgrades);
  });
});

describe('coveredPercent', () => {
  it.each([
    { gaps: [], pct: 100 },
    { gaps: [{ start: 0, end: 50 }], pct: 50 },
    { gaps: [{ start: -10, end: 10 }, { start: 90, end: 200 }], pct: 80 },
  ])('$gaps → $pct', ({ gaps, pct }) => expect(coveredPercent(0, 100, gaps)).toBe(pct));
});

describe('evidenceFor', () => {
  const g: Gathered = {
    services: [{ id: 's1', teamId: 'a' }, { id: 's2', teamId: 'a' }, { id: 's3', teamId: 'b' }],
    replicas: { byTeam: new Map([['a', { score: 100, workloads: 3 }]]), org: { score: 90, workloads: 5 } },
    pdbs: { byTeam: new Map(), org: { score: 0, workloads: 0 } },
    slos: [{ serviceId: 's1', teamId: 'a', dataState: 'ok' }, { serviceId: 's1', teamId: 'a', dataState: 'no-data' }],
    pagesPerShift: new Map([['a', { value: 1.5, detail: '12 pages' }], ['b', { value: null, detail: 'no schedule' }]]),
    postmortems: { byTeam: new Map([['a', { due: 4, filed: 3, rate: 75 }]]), org: { due: 4, filed: 3, rate: 75 } },
    schedules: [{ teamId: 'a', coveredPercent: 100 }],
    runbooksByTeam: new Map([['a', 2]]),
    runbooksTotal: 2,
    // Team a owns prod/shop (where DR found s1) and SLO rules; lab/other is nobody's.
    runbookUrls: [
      { owner: 'namespace', cluster: 'prod', namespace: 'shop', alerts: 4, missing: 0 },
      { owner: 'namespace', cluster: 'lab', namespace: 'other', alerts: 4, missing: 1 },
      { owner: 'team', teamId: 'a', alerts: 2, missing: 2 },
    ],
    capacity: { clusters: 2, forecasting: 1 },
    changes: [],
    operations: {
      certificates: [],
      dr: { services: [{ serviceId: 's1', teamId: 'a', backupState: 'ok', clusters: ['prod'], namespaces: ['prod/shop'] }], drills: [] },
      kubeBench: { unavailable: 'kube-bench results could not be read' },
      toil: new Map(),
      delivery: [],
    },
  };
  it.each([
    { team: 'a', key: 'servicesWithSloPercent' as const, status: 'measured', value: 50 },
    { team: 'a', key: 'slosWithDataPercent' as const, status: 'measured', value: 50 },
    { team: 'a', key: 'replicaScore' as const, status: 'measured', value: 100 },
    { team: 'a', key: 'pdbScore' as const, status: 'no-data', value: null },
    { team: 'b', key: 'pagesPerShift' as const, status: 'no-data', value: null },
    { team: 'b', key: 'postmortemCompletion' as const, status: 'not-applicable', value: null },
    { team: 'b', key: 'oncallCoverage' as const, status: 'measured', value: 0 },
    { team: 'b', key: 'runbooks' as const, status: 'measured', value: 0 },
    { team: null, key: 'oncallCoverage' as const, status: 'measured', value: 50 },
    { team: null, key: 'pagesPerShift' as const, status: 'measured', value: 1.5 },
    { team: null, key: 'runbookUrlCoverage' as const, status: 'measured', value: 70 },
    // The team's own rules only: prod/shop (4 of 4) and its SLO rules (0 of 2).
    { team: 'a', key: 'runbookUrlCoverage' as const, status: 'measured', value: 66.7 },
    { team: 'b', key: 'runbookUrlCoverage' as const, status: 'no-data', value: null },
    { team: null, key: 'capacityForecastClusters' as const, status: 'measured', value: 50 },
    { team: null, key: 'kubeBenchScore' as const, status: 'no-data', value: null },
    { team: 'a', key: 'unmanagedCertificates' as const, status: 'measured', value: 0 },
    { team: 'a', key: 'canaryObjects' as const, status: 'measured', value: 0 },
    { team: 'a', key: 'autoRemediations' as const, status: 'no-data', value: null },
  ])('$team $key → $status $value', ({ team, key, status, value }) => {
    const m = evidenceFor(g, team, now)[key];
    expect(m.status).toBe(status);
    expect(m.value).toBe(value);
    expect(m.href).toMatch(/^\//);
  });
});
