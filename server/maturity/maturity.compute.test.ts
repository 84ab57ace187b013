import { describe, expect, it } from 'vitest';
import { assess, distribution, evaluateMarker, levelReached, MARKERS, measured, noData, notApplicable, passes, percent } from './maturity.compute';
import { EVIDENCE_KEYS, type Evidence, type EvidenceKey, type Level } from './maturity.schema';

// Evidence where every marker up to `upTo` is met and everything above is "no data".
const GOOD: Record<EvidenceKey, number> = {
  gitopsChanges30d: 40,
  ledgerDays: 60,
  automatedUpgrades90d: 2,
  runbooks: 5,
  runbookUrlCoverage: 95,
  pagesPerShift: 1,
  replicaScore: 100,
  pdbScore: 100,
  postmortemCompletion: 100,
  certManagerCertificates: 3,
  unmanagedCertificates: 0,
  oncallCoverage: 100,
  servicesWithSloPercent: 100,
  slosWithDataPercent: 100,
  canaryObjects: 1,
  veleroRecentBackups: 100,
  kubeBenchScore: 95,
  drDrills90d: 1,
  chaosExperiments: 1,
  autoRemediations: 1,
  capacityForecastClusters: 100,
  toilPercent: 10,
  multiClusterDr: 1,
  selfHealingOperators: 1,
  predictiveScalers: 1,
  scheduledChaos: 1,
  autonomousDr: 1,
};

function evidenceUpTo(upTo: number, overrides: Partial<Record<EvidenceKey, Evidence[EvidenceKey]>> = {}): Evidence {
  const used = (key: EvidenceKey) => MARKERS.filter((d) => d.evidence === key).map((d) => d.level);
  const out = Object.fromEntries(
    EVIDENCE_KEYS.map((key) => {
      // A figure read by several levels counts as present when its lowest reader is within reach.
      const lowest = Math.min(...used(key));
      return [key, lowest <= upTo ? measured(GOOD[key], 'ok', `/e/${key}`) : noData('not observed', `/e/${key}`)];
    }),
  ) as Evidence;
  return { ...out, ...overrides };
}

describe('the model', () => {
  it('has the seed’s five levels with six markers each and unique ids', () => {
    for (const level of [1, 2, 3, 4, 5]) expect(MARKERS.filter((d) => d.level === level)).toHaveLength(6);
    expect(new Set(MARKERS.map((d) => d.id)).size).toBe(30);
  });
});

describe('passes', () => {
  it.each([
    { value: 5, op: '<=' as const, threshold: 5, ok: true },
    { value: 6, op: '<=' as const, threshold: 5, ok: false },
    { value: 50, op: '<' as const, threshold: 50, ok: false },
    { value: 49.9, op: '<' as const, threshold: 50, ok: true },
    { value: 0, op: '>' as const, threshold: 0, ok: false },
    { value: 80, op: '>=' as const, threshold: 80, ok: true },
  ])('$value $op $threshold is $ok', ({ value, op, threshold, ok }) => expect(passes(value, op, threshold)).toBe(ok));
});

describe('evaluateMarker', () => {
  const pages = MARKERS.find((d) => d.id === 'reactive.alert-every-metric')!;
  const pm = MARKERS.find((d) => d.id === 'managed.postmortems')!;
  it.each([
    { def: pages, measure: measured(3, '3 pages', '/quality'), status: 'met', value: 3 },
    { def: pages, measure: measured(7.5, '7.5 pages', '/quality'), status: 'not-met', value: 7.5 },
    { def: pages, measure: noData('no on-call schedule', '/oncall'), status: 'no-data', value: null },
    { def: pm, measure: notApplicable('no P1/P2 post-mortem due', '/postmortems'), status: 'met', value: null },
    { def: pm, measure: measured(40, '2 of 5 filed', '/postmortems'), status: 'not-met', value: 40 },
  ])('$def.id with $measure.detail is $status', ({ def, measure, status, value }) => {
    const e = evidenceUpTo(5, { [def.evidence]: measure });
    const r = evaluateMarker(def, e);
    expect(r.status).toBe(status);
    expect(r.value).toBe(value);
    expect(r.href).toBe(measure.href);
    expect(r.criterion).toMatch(/[≤≥<>]/);
  });
});

describe('levelReached', () => {
  const at = (statuses: Record<number, 'met' | 'not-met' | 'no-data'>) => MARKERS.map((d) => ({ level: d.level, status: statuses[d.level] ?? 'met' }));
  it.each<{ name: string; statuses: Record<number, 'met' | 'not-met' | 'no-data'>; level: Level }>([
    { name: 'everything met', statuses: {}, level: 5 },
    { name: 'level 1 anti-pattern present', statuses: { 1: 'not-met' }, level: 1 },
    { name: 'level 2 gap', statuses: { 2: 'not-met' }, level: 1 },
    { name: 'level 3 no data', statuses: { 3: 'no-data' }, level: 2 },
    { name: 'level 4 markers without level 3', statuses: { 3: 'not-met' }, level: 2 },
    { name: 'only level 5 missing', statuses: { 5: 'no-data' }, level: 4 },
  ])('$name → level $level', ({ statuses, level }) => expect(levelReached(at(statuses))).toBe(level));

  it('one unmet marker in a level holds it back even when the rest is met', () => {
    const markers = MARKERS.map((d) => ({ level: d.level, status: d.id === 'defined.velero' ? ('not-met' as const) : ('met' as const) }));
    expect(levelReached(markers)).toBe(2);
  });
});

describe('assess', () => {
  it.each([1, 2, 3, 4, 5])('evidence good up to level %i reaches it', (upTo) => {
    expect(assess(evidenceUpTo(upTo)).level).toBe(upTo);
  });

  it('lists the next level’s gaps, and the lower-level gaps first (close level 3 before level 4)', () => {
    const e = evidenceUpTo(4, { canaryObjects: noData('not observed', '/e/canary'), pagesPerShift: measured(9, '9 pages', '/quality') });
    const a = assess(e);
    expect(a.level).toBe(1);
    expect(a.next.map((x) => x.id)).toEqual(['reactive.alert-every-metric']);
    expect(a.aheadOfFoundations).toBeGreaterThan(0);
  });

  it('reports per level how many markers are met', () => {
    const a = assess(evidenceUpTo(2, { pdbScore: measured(50, 'half', '/readiness') }));
    expect(a.level).toBe(1);
    expect(a.levels.find((l) => l.level === 2)).toMatchObject({ met: 5, total: 6, reached: false });
    expect(a.levels.find((l) => l.level === 1)).toMatchObject({ met: 6, total: 6, reached: true });
    expect(a.next.map((x) => x.id)).toEqual(['managed.pdbs']);
  });
});

describe('helpers', () => {
  it('percent and distribution', () => {
    expect(percent(1, 3)).toBe(33.3);
    expect(percent(1, 0)).toBeNull();
    expect(distribution([1, 1, 2, 5, 7])).toEqual({ 1: 2, 2: 1, 3: 0, 4: 0, 5: 2 });
  });
});
