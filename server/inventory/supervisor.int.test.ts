import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db';
import { startSimulator, type Simulator } from '@/simulator';
import { InventorySupervisor } from './supervisor.service';
import { KIND_DEFS } from './kinds.compute';

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await wait(100);
  }
  return false;
}

describe('inventory supervisor leases', () => {
  let sim: Simulator;
  let clusterId: string;
  const extraClusters: string[] = [];
  const supervisors: InventorySupervisor[] = [];
  const kinds = KIND_DEFS.filter((d) => ['Node', 'Pod', 'Namespace'].includes(d.kind));

  beforeAll(async () => {
    sim = await startSimulator({ nodes: 3, pods: 30, seed: 'inv-lease' });
    // Other files' clusters must not be claimed by these supervisors.
    await getPrisma().cluster.updateMany({ data: { disabled: true } });
    clusterId = (await getPrisma().cluster.create({ data: { name: `inv-lease-${Date.now()}`, connectionKind: 'simulator', apiUrl: sim.url } })).id;
  });

  afterAll(async () => {
    for (const s of supervisors) await s.stop();
    await getPrisma().cluster.deleteMany({ where: { id: { in: [clusterId, ...extraClusters] } } });
    await sim.close();
  });

  const make = (holder: string) => {
    const s = new InventorySupervisor({ holder, leaseTtlMs: 1_500, renewMs: 300, tickMs: 300, collector: { kinds, backoff: { baseMs: 20, maxMs: 200 } } });
    supervisors.push(s);
    return s;
  };

  it('one owner at a time; when the owner dies, the other takes over after expiry', async () => {
    const a = make('worker-a');
    const b = make('worker-b');
    a.start();
    expect(await until(() => a.clusterIds().includes(clusterId), 5_000)).toBe(true);
    b.start();
    await wait(1_000);
    expect(b.clusterIds()).not.toContain(clusterId);
    expect((await getPrisma().clusterLease.findUniqueOrThrow({ where: { clusterId } })).holder).toBe('worker-a');
    expect(await until(async () => (await getPrisma().inventoryObject.count({ where: { clusterId, kind: 'Pod' } })) === 30, 10_000)).toBe(true);

    await a.stop({ release: false }); // dies without releasing
    expect(await until(() => b.clusterIds().includes(clusterId), 6_000)).toBe(true);
    expect((await getPrisma().clusterLease.findUniqueOrThrow({ where: { clusterId } })).holder).toBe('worker-b');

    // The new owner keeps the inventory current: a deleted node disappears.
    const nodeDef = sim.store.registry.lookup('', 'v1', 'nodes')!;
    const node = sim.store.all(nodeDef)[0]!;
    sim.store.remove(nodeDef, undefined, node.metadata.name);
    expect(
      await until(async () => !(await getPrisma().inventoryObject.findFirst({ where: { clusterId, kind: 'Node', name: node.metadata.name } })), 10_000),
    ).toBe(true);
  }, 40_000);

  it('a graceful stop releases the lease at once', async () => {
    const b = supervisors[1]!;
    await b.stop();
    expect(await getPrisma().clusterLease.findUnique({ where: { clusterId } })).toBeNull();
    expect(await getPrisma().collectorWorker.findUnique({ where: { holder: 'worker-b' } })).toBeNull();
  });

  it('spreads clusters evenly: a worker that arrives gets its share, one that leaves hands its share back', async () => {
    // Five clusters (four more on the same simulator): shares of ceil(5 / 2) = 3.
    const more = await Promise.all(
      [1, 2, 3, 4].map((i) => getPrisma().cluster.create({ data: { name: `inv-share-${i}-${Date.now()}`, connectionKind: 'simulator', apiUrl: sim.url } })),
    );
    extraClusters.push(...more.map((c) => c.id));
    const all = [clusterId, ...extraClusters].sort();
    const holders = async () => {
      const leases = await getPrisma().clusterLease.findMany({ where: { clusterId: { in: all } } });
      return Object.fromEntries(['worker-c', 'worker-d'].map((h) => [h, leases.filter((l) => l.holder === h).map((l) => l.clusterId).sort()]));
    };
    const c = make('worker-c');
    c.start();
    expect(await until(() => c.clusterIds().length === 5, 5_000)).toBe(true);

    const d = make('worker-d');
    d.start();
    expect(await until(() => c.clusterIds().length === 3 && d.clusterIds().length === 2, 8_000)).toBe(true);
    const split = await holders();
    expect(split['worker-c']).toEqual([...c.clusterIds()].sort());
    expect(split['worker-d']).toEqual([...d.clusterIds()].sort());
    expect([...split['worker-c']!, ...split['worker-d']!].sort()).toEqual(all);
    // Stable: another few ticks move nothing.
    await wait(1_000);
    expect(await holders()).toEqual(split);

    await d.stop();
    expect(await until(() => c.clusterIds().length === 5, 5_000)).toBe(true);
    expect((await holders())['worker-c']).toEqual(all);
  }, 40_000);
});
