import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith as actorWithRole, expectDomainError, suffix, systemCtx } from '@/tests/setup/actors';
import { listAuditEntries } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import type { Role } from '../lib/roles';
import { getPrisma } from '../db';
import { db } from '../database/tx';
import { upsertObjects } from '../inventory/collector.repo';
import { KIND_BY_NAME } from '../inventory/kinds.compute';
import { toRow } from '../inventory/transform.compute';
import { goodDeployment, networkPolicy, pdb, service as kubeService } from './fixtures/builders';
import type { KubeObject } from './readiness.schema';
import { approveExemption, listExemptions, rejectExemption, requestExemption, revokeExemption } from './exemption.service';
import { evaluateDue, runEvaluation } from './evaluation.service';
import { getOverview, getWorkload, takeSnapshot } from './readiness.service';

// Live evaluation against real rows: inventory objects go through the collectors'
// own transform (toRow) and upsert (inventory.repo), then the readiness service
// evaluates, stores, scores and gates them.

const system = systemCtx;
const actorWith = (role: Role) => actorWithRole(role, 'readiness.test');
const NOW = new Date('2026-11-20T10:00:00Z');
const HOUR = 3600_000;
const DAY = 24 * HOUR;

function object(kind: string, obj: KubeObject) {
  return toRow(KIND_BY_NAME.get(kind)!, obj);
}

const tag = suffix();
const NS = `shop-${tag}`;
const SERVICE_SLUG = `checkout-${tag}`;
const TEAM_SLUG = `payments-${tag}`;
let clusterId = '';
let clusterName = '';
let serviceId = '';
let engineer: RequestContext;
let commander: RequestContext;
let otherCommander: RequestContext;

function inNamespace<T extends KubeObject>(o: T): T {
  return { ...o, metadata: { ...o.metadata, namespace: NS } };
}

beforeAll(async () => {
  const prisma = getPrisma();
  engineer = await actorWith('engineer');
  commander = await actorWith('incident_commander');
  otherCommander = await actorWith('incident_commander');
  const team = await prisma.team.create({ data: { slug: TEAM_SLUG, name: `Payments ${tag}` } });
  serviceId = (await prisma.service.create({ data: { slug: SERVICE_SLUG, name: `Checkout ${tag}`, teamId: team.id } })).id;
  clusterName = `prod-${tag}`;
  clusterId = (await prisma.cluster.create({ data: { name: clusterName, lastSyncedAt: new Date(NOW.getTime() - HOUR) } })).id;

  // checkout: production-ready, mapped to the catalog service and team by labels.
  const good = inNamespace(goodDeployment());
  good.metadata!.labels = { ...good.metadata!.labels, 'runwell.io/service': SERVICE_SLUG };
  good.metadata!.annotations = { ...good.metadata!.annotations, 'runwell.io/team': TEAM_SLUG };
  // legacy: same service, untagged image (a danger check) and its ReplicaSet + Pods, which are evaluated through it.
  const legacy = inNamespace(goodDeployment());
  legacy.metadata!.name = 'legacy';
  legacy.metadata!.labels = { ...legacy.metadata!.labels, 'runwell.io/service': SERVICE_SLUG };
  const template = (legacy.spec as { template: { metadata: { labels: Record<string, string> }; spec: { containers: Array<{ image: string }> } } }).template;
  template.metadata.labels = { 'app.kubernetes.io/name': 'legacy' };
  template.spec.containers[0]!.image = 'nginx';
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'legacy-5d8', namespace: NS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'legacy', uid: 'u1', controller: true }] }, spec: legacy.spec };
  const pods = [0, 1].map((i) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: `legacy-5d8-${i}`, namespace: NS, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'legacy-5d8', uid: 'u2', controller: true }] },
    spec: { containers: [{ name: 'app', image: 'nginx' }] },
  }));
  const rows = [
    object('Namespace', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } }),
    object('Deployment', good),
    object('Deployment', legacy),
    object('ReplicaSet', rs),
    ...pods.map((p) => object('Pod', p)),
    object('PodDisruptionBudget', inNamespace(pdb())),
    object('PodDisruptionBudget', inNamespace({ ...pdb(), metadata: { name: 'legacy' }, spec: { maxUnavailable: 1, selector: { matchLabels: { 'app.kubernetes.io/name': 'legacy' } } } })),
    object('Service', inNamespace(kubeService())),
    object('NetworkPolicy', inNamespace(networkPolicy({}))),
  ];
  await upsertObjects(db(), clusterId, rows, 1);
});

afterAll(async () => {
  await getPrisma().$disconnect();
});

