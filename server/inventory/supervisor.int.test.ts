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
    await getPrisma().cluster.delete({ where: { id: clusterId } });
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
  });
});
