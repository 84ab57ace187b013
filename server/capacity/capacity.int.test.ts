import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemCtx } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { getPrisma } from '../db';
import { getFleet, getOverview, listNamespaces, listNodes, snapshotDueClusters, takeSnapshot } from './capacity.service';

const system = systemCtx;
const viewer: RequestContext = { actor: { kind: 'user', id: 'u', email: 'v@x', name: 'V', role: 'viewer' }, requestId: null };
const nobody: RequestContext = { actor: { kind: 'token', id: 't', name: 't', scopes: ['alerts'] }, requestId: null };
const Gi = 1024 ** 3;
const Mi = 1024 ** 2;

const name = `cap-${Date.now()}`;
let clusterId = '';

function obj(kind: string, namespace: string, objName: string, extra: Record<string, unknown>) {
  return { clusterId, kind, namespace, name: objName, uid: `${kind}-${namespace}-${objName}`, resourceVersion: '1', ...extra };
}

const container = (cpu: string, memory: string) => ({ name: 'c', image: 'x:1', resources: { requests: { cpu, memory }, limits: { memory } } });

beforeAll(async () => {
  const prisma = getPrisma();
  clusterId = (await prisma.cluster.create({ data: { name } })).id;
  const node = (n: string, zone: string, ready: boolean) =>
    obj('Node', '', n, {
      labels: { 'topology.kubernetes.io/zone': zone },
      data: { status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] } },
    });
  const pod = (ns: string, p: string, nodeName: string | null, phase: string, cpu: string, memory: string, owner?: string) =>
    obj('Pod', ns, p, {
      nodeName,
      phase,
      ...(owner ? { ownerKind: 'ReplicaSet', ownerName: owner } : {}),
      data: { spec: { nodeName, containers: [container(cpu, memory)] }, status: { phase } },
    });
  await prisma.inventoryObject.createMany({
    data: [
      node('n1', 'a', true),
      node('n2', 'b', false),
      obj('NodeMetrics', '', 'n1', { data: { usage: { cpu: '1500m', memory: '4Gi' } } }),
      obj('ReplicaSet', 'shop', 'api-abc', { ownerKind: 'Deployment', ownerName: 'api' }),
      pod('shop', 'api-1', 'n1', 'Running', '1', '1Gi', 'api-abc'),
      pod('shop', 'api-2', 'n1', 'Running', '1', '1Gi', 'api-abc'),
      pod('shop', 'old', 'n1', 'Succeeded', '2', '2Gi'),
      pod('shop', 'waiting', null, 'Pending', '500m', '512Mi'),
      pod('data', 'db-0', 'n2', 'Running', '2', '8Gi'),
      obj('PodMetrics', 'shop', 'api-1', { data: { containers: [{ name: 'c', usage: { cpu: '50m', memory: '100Mi' } }] } }),
      obj('PodMetrics', 'shop', 'api-2', { data: { containers: [{ name: 'c', usage: { cpu: '70m', memory: '120Mi' } }] } }),
    ],
  });
});

afterAll(async () => {
  await getPrisma().cluster.deleteMany({ where: { id: clusterId } });
});

