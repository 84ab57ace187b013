import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getPrisma } from '@/server/db';
import { createCluster, testConnection } from '@/server/clusters/clusters.service';
import { startSimulator, type Simulator } from '@/simulator';
import { selfSignedCertificate } from '@/simulator/tls';
import { systemCtx, suffix } from '@/tests/setup/actors';
import { connectionOf, InventorySupervisor } from './supervisor.service';
import { KIND_DEFS } from './kinds.compute';
import * as repo from './collector.repo';

// "In-cluster" registration as the Helm chart runs it: the worker finds the API
// server in KUBERNETES_SERVICE_HOST/PORT and the pod's service account files
// (token, ca.crt, namespace) in the directory Kubernetes mounts them at. Here
// the API server is the simulator over TLS with a bearer token it requires, and
// the files sit in a temporary directory laid out like a pod's
// (RUNWELL_SERVICE_ACCOUNT_DIR points at it instead of /var/run/secrets/...).

const TOKEN = `eyJhbGciOiJSUzI1NiJ9.sa-${suffix()}`;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await wait(100);
  }
  return false;
}

describe('in-cluster collector with a pod service account layout, over TLS', () => {
  let sim: Simulator;
  let saDir: string;
  const saved: Record<string, string | undefined> = {};
  const kinds = KIND_DEFS.filter((d) => ['Namespace', 'Node', 'Pod', 'Deployment'].includes(d.kind));
  let supervisor: InventorySupervisor | null = null;

  beforeAll(async () => {
    sim = await startSimulator({ nodes: 3, pods: 24, seed: 'in-cluster', tls: true, token: TOKEN });
    expect(sim.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    saDir = mkdtempSync(path.join(tmpdir(), 'runwell-sa-'));
    // Exactly what the kubelet projects: no trailing newline in token.
    writeFileSync(path.join(saDir, 'token'), TOKEN);
    writeFileSync(path.join(saDir, 'ca.crt'), sim.certificate!);
    writeFileSync(path.join(saDir, 'namespace'), 'runwell');
    for (const key of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT', 'RUNWELL_SERVICE_ACCOUNT_DIR']) saved[key] = process.env[key];
    process.env.KUBERNETES_SERVICE_HOST = '127.0.0.1';
    process.env.KUBERNETES_SERVICE_PORT = String(sim.port);
    process.env.RUNWELL_SERVICE_ACCOUNT_DIR = saDir;
    // Other files' clusters must not be claimed by this supervisor.
    await getPrisma().cluster.updateMany({ data: { disabled: true } });
  });

  afterAll(async () => {
    await supervisor?.stop();
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
    rmSync(saDir, { recursive: true, force: true });
    await sim.close();
  });

  it('registers from the environment, verifies the API server with ca.crt, and collects with the token', async () => {
    const cluster = await createCluster(systemCtx, { name: `in-cluster-${suffix()}`, description: '', connection: { connectionKind: 'in_cluster' } });
    expect(cluster.connectionKind).toBe('in_cluster');
    expect(cluster.apiUrl).toBe(`https://127.0.0.1:${sim.port}`);

    // "Test connection" from the stored row: TLS verified against ca.crt, token accepted, every kind listable.
    const row = (await repo.findClusterForCollector(getPrisma(), cluster.id))!;
    const tested = await testConnection(connectionOf(row));
    expect(tested.steps.filter((s) => !s.ok)).toEqual([]);
    expect(tested.ok).toBe(true);
    expect(tested.serverGitVersion).toBe('v1.30.6');

    // The worker's path: the supervisor claims the cluster and runs its collector.
    supervisor = new InventorySupervisor({ holder: `in-cluster-${suffix()}`, tickMs: 200, collector: { kinds, backoff: { baseMs: 20, maxMs: 200 } } });
    supervisor.start();
    const podDef = sim.store.registry.lookup('', 'v1', 'pods')!;
    const simPods = sim.store.all(podDef).length;
    expect(simPods).toBe(24);
    const collected = await until(async () => (await getPrisma().inventoryObject.count({ where: { clusterId: cluster.id, kind: 'Pod' } })) === simPods, 15_000);
    expect(collected).toBe(true);
    expect(await getPrisma().inventoryObject.count({ where: { clusterId: cluster.id, kind: 'Node' } })).toBe(3);
    await supervisor.stop();
    supervisor = null;
  }, 40_000);

  it('refuses an API server whose certificate ca.crt does not vouch for', async () => {
    const other = selfSignedCertificate('127.0.0.1');
    writeFileSync(path.join(saDir, 'ca.crt'), other.cert);
    try {
      const result = await testConnection({ kind: 'in_cluster', apiUrl: `https://127.0.0.1:${sim.port}` });
      expect(result.ok).toBe(false);
      const connect = result.steps.find((s) => s.step === 'connect');
      expect(connect?.ok).toBe(false);
      expect(connect?.message).toMatch(/certificate|TLS/i);
    } finally {
      writeFileSync(path.join(saDir, 'ca.crt'), sim.certificate!);
    }
  });

  it('without the pod environment, registration says why', async () => {
    const host = process.env.KUBERNETES_SERVICE_HOST;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      await expect(createCluster(systemCtx, { name: `in-cluster-${suffix()}`, description: '', connection: { connectionKind: 'in_cluster' } })).rejects.toThrow(
        /not running inside a Kubernetes pod/,
      );
    } finally {
      process.env.KUBERNETES_SERVICE_HOST = host;
    }
  });
});
