import { describe, expect, it } from 'vitest';
import { APP, goodDeployment, NOW, NS, pdb, readySet } from './fixtures/builders';
import { checkIdsFor, severityById } from './check-filter.compute';
import { exemptionCovers, expandExemptions } from './exemption-scopes.compute';
import { DEFAULT_GATE_CONFIG, type GateRow, launchGate } from './launch-gate.compute';
import { type LiveRow, rowsToItems, rowToObject } from './live-rows.compute';
import { aggregate, byArea, decodeAreas, encodeAreas } from './scorecard.compute';
import { snapshotDay, snapshotRecords, type SnapshotRow, teamDisplayName } from './snapshot.compute';
import { checkPassRates, decodeChecks, storedCheckStatus, toResultRecord } from './stored-results.compute';
import { KIND_BY_NAME } from '../inventory/kinds.compute';
import { toRow } from '../inventory/transform.compute';
import { evaluateReadiness } from './readiness.compute';
import { DEFAULT_CONFIG, type KubeObject } from './readiness.schema';

/** The row a collector would store for an object (docs/inventory.md): metadata split out, the rest in data. */
function rowOf(object: KubeObject, owner?: { kind: string; name: string }): LiveRow {
  const { apiVersion, kind, metadata, ...rest } = object;
  return {
    kind,
    namespace: metadata?.namespace ?? '',
    name: metadata?.name ?? '',
    labels: metadata?.labels ?? {},
    annotations: metadata?.annotations ?? {},
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    data: { apiVersion, ...rest },
  };
}

describe('rowToObject: inventory rows back as Kubernetes objects', () => {
  it('restores apiVersion, kind, metadata and spec', () => {
    const deployment = goodDeployment();
    const object = rowToObject(rowOf(deployment));
    expect(object.apiVersion).toBe('apps/v1');
    expect(object.kind).toBe('Deployment');
    expect(object.metadata).toEqual({ name: APP, namespace: NS, labels: deployment.metadata!.labels, annotations: deployment.metadata!.annotations });
    expect(object.spec).toEqual(deployment.spec);
  });

  it.each([
    { kind: 'Pod', owned: true },
    { kind: 'ReplicaSet', owned: true },
    { kind: 'Job', owned: true },
    { kind: 'PodDisruptionBudget', owned: false },
    { kind: 'Service', owned: false },
  ])('an owned $kind keeps a controlling ownerReference: $owned', ({ kind, owned }) => {
    const object = rowToObject({ kind, namespace: 'a', name: 'x', labels: {}, annotations: {}, ownerKind: 'Owner', ownerName: 'o', data: { apiVersion: 'v1' } });
    expect(object.metadata?.ownerReferences !== undefined).toBe(owned);
  });

  it('reads label values as runwell check does (3 -> "3", objects dropped) and tolerates a row without data', () => {
    const object = rowToObject({ kind: 'Namespace', namespace: '', name: 'n', labels: { a: 'b', c: 3, d: { e: 1 } }, annotations: null, ownerKind: null, ownerName: null, data: null });
    expect(object.metadata).toEqual({ name: 'n', labels: { a: 'b', c: '3' }, annotations: {} });
    expect(object.apiVersion).toBe('v1');
  });

  it('evaluates rows exactly as the manifests they came from', () => {
    const set = readySet();
    const fromManifests = evaluateReadiness(set.map((object) => ({ object })), { now: NOW });
    const fromRows = evaluateReadiness(rowsToItems(set.map((o) => rowOf(o))), { now: NOW });
    expect(fromRows.objects.map((o) => [o.kind, o.name, o.score, o.checks.map((c) => `${c.id}:${c.passed}`)])).toEqual(
      fromManifests.objects.map((o) => [o.kind, o.name, o.score, o.checks.map((c) => `${c.id}:${c.passed}`)]),
    );
  });

  it('an operator-owned PDB still protects the workload', () => {
    const rows = [rowOf(goodDeployment()), rowOf(pdb(), { kind: 'Redis', name: 'r' })];
    const report = evaluateReadiness(rowsToItems(rows), { now: NOW });
    expect(report.objects[0]!.checks.find((c) => c.id === 'missingPodDisruptionBudget')?.passed).toBe(true);
  });
});

