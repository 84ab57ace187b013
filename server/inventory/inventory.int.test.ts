import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../lib/request-context';
import { getPrisma } from '../db';
import { getFleet, getMaintenance } from '../maintenance/maintenance.service';
import { namespaces, nodes, summary, workload, workloads } from './inventory.service';

const viewer: RequestContext = { actor: { kind: 'user', id: 'u', email: 'v@x', name: 'V', role: 'viewer' }, requestId: null };
let clusterId = '';

beforeAll(async () => {
  const prisma = getPrisma();
  clusterId = (await prisma.cluster.create({ data: { name: `browse-${Date.now()}`, serverGitVersion: 'v1.30.6' } })).id;
  const o = (kind: string, namespace: string, name: string, extra: Record<string, unknown> = {}) => ({ clusterId, kind, namespace, name, uid: `${kind}/${namespace}/${name}`, resourceVersion: '1', ...extra });
  const node = (name: string, zone: string, kubelet: string, ready: boolean, cordoned = false) =>
    o('Node', '', name, {
      labels: { 'topology.kubernetes.io/zone': zone },
      creationTimestamp: new Date(Date.now() - 100 * 86_400_000),
      data: {
        spec: cordoned ? { unschedulable: true } : {},
        status: { allocatable: { cpu: '4', memory: '16Gi', pods: '110' }, nodeInfo: { kubeletVersion: kubelet, osImage: 'Bottlerocket', kernelVersion: '6.1' }, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
      },
    });
  const template = { spec: { containers: [{ name: 'app', image: 'ghcr.io/shop/checkout:1.2.3', resources: { requests: { cpu: '100m' } } }] } };
  await prisma.inventoryObject.createMany({
    data: [
      node('n1', 'a', 'v1.30.6', true),
      node('n2', 'b', 'v1.27.1', true, true),
      node('n3', 'b', 'v1.29.0', false),
      o('Namespace', '', 'checkout', { team: 'checkout' }),
      o('Namespace', '', 'search'),
      o('Deployment', 'checkout', 'api', { data: { spec: { replicas: 3, template }, status: { readyReplicas: 2 } } }),
      o('StatefulSet', 'search', 'indexer', { team: 'search', data: { spec: { replicas: 1, template: { spec: { containers: [{ name: 'es', image: 'elastic:8' }] } } }, status: { readyReplicas: 1 } } }),
      o('ReplicaSet', 'checkout', 'api-1', { ownerKind: 'Deployment', ownerName: 'api', ownerUid: 'Deployment/checkout/api' }),
      o('Pod', 'checkout', 'api-1-a', { ownerUid: 'ReplicaSet/checkout/api-1', nodeName: 'n1', phase: 'Running', data: { status: { ready: true, restarts: 2 } } }),
      o('Pod', 'checkout', 'api-1-b', { ownerUid: 'ReplicaSet/checkout/api-1', nodeName: 'n1', phase: 'Running', data: { status: { ready: false, containerStatuses: [{ reason: 'CrashLoopBackOff' }] } } }),
      o('Pod', 'checkout', 'done', { nodeName: 'n1', phase: 'Succeeded' }),
    ],
  });
});

afterAll(async () => {
  await getPrisma().cluster.deleteMany({ where: { id: clusterId } });
});

describe('inventory browsing', () => {
  it('summary', async () => {
    expect(await summary(viewer, { clusterId })).toEqual({ nodes: 3, pods: 3, namespaces: 2, workloads: 2, zones: ['a', 'b'] });
  });

  it('nodes with filters and pod counts', async () => {
    const all = await nodes(viewer, { clusterId });
    expect(all.total).toBe(3);
    expect(all.rows.map((n) => [n.name, n.ready, n.unschedulable, n.pods, n.problems])).toEqual([
      ['n1', true, false, 2, []],
      ['n2', true, true, 0, []],
      ['n3', false, false, 0, ['NotReady']],
    ]);
    expect((await nodes(viewer, { clusterId, zone: 'b', status: 'not-ready' })).rows.map((n) => n.name)).toEqual(['n3']);
    expect((await nodes(viewer, { clusterId, status: 'cordoned' })).rows.map((n) => n.name)).toEqual(['n2']);
    expect((await nodes(viewer, { clusterId, search: '1.27' })).rows.map((n) => n.name)).toEqual(['n2']);
    expect(all.rows[0]!.allocatable).toEqual({ cpu: 4000, memory: 16 * 1024 ** 3, pods: 110 });
    const paged = await nodes(viewer, { clusterId, pageSize: 10, page: 2 });
    expect(paged.rows).toEqual([]);
  });

  it('namespaces', async () => {
    const ns = await namespaces(viewer, { clusterId });
    expect(ns.rows.map((n) => [n.name, n.team, n.pods, n.workloads])).toEqual([
      ['checkout', 'checkout', 2, 1],
      ['search', null, 0, 1],
    ]);
  });

  it('workloads: replicas, team from the workload or its namespace, images, search and filters', async () => {
    const w = await workloads(viewer, { clusterId });
    expect(w.rows.map((r) => [r.kind, r.name, r.desired, r.ready, r.team, r.images])).toEqual([
      ['Deployment', 'api', 3, 2, 'checkout', ['ghcr.io/shop/checkout:1.2.3']],
      ['StatefulSet', 'indexer', 1, 1, 'search', ['elastic:8']],
    ]);
    expect((await workloads(viewer, { clusterId, search: 'checkout:1.2' })).rows.map((r) => r.name)).toEqual(['api']);
    expect((await workloads(viewer, { clusterId, unhealthy: true })).rows.map((r) => r.name)).toEqual(['api']);
    expect((await workloads(viewer, { clusterId, kind: 'StatefulSet', team: 'search' })).total).toBe(1);
  });

  it('a workload with its pods through its ReplicaSets', async () => {
    const d = await workload(viewer, { clusterId, kind: 'Deployment', namespace: 'checkout', name: 'api' });
    expect(d.pods.total).toBe(2);
    expect(d.pods.rows.map((p) => [p.name, p.ready, p.restarts, p.reason])).toEqual([
      ['api-1-a', true, 2, null],
      ['api-1-b', false, 0, 'CrashLoopBackOff'],
    ]);
    expect(d.containers).toEqual([{ name: 'app', image: 'ghcr.io/shop/checkout:1.2.3', requests: { cpu: '100m' }, limits: {} }]);
    expect(d.readinessPath).toMatch(/^\/readiness\/browse-\d+\/checkout\/Deployment\/api$/);
    await expect(workload(viewer, { clusterId, kind: 'Deployment', namespace: 'checkout', name: 'nope' })).rejects.toThrow(/No Deployment checkout\/nope/);
  });

  it('maintenance: skew per node, worst first', async () => {
    const m = await getMaintenance(viewer, { clusterId }, new Date('2026-11-26T00:00:00Z'));
    expect(m.nodes.rows.map((n) => [n.name, n.skew.status])).toEqual([
      ['n2', 'warning'],
      ['n1', 'ok'],
      ['n3', 'ok'],
    ]);
    expect(m.summary.blockingNextUpgrade).toBe(1);
    expect(m.summary.controlPlane.support.status).toBe('end-of-life');
    expect(m.summary.groups.osImage).toEqual([{ value: 'Bottlerocket', nodes: 3, examples: ['n1', 'n2', 'n3'] }]);
    expect((await getMaintenance(viewer, { clusterId, status: 'warning' })).nodes.total).toBe(1);
  });

  it('maintenance fleet: skew counts of every enabled cluster in one read, equal to the summary of its page', async () => {
    const fleet = await getFleet(viewer);
    const page = await getMaintenance(viewer, { clusterId });
    expect(fleet.find((c) => c.clusterId === clusterId)?.skew).toEqual({ ok: 2, warning: 1, violation: 0, unknown: 0 });
    expect(fleet.find((c) => c.clusterId === clusterId)?.skew).toEqual(page.summary.skew);
    const nobody: RequestContext = { actor: { kind: 'token', id: 't', name: 't', scopes: ['alerts'] }, requestId: null };
    await expect(getFleet(nobody)).rejects.toThrow(/may not view cluster maintenance/);
  });
});
