import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith, systemCtx } from '@/tests/setup/actors';
import { startSimulator, type Simulator } from '@/simulator';
import { getPrisma } from '../db';
import { getSecurityOverview } from '../hardening/hardening.service';
import { deliveryEvidence } from '../maturity/delivery-evidence.compute';
import { gatherOperations } from '../maturity/operations-evidence.service';
import { startClusterCollector, type RunningCollector } from './collector.service';
import { KIND_DEFS } from './kinds.compute';

// The collectors read the shop's Argo Rollout, Flagger Canary, Chaos Mesh
// PodChaos and Schedule, KEDA ScaledObject and Trivy ConfigAuditReports (list,
// then watch), the security page counts misconfigurations per workload and the
// maturity model measures canary, chaos and predictive scaling from them.

const KINDS = ['Rollout', 'Canary', 'PodChaos', 'ChaosSchedule', 'ScaledObject', 'ConfigAuditReport'] as const;
let sim: Simulator;
let clusterId: string;
let clusterName: string;
let collector: RunningCollector | null = null;

const defOf = (kind: string) => {
  const d = KIND_DEFS.find((k) => k.kind === kind)!;
  return sim.store.registry.lookup(d.group, d.version, d.plural)!;
};
const rows = (kind: string) => getPrisma().inventoryObject.findMany({ where: { clusterId, kind }, orderBy: { name: 'asc' } });

async function until(check: () => Promise<boolean>, ms = 30_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out');
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'shop' });
  sim.churn.stop();
  clusterName = `crds-${Date.now()}`;
  clusterId = (await getPrisma().cluster.create({ data: { name: clusterName, connectionKind: 'simulator', apiUrl: sim.url } })).id;
  collector = startClusterCollector(clusterId, { kind: 'simulator', apiUrl: sim.url }, { kinds: KIND_DEFS.filter((d) => (KINDS as readonly string[]).includes(d.kind) || d.kind === 'Namespace'), flushMs: 30, watchTimeoutSeconds: 3, backoff: { baseMs: 20, maxMs: 300 }, statusEveryMs: 100 });
});

afterAll(async () => {
  await collector?.stop();
  await sim.close();
});

describe('collected custom resources', () => {
  it('lists every kind, with what the maturity model and the security page read', async () => {
    await until(async () => {
      for (const kind of KINDS) if ((await rows(kind)).length !== sim.store.all(defOf(kind)).length) return false;
      return true;
    });
    const [rollout] = await rows('Rollout');
    expect(rollout).toMatchObject({ namespace: 'payments', name: 'payment-service', team: 'payments', labels: { 'runwell.io/service': 'payments-api' } });
    expect(rollout!.data).toMatchObject({ apiVersion: 'argoproj.io/v1alpha1', spec: { strategy: { type: 'canary', steps: 6, trafficRouting: 'nginx', analysis: true } }, status: { phase: 'Healthy' } });
    const [schedule] = await rows('ChaosSchedule');
    expect(schedule!.data).toMatchObject({ apiVersion: 'chaos-mesh.org/v1alpha1', spec: { schedule: '0 10 * * 2', type: 'PodChaos', action: 'pod-kill', namespaces: ['payments'] } });
    // Velero's Schedules keep their own kind key.
    expect(await getPrisma().inventoryObject.count({ where: { clusterId, kind: 'Schedule' } })).toBe(0);
    const [keda] = await rows('ScaledObject');
    expect(keda!.data).toMatchObject({ spec: { triggers: [{ type: 'prometheus' }, { type: 'cron' }] } });
    expect(JSON.stringify(keda!.data)).not.toContain('serverAddress');
  }, 60_000);

  it('watches: a Canary promoted in the cluster is promoted in the inventory', async () => {
    const def = defOf('Canary');
    const canary = structuredClone(sim.store.get(def, 'checkout', 'checkout-api')!);
    canary.status = { ...canary.status, phase: 'Succeeded', canaryWeight: 0 };
    sim.store.put(canary);
    await until(async () => ((await rows('Canary'))[0]!.data as { status?: { phase?: string } }).status?.phase === 'Succeeded', 15_000);
  });

  it('the security page counts misconfigurations per workload: the privileged auth-service first among high', async () => {
    const audit = (await getSecurityOverview(await actorWith('viewer'))).configAudit;
    const mine = audit.workloads.filter((w) => w.clusterName === clusterName);
    expect(mine.length).toBeGreaterThan(5);
    const auth = mine.find((w) => w.workloadName === 'auth-service')!;
    expect(auth).toMatchObject({ workloadKind: 'Deployment', namespace: 'identity' });
    expect(auth.high).toBeGreaterThanOrEqual(1);
    expect(auth.failing[0]).toMatchObject({ id: 'KSV017', severity: 'HIGH' });
    for (let i = 1; i < audit.workloads.length; i++) expect(audit.workloads[i - 1]!.high + 100 * audit.workloads[i - 1]!.critical).toBeGreaterThanOrEqual(audit.workloads[i]!.high + 100 * audit.workloads[i]!.critical);
  });

  it('the maturity markers measure canary, chaos, continuous chaos and KEDA per team', async () => {
    const lookup = {
      services: [{ id: 'svc-pay', slug: 'payments-api', teamId: 'team-pay' }, { id: 'svc-co', slug: 'checkout-web', teamId: 'team-co' }, { id: 'svc-search', slug: 'search-api', teamId: 'team-search' }],
      teams: [{ id: 'team-pay', slug: 'payments', name: 'Payments' }, { id: 'team-co', slug: 'checkout', name: 'Checkout' }, { id: 'team-search', slug: 'search', name: 'Search' }],
    };
    const ops = await gatherOperations(systemCtx, Date.now(), lookup);
    expect(Array.isArray(ops.delivery)).toBe(true);
    const facts = (ops.delivery as Exclude<typeof ops.delivery, { unavailable: string }>).filter((f) => f.cluster === clusterName);
    const value = (team: string) => {
      const e = deliveryEvidence(facts, team, Date.now());
      return [e.canaryObjects.value, e.chaosExperiments.value, e.scheduledChaos.value, e.predictiveScalers.value];
    };
    expect(value('team-pay')).toEqual([1, 1, 1, 0]); // Rollout, last week's PodChaos, the weekly Schedule
    expect(value('team-co')).toEqual([1, 0, 0, 0]); // Flagger Canary
    expect(value('team-search')).toEqual([0, 0, 0, 1]); // KEDA; its PodChaos is 120 days old
    expect(deliveryEvidence(facts, 'team-co', Date.now()).canaryObjects.href).toBe(`/clusters/${clusterName}/workloads/checkout/Deployment/checkout-api`);
  });
});
