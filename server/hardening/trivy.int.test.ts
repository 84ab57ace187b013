import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith } from '@/tests/setup/actors';
import { startSimulator, type Simulator } from '@/simulator';
import type { KubeObject } from '@/simulator/types';
import { getPrisma } from '../db';
import { startClusterCollector, type RunningCollector } from '../inventory/collector.service';
import { getSecurityOverview } from './hardening.service';

// Trivy Operator VulnerabilityReports: the simulator serves them (checked with
// the real kubectl, like a cluster with the operator installed), the
// collectors keep them, and the security page counts critical/high per
// workload and image with the oldest vulnerability a fix exists for.
const run = promisify(execFile);
let sim: Simulator;
let dir: string;
let clusterName: string;
let clusterId: string;
let collector: RunningCollector | null = null;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(process.env.KUBECTL ?? '/usr/bin/kubectl', ['--server', sim.url, '--cache-dir', join(dir, 'cache'), '--request-timeout', '20s', ...args], { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'trivy-kubectl-'));
  writeFileSync(join(dir, 'kubeconfig'), '');
  sim = await startSimulator({ scenario: 'shop' });
  clusterName = `trivy-${Date.now()}`;
  clusterId = (await getPrisma().cluster.create({ data: { name: clusterName, connectionKind: 'simulator', apiUrl: sim.url } })).id;
});

afterAll(async () => {
  await collector?.stop();
  sim.churn.stop();
  await sim.close();
});

describe('Trivy VulnerabilityReports', () => {
  it('kubectl lists exactly what the simulator holds, with the operator’s printer columns', async () => {
    const def = sim.store.registry.lookup('aquasecurity.github.io', 'v1alpha1', 'vulnerabilityreports')!;
    const expected = sim.store.all(def).map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(expected.length).toBeGreaterThan(10);
    const list = JSON.parse(await kubectl('get', 'vulnerabilityreports', '-A', '-o', 'json')) as { items: KubeObject[] };
    expect(list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(expected);
    const header = (await kubectl('get', 'vuln', '-A')).split('\n')[0]!;
    // The counts are priority-1 columns, like the operator's CRD: shown with -o wide.
    expect(header.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'REPOSITORY', 'TAG', 'SCANNER', 'AGE']);
    const wide = (await kubectl('get', 'vuln', '-A', '-o', 'wide')).split('\n')[0]!;
    expect(wide.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'REPOSITORY', 'TAG', 'SCANNER', 'AGE', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW', 'UNKNOWN']);
    const sample = list.items[0]!;
    expect(sample.metadata.labels).toMatchObject({ 'trivy-operator.resource.kind': expect.stringMatching(/^(ReplicaSet|StatefulSet|DaemonSet|CronJob)$/), 'trivy-operator.container.name': expect.any(String) });
    expect(sample.report.summary).toMatchObject({ criticalCount: expect.any(Number), highCount: expect.any(Number) });
  });

  it('reaches the security page through the collectors: critical first, the oldest fixable CVE named', async () => {
    collector = startClusterCollector(clusterId, { kind: 'simulator', apiUrl: sim.url }, { flushMs: 30, watchTimeoutSeconds: 3, backoff: { baseMs: 20, maxMs: 300 }, statusEveryMs: 100 });
    const def = sim.store.registry.lookup('aquasecurity.github.io', 'v1alpha1', 'vulnerabilityreports')!;
    const total = sim.store.all(def).length;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline && (await getPrisma().inventoryObject.count({ where: { clusterId, kind: 'VulnerabilityReport' } })) < total) await new Promise((r) => setTimeout(r, 200));
    const viewer = await actorWith('viewer');
    const v = (await getSecurityOverview(viewer)).vulnerabilities;
    const mine = v.images.filter((i) => i.clusterName === clusterName);
    expect(mine.length).toBeGreaterThan(0);
    const critical = sim.store.all(def).reduce((s, o) => s + o.report.summary.criticalCount, 0);
    expect(critical).toBeGreaterThan(0);
    expect(mine[0]!.critical).toBeGreaterThan(0);
    for (let i = 1; i < mine.length; i++) expect(mine[i - 1]!.critical).toBeGreaterThanOrEqual(mine[i]!.critical);
    const withFix = mine.find((i) => i.oldestUnfixed !== null)!;
    expect(withFix.oldestUnfixed).toMatchObject({ id: expect.stringMatching(/^CVE-\d{4}-\d+$/), fixedVersion: expect.stringMatching(/.+/), ageDays: expect.any(Number) });
    // Deployments are scanned through their ReplicaSet; the page names the Deployment.
    expect(mine.some((i) => i.workloadKind === 'Deployment')).toBe(true);
  }, 60_000);
});
