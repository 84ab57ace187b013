import { describe, expect, it } from 'vitest';
import { assess, MARKERS, measured, noData } from './maturity.compute';
import { evidenceFor, type Gathered, type LedgerChange } from './evidence.compute';
import { serviceEvidence, serviceFacts, withBlocking } from './service-maturity.compute';
import { EVIDENCE_KEYS, type Evidence, type EvidenceKey, type MarkerResult, type MarkerStatus } from './maturity.schema';

const DAY = 86_400_000;
const now = Date.parse('2026-12-05T12:00:00Z');
const change = (over: Partial<LedgerChange>): LedgerChange => ({ source: 'gitops', title: 'deploy', status: 'succeeded', requestedAt: now - DAY, teamIds: ['a'], serviceIds: ['s1'], ...over });

const g: Gathered = {
  services: [{ id: 's1', teamId: 'a' }, { id: 's2', teamId: 'a' }, { id: 's3', teamId: 'b' }],
  replicas: { byTeam: new Map([['a', { score: 100, workloads: 3 }]]), org: { score: 90, workloads: 5 } },
  pdbs: { byTeam: new Map(), org: { score: 0, workloads: 0 } },
  slos: [{ serviceId: 's1', teamId: 'a', dataState: 'ok' }, { serviceId: 's1', teamId: 'a', dataState: 'no-data' }],
  pagesPerShift: new Map([['a', { value: 1.5, detail: '12 pages' }]]),
  postmortems: { byTeam: new Map(), org: { due: 0, filed: 0, rate: null } },
  schedules: [{ teamId: 'a', coveredPercent: 100 }],
  runbooksByTeam: new Map([['a', 2]]),
  runbooksTotal: 2,
  runbookUrls: [{ owner: 'namespace', cluster: 'prod', namespace: 'shop', alerts: 10, missing: 3 }],
  capacity: { clusters: 2, forecasting: 1 },
  changes: [change({}), change({}), change({ serviceIds: ['s2'] }), change({ teamIds: [], serviceIds: [], source: 'api', title: 'Upgrade prod', requestedAt: now - 40 * DAY })],
  operations: {
    certificates: [],
    dr: {
      services: [{ serviceId: 's1', teamId: 'a', backupState: 'ok', clusters: ['prod'], namespaces: ['prod/shop'] }, { serviceId: 's2', teamId: 'a', backupState: 'stale', clusters: ['prod'], namespaces: ['prod/shop'] }],
      drills: [{ serviceId: 's1', teamId: 'a', startedAt: now - 5 * DAY, success: true, cluster: 'dr' }, { serviceId: 's2', teamId: 'a', startedAt: now - 200 * DAY, success: true, cluster: 'dr' }],
    },
    kubeBench: [],
    toil: new Map(),
    delivery: [],
  },
};

describe('serviceEvidence', () => {
  const facts = serviceFacts(g, now);
  const team = evidenceFor(g, 'a', now);
  it.each([
    { service: 's1', key: 'gitopsChanges30d' as const, status: 'measured', value: 2 },
    { service: 's2', key: 'gitopsChanges30d' as const, status: 'measured', value: 1 },
    { service: 's1', key: 'ledgerDays' as const, status: 'measured', value: 40 },
    { service: 's2', key: 'automatedUpgrades90d' as const, status: 'measured', value: 1 },
    { service: 's1', key: 'servicesWithSloPercent' as const, status: 'measured', value: 100 },
    { service: 's2', key: 'servicesWithSloPercent' as const, status: 'measured', value: 0 },
    { service: 's1', key: 'slosWithDataPercent' as const, status: 'measured', value: 50 },
    { service: 's2', key: 'slosWithDataPercent' as const, status: 'no-data', value: null },
    { service: 's1', key: 'veleroRecentBackups' as const, status: 'measured', value: 100 },
    { service: 's2', key: 'veleroRecentBackups' as const, status: 'measured', value: 0 },
    { service: 's1', key: 'drDrills90d' as const, status: 'measured', value: 1 },
    { service: 's2', key: 'drDrills90d' as const, status: 'measured', value: 0 },
    { service: 's1', key: 'multiClusterDr' as const, status: 'measured', value: 1 },
    { service: 's2', key: 'multiClusterDr' as const, status: 'measured', value: 0 },
    // The team's practices are the team's figures.
    { service: 's2', key: 'pagesPerShift' as const, status: 'measured', value: 1.5 },
    { service: 's2', key: 'runbooks' as const, status: 'measured', value: 2 },
    { service: 's2', key: 'oncallCoverage' as const, status: 'measured', value: 100 },
  ])('$service $key → $status $value', ({ service, key, status, value }) => {
    const m = serviceEvidence(facts.get(service)!, team, now)[key];
    expect(m.status).toBe(status);
    expect(m.value).toBe(value);
  });

  it('without the ledger or DR, a service has no data there, or its team’s figure', () => {
    const down = serviceFacts({ ...g, changes: { unavailable: 'change ledger' }, operations: { ...g.operations, dr: { unavailable: 'DR' } } }, now);
    const teamDown = evidenceFor({ ...g, operations: { ...g.operations, dr: { unavailable: 'DR' } } }, 'a', now);
    const e = serviceEvidence(down.get('s1')!, teamDown, now);
    expect(e.gitopsChanges30d.status).toBe('no-data');
    expect(e.veleroRecentBackups).toEqual(teamDown.veleroRecentBackups);
  });
});