describe('capacity snapshots', () => {
  it('are not taken before nodes and pods are synced', async () => {
    await snapshotDueClusters(new Date());
    expect(await getPrisma().capacitySnapshot.count({ where: { clusterId } })).toBe(0);
  });

  it('are taken once synced, with kube-capacity sums, usage and hints', async () => {
    await getPrisma().clusterSyncStatus.createMany({
      data: [
        { clusterId, kind: 'Node', state: 'synced' },
        { clusterId, kind: 'Pod', state: 'synced' },
      ],
    });
    const now = new Date();
    const messages: string[] = [];
    expect(await snapshotDueClusters(now, (m) => messages.push(m))).toBeGreaterThanOrEqual(1);
    expect(messages.join('\n')).toContain(`capacity snapshot ${name}: 2 nodes, 3 pods, 2 namespaces`);

    const overview = await getOverview(viewer, { clusterId });
    expect(overview.cluster).toMatchObject({
      nodes: 2,
      schedulableNodes: 1,
      allocatable: { cpu: 8000, memory: 32 * Gi },
      requested: { cpu: 4000, memory: 10 * Gi },
      used: { cpu: 1500, memory: 4 * Gi },
      headroom: { cpu: 2000, memory: 14 * Gi },
      pending: { pods: 1, requested: { cpu: 500, memory: 512 * Mi } },
      pods: 3,
    });
    expect(overview.snapshotDays).toBe(1);
    expect(overview.trends.map((t) => t.requestedRunOut.status)).toEqual(['insufficient-data', 'insufficient-data']);
    expect(overview.hints.map((h) => [h.workload, h.resource, h.kind])).toEqual([
      ['Deployment/api', 'cpu', 'oversized'],
      ['Deployment/api', 'memory', 'oversized'],
    ]);

    const nodes = await listNodes(viewer, { clusterId, sort: 'name' });
    expect(nodes.total).toBe(2);
    expect(nodes.rows.map((r) => [r.key, r.pods, r.requested.cpu, r.ready, r.zone, r.used?.cpu ?? null])).toEqual([
      ['n1', 2, 2000, true, 'a', 1500],
      ['n2', 1, 2000, false, 'b', null],
    ]);
    const ns = await listNamespaces(viewer, { clusterId, search: 'sho' });
    expect(ns.rows.map((r) => [r.key, r.pods, r.unscheduled, r.requested.cpu, r.charged])).toEqual([['shop', 3, 1, 2500, { cpu: 2500, memory: 2.5 * Gi }]]);
  });

  it('a second run the same day replaces today rather than adding', async () => {
    await takeSnapshot(clusterId, new Date());
    expect(await getPrisma().capacitySnapshot.count({ where: { clusterId, scope: 'cluster' } })).toBe(1);
    // Not due again within 15 minutes.
    const before = await getPrisma().capacitySnapshot.findFirstOrThrow({ where: { clusterId, scope: 'cluster' } });
    await snapshotDueClusters(new Date());
    const after = await getPrisma().capacitySnapshot.findFirstOrThrow({ where: { clusterId, scope: 'cluster' } });
    expect(after.takenAt).toEqual(before.takenAt);
  });

  it('forecasts from several days', async () => {
    const prisma = getPrisma();
    const today = new Date();
    for (let i = 1; i <= 5; i++) {
      const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - i));
      await prisma.capacitySnapshot.create({
        data: { clusterId, day, scope: 'cluster', key: '', allocatableCpu: 8000, allocatableMemory: 32 * Gi, requestedCpu: 4000 - i * 100, requestedMemory: 10 * Gi, limitsCpu: 0, limitsMemory: 0, usedCpu: 1500, usedMemory: 4 * Gi, takenAt: day },
      });
    }
    const overview = await getOverview(viewer, { clusterId });
    expect(overview.snapshotDays).toBe(6);
    const cpu = overview.trends[0]!;
    expect(cpu.requestedRunOut).toMatchObject({ status: 'within', days: 40 }); // +100m/day from 4000m to 8000m
    expect(cpu.points.filter((p) => p.forecastRequested !== null).length).toBe(184);
    expect(cpu.summary).toMatch(/reaches allocatable capacity in \d+ days?\./);
  });

  it('the fleet read gives every enabled cluster the headroom and run-out of its overview, and none of a disabled one', async () => {
    const prisma = getPrisma();
    const bare = await prisma.cluster.create({ data: { name: `${name}-bare` } });
    const off = await prisma.cluster.create({ data: { name: `${name}-off`, disabled: true } });
    try {
      const fleet = await getFleet(viewer);
      const overview = await getOverview(viewer, { clusterId });
      expect(fleet.find((c) => c.clusterId === clusterId)).toEqual({
        clusterId,
        takenAt: overview.takenAt,
        cluster: { allocatable: overview.cluster!.allocatable, headroom: overview.cluster!.headroom },
        trends: overview.trends.map((t) => ({ resource: t.resource, firstRunOut: t.firstRunOut })),
      });
      expect(fleet.find((c) => c.clusterId === bare.id)).toEqual({ clusterId: bare.id, takenAt: null, cluster: null, trends: [] });
      expect(fleet.some((c) => c.clusterId === off.id)).toBe(false);
    } finally {
      await prisma.cluster.deleteMany({ where: { id: { in: [bare.id, off.id] } } });
    }
  });

  it('needs app.read', async () => {
    await expect(getOverview(nobody, { clusterId })).rejects.toThrow(/may not view capacity/);
    await expect(getFleet(nobody)).rejects.toThrow(/may not view capacity/);
    await expect(getOverview(system, { clusterId: 'nope' })).rejects.toThrow(/No such cluster/);
  });
});