const failing = async (name: string, now = NOW) => (await getWorkload(system, { cluster: clusterName, namespace: NS, kind: 'Deployment', name }, now)).checks.filter((c) => c.status === 'failed').map((c) => c.id);

describe('live evaluation', () => {
  it('evaluates the workloads of a synced cluster, not their ReplicaSets and Pods', async () => {
    const [summary] = await evaluateDue(NOW, { clusterId });
    // The two Deployments and their two PDBs (judged on their own: pdbDisruptionsIsZero), the Service (kube-score/service-targets-pod).
    expect(summary!.workloads).toBe(5);
    const overview = await getOverview(system, { clusterId }, NOW);
    expect(overview.total.workloads).toBe(5);
    // Worst first: legacy fails a danger check, checkout only warnings (no monitor, alerts or SLO).
    expect(overview.offenders.map((o) => o.name)).toEqual(['legacy', 'checkout']);
    expect(overview.offenders[1]!.failedDangers).toBe(0);
    expect(overview.offenders[0]!.failingChecks).toContain('tagNotSpecified');
    expect(overview.byCluster.map((c) => c.label)).toEqual([clusterName]);
  });

  it('is due again when a collector reports a change of a kind readiness reads, or after 15 minutes', async () => {
    const minute = new Date(NOW.getTime() + 60_000);
    const dueAt = async (at: Date) => (await evaluateDue(at)).map((s) => s.clusterId);
    expect(await dueAt(minute)).not.toContain(clusterId);
    // Pod churn does not change any workload's checks.
    await getPrisma().clusterSyncStatus.create({ data: { clusterId, kind: 'Pod', state: 'synced', lastEventAt: new Date(NOW.getTime() + 30_000) } });
    expect(await dueAt(minute)).not.toContain(clusterId);
    await getPrisma().clusterSyncStatus.create({ data: { clusterId, kind: 'Deployment', state: 'synced', lastEventAt: new Date(NOW.getTime() + 30_000) } });
    expect(await dueAt(minute)).toContain(clusterId);
    expect(await dueAt(new Date(minute.getTime() + 60_000))).not.toContain(clusterId);
    expect(await dueAt(new Date(minute.getTime() + 15 * 60_000))).toContain(clusterId);
    // Back to NOW for the tests below (evaluations are stamped with their `now`).
    await runEvaluation(clusterId, NOW);
  });

  it('rewrites only results that changed, and drops those of vanished objects', async () => {
    const again = await runEvaluation(clusterId, NOW);
    expect(again).toMatchObject({ workloads: 5, written: 0 });
    const extra = inNamespace(goodDeployment());
    extra.metadata!.name = 'extra';
    await upsertObjects(db(), clusterId, [object('Deployment', extra)], 1);
    expect(await runEvaluation(clusterId, NOW)).toMatchObject({ workloads: 6, written: 1 });
    await getPrisma().inventoryObject.delete({ where: { clusterId_kind_namespace_name: { clusterId, kind: 'Deployment', namespace: NS, name: 'extra' } } });
    expect(await runEvaluation(clusterId, NOW)).toMatchObject({ workloads: 5, written: 0 });
    expect(await getPrisma().readinessResult.count({ where: { clusterId } })).toBe(5);
  });

  it('maps workloads to the catalog team and service, and gates the service', async () => {
    const detail = await getWorkload(system, { cluster: clusterName, namespace: NS, kind: 'Deployment', name: 'checkout' }, NOW);
    expect(detail.teamName).toBe(`Payments ${tag}`);
    expect(detail.serviceName).toBe(`Checkout ${tag}`);
    expect(detail.checks.every((c) => c.title.length > 0)).toBe(true);
    const overview = await getOverview(system, {}, NOW);
    const gate = overview.gates.find((g) => g.serviceId === serviceId)!;
    expect(gate.status).toBe('fail');
    expect(gate.workloads).toBe(2);
    expect(gate.reasons).toContainEqual({ type: 'danger', checkId: 'tagNotSpecified', workload: `${clusterName}/${NS}/Deployment/legacy` });
  });

  it('a result whose team or service was deleted reads them as gone at once, and the next evaluation rewrites it', async () => {
    const prisma = getPrisma();
    const gone = `gone-${tag}`;
    const team = await prisma.team.create({ data: { slug: gone, name: `Gone ${tag}` } });
    const svc = await prisma.service.create({ data: { slug: gone, name: `Gone ${tag}`, teamId: team.id } });
    const cluster = await prisma.cluster.create({ data: { name: `gone-${tag}`, lastSyncedAt: NOW } });
    const deployment = inNamespace(goodDeployment());
    deployment.metadata!.name = 'orphan';
    deployment.metadata!.labels = { ...deployment.metadata!.labels, 'runwell.io/service': gone };
    deployment.metadata!.annotations = { ...deployment.metadata!.annotations, 'runwell.io/team': gone };
    await upsertObjects(db(), cluster.id, [object('Deployment', deployment)], 1);
    await runEvaluation(cluster.id, NOW);
    const ref = { cluster: cluster.name, namespace: NS, kind: 'Deployment', name: 'orphan' };
    expect(await getWorkload(system, ref, NOW)).toMatchObject({ teamName: `Gone ${tag}`, serviceId: svc.id, serviceName: `Gone ${tag}` });

    // No foreign keys on the result's ids: deleting the catalog rows does not touch it...
    await prisma.service.delete({ where: { id: svc.id } });
    await prisma.team.delete({ where: { id: team.id } });
    expect(await prisma.readinessResult.findFirst({ where: { clusterId: cluster.id }, select: { serviceId: true } })).toEqual({ serviceId: svc.id });
    // ...but every reader sees them gone, and no service gate or team card counts it.
    expect(await getWorkload(system, ref, NOW)).toMatchObject({ teamName: null, serviceId: null, serviceName: null, teamLabel: gone, serviceKey: gone });
    const overview = await getOverview(system, { clusterId: cluster.id }, NOW);
    expect(overview.gates.some((g) => g.serviceId === svc.id)).toBe(false);
    expect(JSON.stringify(overview.byTeam)).not.toContain(team.id);
    // The next evaluation writes the row again with the ids cleared.
    expect(await runEvaluation(cluster.id, NOW)).toMatchObject({ written: 1 });
    expect(await prisma.readinessResult.findFirst({ where: { clusterId: cluster.id }, select: { teamId: true, serviceId: true } })).toEqual({ teamId: null, serviceId: null });
    await prisma.cluster.delete({ where: { id: cluster.id } });
  });

  it('filters by check, area and severity', async () => {
    expect((await getOverview(system, { clusterId, checkId: 'tagNotSpecified' }, NOW)).total.workloads).toBe(1);
    expect((await getOverview(system, { clusterId, area: 'security', severity: 'danger' }, NOW)).total.workloads).toBe(1);
    expect((await getOverview(system, { clusterId, checkId: 'hostPIDSet' }, NOW)).total.workloads).toBe(0);
  });
});