const marker = (id: string, level: 1 | 2 | 3 | 4, status: MarkerStatus = 'not-met'): MarkerResult => ({ id, level, title: id, criterion: '', status, value: null, detail: '', href: `/${id}`, how: `do ${id}`, source: 'measured', attestable: false, attestation: null });
const scope = (next: MarkerResult[]) => ({ level: 2 as const, levels: [], markers: next, next: next.map((m) => ({ ...m, blocks: null })), aheadOfFoundations: 0 });
const svc = (unmet: string[]) => ({ markers: ['a', 'b', 'c', 'd'].map((id) => marker(id, 3, unmet.includes(id) ? 'not-met' : 'met')) });

describe('withBlocking', () => {
  it.each([
    {
      name: 'by services blocked, most first, within a level',
      next: [marker('a', 3), marker('b', 3), marker('c', 3)],
      services: [svc(['b']), svc(['b', 'c']), svc(['a', 'b', 'c'])],
      out: [['b', 3], ['c', 2], ['a', 1]],
    },
    {
      name: 'a gap below the next level comes first, however few services it blocks (level 3 before level 4)',
      next: [marker('d', 4), marker('a', 3)],
      services: [svc(['d']), svc(['d']), svc(['a', 'd'])],
      out: [['a', 1], ['d', 3]],
    },
    { name: 'ties by title', next: [marker('b', 3), marker('a', 3)], services: [svc(['a', 'b'])], out: [['a', 1], ['b', 1]] },
    { name: 'no services: not counted', next: [marker('b', 3), marker('a', 3)], services: [], out: [['a', null], ['b', null]] },
  ])('$name', ({ next, services, out }) => {
    expect(withBlocking(scope(next), services).map((m) => [m.id, m.blocks])).toEqual(out);
  });

  it('keeps how to meet it and the link', () => {
    expect(withBlocking(scope([marker('a', 3)]), [svc(['a'])])[0]).toMatchObject({ how: 'do a', href: '/a', blocks: 1 });
  });
});

describe('a team with level-4 markers but gaps at level 3', () => {
  it('is told to close level 3 first', () => {
    const good = Object.fromEntries(EVIDENCE_KEYS.map((k) => [k, measured(100, 'ok', '/x')])) as Evidence;
    const lower: Partial<Record<EvidenceKey, Evidence[EvidenceKey]>> = { pagesPerShift: measured(1, 'ok', '/q'), toilPercent: measured(10, 'ok', '/t'), unmanagedCertificates: measured(0, 'ok', '/c'), veleroRecentBackups: noData('none', '/dr') };
    const a = assess({ ...good, ...lower });
    expect(a.level).toBe(2);
    const steps = withBlocking(a, [{ markers: a.markers }]);
    expect(steps.map((m) => m.id)).toEqual(['defined.velero']);
    expect(a.aheadOfFoundations).toBe(MARKERS.filter((d) => d.level > 3).length);
  });
});