describe('expandExemptions and exemptionCovers', () => {
  const objects = [
    { kind: 'Deployment', namespace: 'a', name: 'web' },
    { kind: 'Deployment', namespace: 'b', name: 'api' },
    { kind: 'StatefulSet', namespace: 'a', name: 'db' },
  ];
  const later = new Date(NOW.getTime() + 3600_000);
  const scope = (s: Partial<Parameters<typeof expandExemptions>[0][number]>) => ({
    clusterId: null,
    namespace: null,
    kind: null,
    name: null,
    checkId: 'tagNotSpecified',
    expiresAt: later,
    ...s,
  });
  it.each([
    { name: 'one workload', s: scope({ clusterId: 'c1', namespace: 'a', kind: 'Deployment', name: 'web' }), expected: ['a/web'], covers: ['a/web'] },
    { name: 'a namespace', s: scope({ clusterId: 'c1', namespace: 'a' }), expected: ['a/web', 'a/db'], covers: ['a/web', 'a/db'] },
    { name: 'a kind in a namespace', s: scope({ namespace: 'a', kind: 'StatefulSet' }), expected: ['a/db'], covers: ['a/db'] },
    { name: 'a whole cluster', s: scope({ clusterId: 'c1' }), expected: ['a/web', 'b/api', 'a/db'], covers: ['a/web', 'b/api', 'a/db'] },
    { name: 'another cluster', s: scope({ clusterId: 'c2' }), expected: [], covers: [] },
    // Covers (the scope, shown on the workload page) but no longer applied.
    { name: 'expired at now', s: scope({ namespace: 'a', expiresAt: NOW }), expected: [], covers: ['a/web', 'a/db'] },
  ])('$name', ({ s, expected, covers }) => {
    const out = expandExemptions([s], 'c1', objects, NOW);
    expect(out.map((e) => `${e.objectRef.namespace}/${e.objectRef.name}`)).toEqual(expected);
    expect(objects.filter((o) => exemptionCovers(s, 'c1', o)).map((o) => `${o.namespace}/${o.name}`)).toEqual(covers);
  });

  it('an exemption stops applying the moment it expires', () => {
    const untagged = goodDeployment();
    (untagged.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image = 'nginx';
    const items = [{ object: untagged }];
    const exemptions = expandExemptions([scope({ clusterId: 'c1', namespace: NS, kind: 'Deployment', name: APP })], 'c1', [{ kind: 'Deployment', namespace: NS, name: APP }], NOW);
    const before = evaluateReadiness(items, { now: new Date(later.getTime() - 1), exemptions });
    const after = evaluateReadiness(items, { now: later, exemptions });
    expect(before.objects[0]!.checks.find((c) => c.id === 'tagNotSpecified')).toMatchObject({ passed: true, exempt: true });
    expect(after.objects[0]!.checks.find((c) => c.id === 'tagNotSpecified')).toMatchObject({ passed: false });
  });
});

describe('toResultRecord', () => {
  it('keeps counts, area breakdown, failing ids and compact checks', () => {
    const bad = goodDeployment();
    (bad.spec as { template: { spec: { containers: Array<{ image: string }> } } }).template.spec.containers[0]!.image = 'nginx';
    const report = evaluateReadiness([{ object: bad }], { now: NOW });
    const record = toResultRecord(report.objects[0]!, 'shop');
    expect(record.serviceKey).toBe('shop');
    expect(record.failingChecks).toContain('tagNotSpecified');
    expect(record.failedDangers).toBe(1);
    expect(record.byArea.security?.failedDangers).toBe(1);
    expect(record.score).toBe(report.objects[0]!.score);
    const decoded = decodeChecks(JSON.parse(JSON.stringify(record.checks)), severityById(DEFAULT_CONFIG));
    const stored = decoded.find((c) => c.id === 'tagNotSpecified')!;
    expect(stored).toMatchObject({ status: 'failed', severity: 'danger', area: 'security' });
    expect(stored.message).toContain('nginx');
    expect(decoded.find((c) => c.status === 'passed')?.message).toBeUndefined();
  });

  it('decodes exactly the checks the engine reported', () => {
    const object = readySet()[0]!;
    const report = evaluateReadiness([{ object }], { now: NOW, exemptions: [{ objectRef: { kind: 'Deployment', namespace: NS, name: APP }, checkId: 'priorityClassNotSet', expiresAt: new Date(NOW.getTime() + 1) }] });
    const results = report.objects[0]!.checks;
    const decoded = decodeChecks(toResultRecord(report.objects[0]!, null).checks, severityById(DEFAULT_CONFIG));
    const status = (c: { passed: boolean; exempt?: true }) => (c.exempt ? 'exempt' : c.passed ? 'passed' : 'failed');
    expect(decoded.map((c) => `${c.id}:${c.status}:${c.severity}:${c.area}`).sort()).toEqual(results.map((c) => `${c.id}:${status(c)}:${c.severity}:${c.area}`).sort());
    expect(decoded.find((c) => c.id === 'priorityClassNotSet')?.status).toBe('exempt');
  });

  it('a mask made with another check list yields no passed entries', () => {
    const decoded = decodeChecks({ v: 'old', p: 'ffff', x: [], f: [['tagNotSpecified', 'danger', 'm']] }, severityById(DEFAULT_CONFIG));
    expect(decoded.map((c) => c.status)).toEqual(['failed']);
  });
});

describe('checkPassRates: one check over stored results, per team', () => {
  // Encoded the way the live evaluation stores them: one replicated Deployment with a PDB,
  // one single-replica Deployment, one exempted from the replica check, and a PDB (the check does not apply).
  const encoded = (replicas: number, exempt = false) => {
    const d = goodDeployment();
    d.metadata!.name = `app-${replicas}-${exempt}`;
    (d.spec as { replicas: number }).replicas = replicas;
    const report = evaluateReadiness([{ object: d }], {
      now: NOW,
      exemptions: exempt ? [{ objectRef: { kind: 'Deployment', namespace: NS, name: d.metadata!.name }, checkId: 'deploymentMissingReplicas', expiresAt: new Date(NOW.getTime() + 1) }] : [],
    });
    return JSON.parse(JSON.stringify(toResultRecord(report.objects[0]!, null).checks)) as unknown;
  };
  const pdbChecks = JSON.parse(JSON.stringify(toResultRecord(evaluateReadiness([{ object: pdb() }], { now: NOW }).objects[0]!, null).checks)) as unknown;

  it.each([
    { name: 'two replicas', checks: () => encoded(2), status: 'passed' },
    { name: 'one replica', checks: () => encoded(1), status: 'failed' },
    { name: 'exempted', checks: () => encoded(1, true), status: 'exempt' },
    { name: 'a PDB (check does not apply)', checks: () => pdbChecks, status: null },
    { name: 'a mask from another check list', checks: () => ({ v: 'old', p: 'ffffffff', x: [], f: [] }), status: null },
  ])('$name: $status', ({ checks, status }) => {
    expect(storedCheckStatus(checks(), 'deploymentMissingReplicas')).toBe(status);
  });

  it('counts only the objects the check applies to; exempt passes; no team is left out of the teams but counted overall', () => {
    const rows = [
      { teamId: 'a', checks: encoded(2) },
      { teamId: 'a', checks: encoded(1) },
      { teamId: 'a', checks: encoded(1, true) },
      { teamId: 'a', checks: pdbChecks },
      { teamId: 'b', checks: encoded(3) },
      { teamId: null, checks: encoded(1) },
    ];
    const rates = checkPassRates(rows, 'deploymentMissingReplicas');
    expect(rates.byTeam.get('a')).toEqual({ score: 66.7, workloads: 3 });
    expect(rates.byTeam.get('b')).toEqual({ score: 100, workloads: 1 });
    expect([...rates.byTeam.keys()].sort()).toEqual(['a', 'b']);
    expect(rates.org).toEqual({ score: 60, workloads: 5 });
  });
});

const counts = (passed: number, failedWarnings: number, failedDangers: number, exempt = 0) => ({ passed, exempt, failedWarnings, failedDangers });

describe('aggregate: Polaris over summed counts', () => {
  it.each([
    { rows: [counts(10, 0, 0)], score: 100 },
    { rows: [counts(10, 0, 0), counts(0, 0, 10)], score: 50 },
    { rows: [counts(3, 2, 0), counts(5, 0, 1)], score: 80 }, // 16 / (16 + 2 + 2)
    { rows: [], score: null },
  ])('$rows -> $score', ({ rows, score }) => {
    const out = aggregate(rows, () => 'k');
    expect(out.get('k')?.score ?? null).toBe(score);
    if (score !== null) expect(out.get('k')!.workloads).toBe(rows.length);
  });

  it('groups by key and skips null keys', () => {
    const rows = [{ team: 'a', ...counts(1, 0, 0) }, { team: 'b', ...counts(0, 1, 0) }, { team: null, ...counts(0, 0, 1) }];
    const out = aggregate(rows, (r) => r.team);
    expect([...out.keys()]).toEqual(['a', 'b']);
    expect(out.get('b')!.score).toBe(0);
  });

  it('byArea sums each area', () => {
    const rows = [
      { ...counts(0, 0, 0), byArea: { security: { ...counts(1, 0, 1), score: 50 } } },
      { ...counts(0, 0, 0), byArea: { security: { ...counts(3, 0, 0), score: 100 }, reliability: { ...counts(0, 2, 0), score: 0 } } },
    ];
    const areas = byArea(rows);
    expect(areas.security).toMatchObject({ passed: 4, failedDangers: 1, score: 80 });
    expect(areas.reliability).toMatchObject({ failedWarnings: 2, score: 0 });
    expect(areas.operations).toMatchObject({ passed: 0, score: 100 });
  });

  it('reads the stored (encoded) area form too', () => {
    const encoded = encodeAreas({ security: { ...counts(1, 0, 1), score: 50 }, reliability: { ...counts(3, 1, 0, 1), score: 85 } });
    expect(encoded).toEqual({ security: [1, 0, 0, 1], reliability: [3, 1, 1, 0] });
    expect(byArea([{ ...counts(0, 0, 0), byArea: JSON.parse(JSON.stringify(encoded)) }]).security).toMatchObject({ passed: 1, failedDangers: 1, score: 50 });
    expect(decodeAreas(encoded)).toEqual({ reliability: { passed: 3, exempt: 1, failedWarnings: 1, failedDangers: 0, score: 85 }, security: { passed: 1, exempt: 0, failedWarnings: 0, failedDangers: 1, score: 50 } });
  });
});

describe('checkIdsFor', () => {
  it.each([
    { filter: {}, expected: null },
    { filter: { checkId: 'tagNotSpecified' as const }, expected: ['tagNotSpecified'] },
    { filter: { area: 'gitops' as const }, expected: ['gitOpsManagerMissing', 'imageRegistryNotAllowed'] },
    { filter: { area: 'resources' as const, severity: 'danger' as const }, expected: ['kube-score/container-ephemeral-storage-request-and-limit'] },
    { filter: { area: 'resources' as const }, expected: ['cpuRequestsMissing', 'memoryRequestsMissing', 'memoryLimitsMissing', 'kube-score/container-ephemeral-storage-request-and-limit'] },
  ])('$filter', ({ filter, expected }) => {
    expect(checkIdsFor(filter, DEFAULT_CONFIG)).toEqual(expected);
  });
});

describe('launchGate', () => {
  const severities = severityById(DEFAULT_CONFIG);
  const row = (failingChecks: string[], area: Record<string, ReturnType<typeof counts>>): GateRow => ({
    clusterName: 'prod',
    kind: 'Deployment',
    namespace: 'shop',
    name: 'web',
    failingChecks,
    byArea: area,
    ...Object.values(area).reduce((a, c) => counts(a.passed + c.passed, a.failedWarnings + c.failedWarnings, a.failedDangers + c.failedDangers), counts(0, 0, 0)),
  });
  it.each([
    { name: 'no workloads', rows: [], status: 'unknown', reasons: [] },
    { name: 'all passing', rows: [row([], { security: counts(5, 0, 0), reliability: counts(5, 0, 0) })], status: 'pass', reasons: [] },
    {
      name: 'a warning outside the required areas',
      rows: [row(['tierMissing'], { operations: counts(3, 1, 0), security: counts(5, 0, 0) })],
      status: 'pass',
      reasons: [],
    },
    {
      name: 'a failing danger check',
      rows: [row(['tagNotSpecified'], { security: counts(5, 0, 1) })],
      status: 'fail',
      reasons: ['danger:tagNotSpecified', 'area:security'],
    },
    {
      name: 'a warning in a required area',
      rows: [row(['readinessProbeMissing'], { reliability: counts(5, 1, 0) })],
      status: 'fail',
      reasons: ['area:reliability'],
    },
    {
      name: 'a danger check outside the required areas',
      rows: [row(['imageRegistryNotAllowed'], { gitops: counts(1, 0, 1) })],
      status: 'fail',
      reasons: ['danger:imageRegistryNotAllowed'],
    },
  ])('$name -> $status', ({ rows, status, reasons }) => {
    const gate = launchGate(rows, DEFAULT_GATE_CONFIG, severities);
    expect(gate.status).toBe(status);
    expect(gate.reasons.map((r) => (r.type === 'danger' ? `danger:${r.checkId}` : `area:${r.area}`))).toEqual(reasons);
  });

  it('required areas come from the config', () => {
    const rows = [row(['tierMissing'], { operations: counts(3, 1, 0) })];
    expect(launchGate(rows, { requiredAreas: ['operations'] }, severities).status).toBe('fail');
  });
});

describe('snapshots', () => {
  it.each([
    ['2026-06-01T00:00:00Z', '2026-06-01T00:00:00.000Z'],
    ['2026-06-01T23:59:59Z', '2026-06-01T00:00:00.000Z'],
  ])('snapshotDay(%s) = %s', (at, day) => {
    expect(snapshotDay(new Date(at)).toISOString()).toBe(day);
  });

  it('one record per scope and key', () => {
    const base = { clusterName: 'prod', kind: 'Deployment', teamName: null, serviceName: null, teamId: null, serviceId: null, teamLabel: null };
    const rows: SnapshotRow[] = [
      { ...base, clusterId: 'c1', namespace: 'a', name: 'web', teamId: 't1', teamName: 'Web', serviceId: 's1', serviceName: 'Shop', ...counts(4, 0, 0) },
      { ...base, clusterId: 'c1', namespace: 'b', name: 'api', teamLabel: 'ghost', ...counts(0, 0, 4) },
    ];
    const records = snapshotRecords(rows);
    const keys = records.map((r) => `${r.scope}:${r.key}:${r.score}`);
    expect(keys).toEqual([
      'overall:all:50',
      'cluster:c1:50',
      'namespace:c1/a:100',
      'namespace:c1/b:0',
      'team:t1:100',
      'team:label:ghost:0',
      'service:s1:100',
      'workload:c1/Deployment/a/web:100',
      'workload:c1/Deployment/b/api:0',
    ]);
    expect(records.find((r) => r.scope === 'team' && r.key === 't1')!.label).toBe('Web');
    expect(records.find((r) => r.scope === 'namespace' && r.key === 'c1/a')!.label).toBe('prod/a');
  });
});

describe('teamDisplayName', () => {
  it.each([
    { teamName: 'Checkout', teamLabel: 'checkout', want: 'Checkout' },
    { teamName: null, teamLabel: 'notifications', want: 'notifications (label, not a catalog team)' },
    { teamName: null, teamLabel: null, want: null },
  ])('$teamName / $teamLabel -> $want', ({ teamName, teamLabel, want }) => {
    expect(teamDisplayName({ teamName, teamLabel })).toBe(want);
  });
});

describe('the Polaris checks of issue 17 on the live inventory (same engine as the CLI)', () => {
  // Objects as the API server returns them, through the collector's own transform.
  const collected = (object: KubeObject): LiveRow => toRow(KIND_BY_NAME.get(object.kind)!, object);
  const deployment = goodDeployment() as unknown as { spec: { template: { spec: { containers: Array<Record<string, unknown>> } } } };
  const container = deployment.spec.template.spec.containers[0]!;
  container.env = [{ name: 'DB_PASSWORD', value: 'hunter2' }, { name: 'LOG_LEVEL', value: 'info' }];
  container.ports = [{ containerPort: 8080, hostPort: 8080 }];
  const objects: KubeObject[] = [
    deployment as unknown as KubeObject,
    pdb({ maxUnavailable: 0 }, 'frozen'),
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'solo', namespace: NS }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'gone' }, minReplicas: 1, maxReplicas: 1 } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'shop', namespace: NS }, spec: { rules: [{ host: 'shop.example.com' }] } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'in-only', namespace: NS }, spec: { podSelector: {}, policyTypes: ['Ingress'] } },
  ];
  const rows = objects.map(collected);
  const report = evaluateReadiness(rowsToItems(rows), { now: NOW });
  const failed = (kind: string, name: string) =>
    report.objects.find((o) => o.kind === kind && o.name === name)?.checks.filter((c) => !c.passed).map((c) => c.id) ?? [];

  it('never stores the literal env value, and still fails sensitiveContainerEnvVar', () => {
    expect(JSON.stringify(rows)).not.toContain('hunter2');
    expect(failed('Deployment', APP)).toEqual(expect.arrayContaining(['sensitiveContainerEnvVar', 'hostPortSet', 'missingNetworkPolicy']));
    const message = report.objects.find((o) => o.name === APP)!.checks.find((c) => c.id === 'missingNetworkPolicy')!.message;
    expect(message).toMatch(/leaves egress open/);
  });

  it('judges PDBs, HPAs and Ingresses as objects in their own right', () => {
    expect(failed('PodDisruptionBudget', 'frozen')).toEqual(['pdbDisruptionsIsZero']);
    expect(failed('HorizontalPodAutoscaler', 'solo')).toEqual(['hpaMinAvailability', 'hpaMaxAvailability']);
    expect(failed('Ingress', 'shop')).toEqual(['tlsSettingsMissing']);
  });

  it('reads the same as the manifests do', () => {
    const fromManifests = evaluateReadiness(objects.map((object) => ({ object })), { now: NOW });
    const ids = (r: typeof report) => r.objects.map((o) => `${o.kind}/${o.name}:${o.checks.filter((c) => !c.passed).map((c) => c.id).join(',')}`);
    expect(ids(report)).toEqual(ids(fromManifests));
  });
});