describe('exemption workflow', () => {
  const request = (ctx: RequestContext, expiresAt: Date, extra: Record<string, unknown> = {}) =>
    requestExemption(ctx, { clusterId, namespace: NS, kind: 'Deployment', name: 'legacy', checkId: 'tagNotSpecified', reason: 'Vendor image, replaced next sprint', expiresAt, ...extra }, NOW);

  it('refuses expiries in the past or beyond 90 days, and viewers', async () => {
    await expectDomainError(request(engineer, new Date(NOW.getTime() - 1)), 'BAD_INPUT', 'expiresAt');
    await expectDomainError(request(engineer, new Date(NOW.getTime() + 91 * DAY)), 'BAD_INPUT', 'expiresAt');
    await expectDomainError(request(await actorWith('viewer'), new Date(NOW.getTime() + DAY)), 'FORBIDDEN');
  });

  it('an engineer requests, cannot approve; the requester cannot approve their own; another commander approves', async () => {
    const mine = await request(commander, new Date(NOW.getTime() + DAY));
    await expectDomainError(approveExemption(commander, { id: mine.id }, NOW), 'FORBIDDEN');
    await rejectExemption(otherCommander, { id: mine.id, note: 'use the engineer request' }, NOW);

    const before = await getWorkload(system, { cluster: clusterName, namespace: NS, kind: 'Deployment', name: 'legacy' }, NOW);
    const requested = await request(engineer, new Date(NOW.getTime() + DAY));
    expect(requested.state).toBe('pending');
    await expectDomainError(approveExemption(engineer, { id: requested.id }, NOW), 'FORBIDDEN');
    // Pending exemptions do not apply.
    await runEvaluation(clusterId, NOW);
    expect(await failing('legacy')).toContain('tagNotSpecified');

    const approved = await approveExemption(commander, { id: requested.id, note: 'ok until the rollout' }, NOW);
    expect(approved).toMatchObject({ state: 'approved', approverLabel: (commander.actor as { email: string }).email });
    await expectDomainError(approveExemption(otherCommander, { id: requested.id }, NOW), 'CONFLICT');

    // Approval re-evaluates at once: the check is exempt and the score rises.
    const after = await getWorkload(system, { cluster: clusterName, namespace: NS, kind: 'Deployment', name: 'legacy' }, NOW);
    expect(after.checks.find((c) => c.id === 'tagNotSpecified')?.status).toBe('exempt');
    expect(after.score).toBeGreaterThan(before.score);
    expect(after.exemptions.map((e) => e.id)).toContain(requested.id);

    const { items } = await listAuditEntries(system, { targetType: 'readiness_exemption', targetId: requested.id, limit: 10 });
    expect(items.map((i) => [i.action, i.actorLabel]).reverse()).toEqual([
      ['readiness.exemption.request', (engineer.actor as { email: string }).email],
      ['readiness.exemption.approve', (commander.actor as { email: string }).email],
    ]);
    const rejected = await listAuditEntries(system, { targetType: 'readiness_exemption', targetId: mine.id, limit: 10 });
    expect(rejected.items.map((i) => i.action)).toContain('readiness.exemption.reject');
  });

  it('an expired exemption stops applying: the next evaluation at now fails the check again', async () => {
    const expiry = new Date(NOW.getTime() + DAY);
    const justBefore = new Date(expiry.getTime() - 60_000);
    await runEvaluation(clusterId, justBefore);
    expect(await failing('legacy', justBefore)).not.toContain('tagNotSpecified');
    const justAfter = new Date(expiry.getTime() + 1_000);
    expect((await listExemptions(system, { state: 'expired' }, justAfter)).some((e) => e.clusterId === clusterId)).toBe(true);
    // Nothing changed and the last evaluation is a minute old: due only because an applied exemption expired.
    const due = await evaluateDue(justAfter);
    expect(due.map((s) => s.clusterId)).toContain(clusterId);
    expect(await failing('legacy', justAfter)).toContain('tagNotSpecified');
    await runEvaluation(clusterId, NOW);
  });

  it('revoking ends an exemption at once and is audited; only approvers or the requester may revoke', async () => {
    // tagNotSpecified is still exempt at NOW by the approval above, so use another failing check.
    expect(await failing('legacy')).toContain('metricsNotScraped');
    const requested = await request(engineer, new Date(NOW.getTime() + 10 * DAY), { checkId: 'metricsNotScraped' });
    await approveExemption(otherCommander, { id: requested.id }, NOW);
    expect(await failing('legacy')).not.toContain('metricsNotScraped');
    await expectDomainError(revokeExemption(await actorWith('engineer'), { id: requested.id }, NOW), 'FORBIDDEN');
    const revoked = await revokeExemption(commander, { id: requested.id, note: 'image pinned' }, NOW);
    expect(revoked.state).toBe('revoked');
    expect(revoked.revokedByLabel).toBe((commander.actor as { email: string }).email);
    expect(await failing('legacy')).toContain('metricsNotScraped');
    const { items } = await listAuditEntries(system, { targetType: 'readiness_exemption', targetId: requested.id, limit: 10 });
    expect(items[0]!.action).toBe('readiness.exemption.revoke');
  });

  it('a namespace-wide exemption applies to every workload in it', async () => {
    const requested = await requestExemption(engineer, { clusterId, namespace: NS, checkId: 'priorityClassNotSet', reason: 'No priority classes on this cluster yet', expiresAt: new Date(NOW.getTime() + DAY) }, NOW);
    await approveExemption(commander, { id: requested.id }, NOW);
    for (const name of ['checkout', 'legacy']) {
      const detail = await getWorkload(system, { cluster: clusterName, namespace: NS, kind: 'Deployment', name }, NOW);
      expect(detail.exemptions.map((e) => e.id)).toContain(requested.id);
    }
  });
});

describe('snapshots and trends', () => {
  it('stores one row per scope and day, replaced by a later run that day', async () => {
    await runEvaluation(clusterId, NOW);
    const first = await takeSnapshot(NOW);
    const second = await takeSnapshot(new Date(NOW.getTime() + HOUR));
    expect(second).toBe(first);
    const rows = await getPrisma().readinessSnapshot.findMany({ where: { key: { startsWith: clusterId } } });
    expect(rows.filter((r) => r.scope === 'workload')).toHaveLength(5);
    expect(rows.filter((r) => r.scope === 'cluster')).toHaveLength(1);
    expect(rows.filter((r) => r.scope === 'namespace').map((r) => r.label)).toEqual([`${clusterName}/${NS}`]);
    const overview = await getOverview(system, { clusterId }, NOW);
    expect(overview.trend.map((p) => p.day)).toEqual(['2026-11-20']);
    expect(overview.trend[0]!.live).toBeUndefined();
    const detail = await getWorkload(system, { cluster: clusterName, namespace: NS, kind: 'Deployment', name: 'legacy' }, NOW);
    expect(detail.history).toHaveLength(1);
  });
});
