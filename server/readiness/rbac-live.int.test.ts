import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db';
import { startClusterCollector, type RunningCollector } from '@/server/inventory/collector.service';
import { startSimulator, type Simulator } from '@/simulator';
import { runEvaluation } from './evaluation.service';

// Live evaluation of the RBAC and ConfigMap checks, end to end: the simulator
// serves RBAC objects and a ConfigMap with a password, the collector stores them
// in Postgres (ConfigMap keys only), the engine judges the stored rows.

const NOW = new Date('2026-06-01T00:00:00Z');

describe('RBAC and ConfigMap checks on the live inventory', () => {
  let sim: Simulator;
  let clusterId: string;
  let collector: RunningCollector | null = null;

  beforeAll(async () => {
    sim = await startSimulator({ nodes: 3, pods: 30, seed: 'rbac-live' });
    const cluster = await getPrisma().cluster.create({ data: { name: `rbac-live-${Date.now()}`, connectionKind: 'simulator', apiUrl: sim.url, lastSyncedAt: NOW } });
    clusterId = cluster.id;
    collector = startClusterCollector(clusterId, { kind: 'simulator', apiUrl: sim.url }, { flushMs: 30, watchTimeoutSeconds: 3, statusEveryMs: 100 });
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const kinds = await getPrisma().inventoryObject.groupBy({ by: ['kind'], where: { clusterId, kind: { in: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ConfigMap'] } } });
      if (kinds.length === 5) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    await collector?.stop();
    await sim.close();
  });

  it('stores ConfigMap keys without their values', async () => {
    const row = await getPrisma().inventoryObject.findFirst({ where: { clusterId, kind: 'ConfigMap', name: 'legacy-settings' } });
    expect(row?.data).toMatchObject({ dataSummary: { keys: ['LOG_LEVEL', 'DB_PASSWORD'], privateKeyValues: [] } });
    expect(JSON.stringify(row)).not.toContain('not-a-real-password');
  });

  it('judges roles, bindings and ConfigMaps from Postgres', async () => {
    await runEvaluation(clusterId, NOW);
    const results = await getPrisma().readinessResult.findMany({ where: { clusterId, kind: { in: ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding', 'ConfigMap'] } } });
    const failing = (kind: string, name: string) => [...(results.find((r) => r.kind === kind && r.name === name)?.failingChecks ?? ['(no result)'])].sort();
    // A */*/* role also allows exec: both binding checks fail, as in Polaris.
    expect(failing('ClusterRoleBinding', 'ci-deployer')).toEqual(['clusterrolebindingClusterAdmin', 'clusterrolebindingPodExecAttach']);
    expect(failing('ClusterRoleBinding', 'cluster-admin')).toEqual([]);
    expect(failing('ClusterRoleBinding', 'viewers')).toEqual([]);
    expect(failing('Role', 'debug-shell')).toEqual(['rolePodExecAttach']);
    expect(failing('RoleBinding', 'debug-shell')).toEqual(['rolebindingRolePodExecAttach']);
    expect(failing('RoleBinding', 'readers')).toEqual([]);
    expect(failing('ClusterRole', 'edit')).toEqual([]);
    expect(failing('ClusterRole', 'ci-deployer')).toEqual(['clusterrolePodExecAttach']);
    expect(failing('ConfigMap', 'legacy-settings')).toEqual(['sensitiveConfigmapContent']);
    expect(failing('ConfigMap', 'kube-root-ca.crt')).toEqual([]);
  });
});
