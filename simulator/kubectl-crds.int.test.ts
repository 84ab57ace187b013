// The real kubectl against the shop scenario's canary, chaos, autoscaling and
// config-audit custom resources: discovery (short names, qualified names),
// lists equal to the store, and the CRDs' printer columns.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from './index';
import type { KubeObject } from './types';

const run = promisify(execFile);
const KUBECTL = process.env.KUBECTL ?? '/usr/bin/kubectl';
let sim: Simulator;
let dir: string;

async function kubectl(...args: string[]): Promise<string> {
  const { stdout } = await run(KUBECTL, ['--server', sim.url, '--cache-dir', join(dir, 'cache'), '--request-timeout', '20s', ...args], { env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
const header = async (...args: string[]) => (await kubectl('get', ...args)).split('\n')[0]!.split(/\s{2,}/);

beforeAll(async () => {
  expect(existsSync(KUBECTL), `kubectl at ${KUBECTL}`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'sim-kubectl-crds-'));
  writeFileSync(join(dir, 'kubeconfig'), '');
  sim = await startSimulator({ scenario: 'shop' });
  sim.churn.stop();
});
afterAll(async () => {
  await sim?.close();
});

describe('kubectl get: canary, chaos, KEDA and config-audit objects', () => {
  it.each([
    [['rollouts', '-A'], 'argoproj.io', 'v1alpha1', 'rollouts', 1],
    [['canaries', '-A'], 'flagger.app', 'v1beta1', 'canaries', 1],
    [['podchaos', '-A'], 'chaos-mesh.org', 'v1alpha1', 'podchaos', 2],
    [['schedules.chaos-mesh.org', '-A'], 'chaos-mesh.org', 'v1alpha1', 'schedules', 1],
    [['scaledobjects', '-A'], 'keda.sh', 'v1alpha1', 'scaledobjects', 1],
    [['configauditreports', '-A'], 'aquasecurity.github.io', 'v1alpha1', 'configauditreports', 10],
  ] as const)('kubectl get %j lists what the store holds', async (args, group, version, plural, atLeast) => {
    const def = sim.store.registry.lookup(group, version, plural)!;
    const expected = sim.store.all(def).map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort();
    expect(expected.length).toBeGreaterThanOrEqual(atLeast);
    const list = JSON.parse(await kubectl('get', ...args, '-o', 'json')) as { items: KubeObject[] };
    expect(list.items.map((o) => `${o.metadata.namespace}/${o.metadata.name}`).sort()).toEqual(expected);
  });

  it('Velero keeps `schedules`; Chaos Mesh schedules are asked for by group', async () => {
    const velero = JSON.parse(await kubectl('get', 'schedules.velero.io', '-A', '-o', 'json')) as { items: KubeObject[] };
    expect(velero.items.every((o) => o.apiVersion === 'velero.io/v1')).toBe(true);
    const chaos = JSON.parse(await kubectl('get', 'schedules.chaos-mesh.org', '-n', 'payments', '-o', 'json')) as { items: KubeObject[] };
    expect(chaos.items.map((o) => [o.kind, o.spec.type, o.spec.schedule])).toEqual([['Schedule', 'PodChaos', '0 10 * * 2']]);
  });

  it('prints the CRDs’ columns', async () => {
    expect(await header('ro', '-n', 'payments')).toEqual(['NAME', 'DESIRED', 'CURRENT', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(await header('canaries', '-A')).toEqual(['NAMESPACE', 'NAME', 'STATUS', 'WEIGHT', 'LASTTRANSITIONTIME']);
    const canary = (await kubectl('get', 'canaries', '-n', 'checkout', '--no-headers')).trim().split(/\s+/);
    expect(canary.slice(0, 3)).toEqual(['checkout-api', 'Progressing', '20']);
    expect(await header('podchaos', '-A')).toEqual(['NAMESPACE', 'NAME', 'ACTION', 'DURATION', 'AGE']);
    expect(await header('so', '-A')).toEqual(['NAMESPACE', 'NAME', 'SCALETARGETKIND', 'SCALETARGETNAME', 'MIN', 'MAX', 'READY', 'ACTIVE', 'FALLBACK', 'PAUSED', 'AGE']);
    expect(await header('configauditreports', '-A', '-o', 'wide')).toEqual(['NAMESPACE', 'NAME', 'SCANNER', 'AGE', 'CRITICAL', 'HIGH', 'MEDIUM', 'LOW']);
  });

  it('a privileged container fails KSV017 in its workload’s ConfigAuditReport', async () => {
    const reports = JSON.parse(await kubectl('get', 'configauditreports', '-n', 'identity', '-o', 'json')) as { items: KubeObject[] };
    const auth = reports.items.find((r) => r.metadata.labels?.['trivy-operator.resource.name']?.startsWith('auth-service'))!;
    expect(auth.report.summary.highCount).toBeGreaterThanOrEqual(1);
    expect(auth.report.checks.find((c: { checkID: string }) => c.checkID === 'KSV017')).toMatchObject({ success: false, severity: 'HIGH' });
  });
});
