import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db';
import { startSimulator, type Simulator } from '@/simulator';
import { startClusterCollector, type RunningCollector } from './collector.service';
import { KIND_DEFS, type KindDef } from './kinds.compute';

// Reliability: with faults (500s, slow answers, dropped watches, history resets
// that force 410 on resume) and churn running, the collector converges to
// exactly what the simulator holds.

const WATCHED = KIND_DEFS.filter((d) => !d.pollSeconds);

async function snapshotDb(clusterId: string): Promise<Map<string, string>> {
  const rows = await getPrisma().inventoryObject.findMany({
    where: { clusterId, kind: { in: WATCHED.map((d) => d.kind) } },
    select: { kind: true, namespace: true, name: true, resourceVersion: true },
  });
  const out = new Map<string, string>();
  for (const r of rows) {
    const key = `${r.kind}/${r.namespace}/${r.name}`;
    if (out.has(key)) throw new Error(`duplicate row ${key}`);
    out.set(key, r.resourceVersion);
  }
  return out;
}

function snapshotSim(sim: Simulator, defs: readonly KindDef[] = WATCHED): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of defs) {
    // By group and plural: Runwell's kind key can differ from the Kubernetes kind (ChaosSchedule).
    const def = sim.store.registry.lookup(d.group, d.version, d.plural);
    if (!def) continue;
    for (const o of sim.store.all(def)) out.set(`${d.kind}/${d.namespaced ? o.metadata.namespace : ''}/${o.metadata.name}`, String(o.metadata.resourceVersion));
  }
  return out;
}

function diff(a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [k, v] of a) if (b.get(k) !== v) out.push(`${k}: sim ${v} db ${b.get(k) ?? 'missing'}`);
  for (const k of b.keys()) if (!a.has(k)) out.push(`${k}: stale row (not in the simulator)`);
  return out;
}

async function converge(sim: Simulator, clusterId: string, timeoutMs: number): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let last: string[] = [];
  while (Date.now() < deadline) {
    last = diff(snapshotSim(sim), await snapshotDb(clusterId));
    if (last.length === 0) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('inventory collector against the simulator', () => {
  let sim: Simulator;
  let clusterId: string;
  let collector: RunningCollector | null = null;

  beforeAll(async () => {
    sim = await startSimulator({ nodes: 12, pods: 300, seed: 'inv-reliability', bookmarkIntervalMs: 500, podStartMs: 200, podTerminateMs: 100 });
    const cluster = await getPrisma().cluster.create({
      data: { name: `inv-rel-${Date.now()}`, connectionKind: 'simulator', apiUrl: sim.url },
    });
    clusterId = cluster.id;
  });

  afterAll(async () => {
    await collector?.stop();
    sim.churn.stop();
    await sim.close();
  });

  it('lists everything, then converges to the simulator under churn and faults', async () => {
    collector = startClusterCollector(
      clusterId,
      { kind: 'simulator', apiUrl: sim.url },
      { flushMs: 30, watchTimeoutSeconds: 3, backoff: { baseMs: 20, maxMs: 300 }, statusEveryMs: 100 },
    );
    expect(await converge(sim, clusterId, 20_000)).toEqual([]);
    const podRows = await getPrisma().inventoryObject.count({ where: { clusterId, kind: 'Pod' } });
    expect(podRows).toBe(300);

    sim.churn.eventsPerSecond = 80;
    sim.churn.start(50);
    sim.faults.errorRate = 0.15;
    sim.faults.slowMs = 15;
    sim.faults.dropWatchEverySeconds = 1;
    for (let i = 0; i < 4; i++) {
      await wait(1_000);
      sim.faults.resetHistory();
      sim.faults.dropWatches(i % 2 ? 'destroy' : 'end');
    }
    await wait(1_000);
    sim.churn.stop();
    sim.faults.errorRate = 0;
    sim.faults.slowMs = 0;
    sim.faults.dropWatchEverySeconds = 0;
    expect(Object.values(sim.churn.stats).reduce((a, b) => a + b, 0)).toBeGreaterThan(50);

    expect(await converge(sim, clusterId, 25_000)).toEqual([]);
    const statuses = await getPrisma().clusterSyncStatus.findMany({ where: { clusterId } });
    expect(statuses.find((s) => s.kind === 'Pod')?.state).toBe('synced');
    const cluster = await getPrisma().cluster.findUniqueOrThrow({ where: { id: clusterId } });
    expect(cluster.serverGitVersion).toBe('v1.30.6');
  }, 90_000);

  it('keeps the data and marks the cluster stale when the API goes away', async () => {
    await collector?.stop();
    collector = null;
    const before = await getPrisma().inventoryObject.count({ where: { clusterId } });
    collector = startClusterCollector(
      clusterId,
      { kind: 'simulator', apiUrl: 'http://127.0.0.1:1' },
      { kinds: WATCHED.slice(0, 2), backoff: { baseMs: 20, maxMs: 100 } },
    );
    // The first kind to fail marks the cluster stale; each kind records its own error as it fails (the Node kind may be a moment later).
    const deadline = Date.now() + 10_000;
    let state = '';
    let nodeError: string | null = null;
    while (Date.now() < deadline && (state !== 'stale' || nodeError === null)) {
      await wait(100);
      state = (await getPrisma().cluster.findUniqueOrThrow({ where: { id: clusterId } })).syncState;
      nodeError = (await getPrisma().clusterSyncStatus.findUniqueOrThrow({ where: { clusterId_kind: { clusterId, kind: 'Node' } } })).lastError;
    }
    expect(state).toBe('stale');
    expect(nodeError).toMatch(/ECONNREFUSED|connect/i);
    expect(await getPrisma().inventoryObject.count({ where: { clusterId } })).toBe(before);
  });
});
