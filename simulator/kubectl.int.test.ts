// The real kubectl (/usr/bin/kubectl) against the simulator: discovery, paginated
// lists, CRDs, server-side printing and writes, compared with the simulator's store.
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
  const { stdout } = await run(KUBECTL, ['--server', sim.url, '--cache-dir', join(dir, 'cache'), '--request-timeout', '20s', ...args], {
    env: { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') },
    maxBuffer: 256 * 1024 * 1024,
  });
  return stdout;
}

function storeNames(group: string, version: string, plural: string): string[] {
  const def = sim.store.registry.lookup(group, version, plural)!;
  return sim.store.all(def).map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
}

async function kubectlNames(...args: string[]): Promise<string[]> {
  const list = JSON.parse(await kubectl('get', ...args, '-o', 'json')) as { kind: string; items: KubeObject[] };
  expect(list.kind).toBe('List');
  return list.items.map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort();
}

beforeAll(async () => {
  expect(existsSync(KUBECTL), `kubectl at ${KUBECTL}`).toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'sim-kubectl-'));
  writeFileSync(join(dir, 'kubeconfig'), '');
  // > 500 pods so that kubectl follows continue tokens (it lists with limit=500)
  sim = await startSimulator({ nodes: 12, pods: 1300, seed: 'kubectl', podStartMs: 50, podTerminateMs: 50 });
});
afterAll(async () => {
  await sim?.close();
});

describe('kubectl get -o json matches the store exactly', () => {
  it.each([
    [['nodes'], '', 'v1', 'nodes'],
    [['pods', '-A'], '', 'v1', 'pods'],
    [['deployments', '-A'], 'apps', 'v1', 'deployments'],
    [['pdb', '-A'], 'policy', 'v1', 'poddisruptionbudgets'],
    [['hpa', '-A'], 'autoscaling', 'v2', 'horizontalpodautoscalers'],
    [['certificates.cert-manager.io', '-A'], 'cert-manager.io', 'v1', 'certificates'],
    [['netpol', '-A'], 'networking.k8s.io', 'v1', 'networkpolicies'],
    [['backups.velero.io', '-n', 'velero'], 'velero.io', 'v1', 'backups'],
    [['applications.argoproj.io', '-A'], 'argoproj.io', 'v1alpha1', 'applications'],
    [['prometheusservicelevels', '-A'], 'sloth.slok.dev', 'v1', 'prometheusservicelevels'],
  ])('kubectl get %j', async (args, group, version, plural) => {
    const expected = storeNames(group, version, plural);
    expect(expected.length).toBeGreaterThan(0);
    expect(await kubectlNames(...args)).toEqual(expected);
  });

  it('paginated: more than 500 pods arrive through continue tokens', async () => {
    expect(storeNames('', 'v1', 'pods').length).toBe(1300);
  });

  it('selects with -l and --field-selector like the API server', async () => {
    const pods = sim.store.all(sim.store.registry.lookup('', 'v1', 'pods')!);
    const node = pods[0]!.spec.nodeName as string;
    const expected = pods.filter((p) => p.spec.nodeName === node).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(await kubectlNames('pods', '-A', '--field-selector', `spec.nodeName=${node}`)).toEqual(expected);
    const app = pods[0]!.metadata.labels!.app!;
    const byLabel = pods.filter((p) => p.metadata.labels?.app === app).map((p) => `${p.metadata.namespace}/${p.metadata.name}`).sort();
    expect(await kubectlNames('pods', '-A', '-l', `app=${app}`)).toEqual(byLabel);
  });
});

describe('kubectl printing', () => {
  it('prints nodes with the usual columns', async () => {
    const lines = (await kubectl('get', 'nodes')).trim().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(lines).toHaveLength(13);
    expect(lines.slice(1).every((l) => /\s(Ready|NotReady)(,SchedulingDisabled)?\s+<none>\s+\S+\s+v1\.\d+\.\d+$/.test(l))).toBe(true);
  });

  it('prints pods across namespaces with READY/STATUS/RESTARTS/AGE', async () => {
    const lines = (await kubectl('get', 'pods', '-A')).trim().split('\n');
    expect(lines[0]!.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(lines).toHaveLength(1301);
    expect(lines.filter((l) => /\s\d+\/\d+\s+Running\s/.test(l)).length).toBeGreaterThan(1200);
  });

  it('prints -o wide, CRD printer columns and deployments', async () => {
    const wide = (await kubectl('get', 'nodes', '-o', 'wide')).split('\n')[0]!;
    expect(wide).toMatch(/INTERNAL-IP\s+EXTERNAL-IP\s+OS-IMAGE\s+KERNEL-VERSION\s+CONTAINER-RUNTIME/);
    const certs = (await kubectl('get', 'cert', '-A')).split('\n')[0]!;
    expect(certs.split(/\s{2,}/)).toEqual(['NAMESPACE', 'NAME', 'READY', 'SECRET', 'AGE']);
    const deploy = (await kubectl('get', 'deploy', '-n', 'kube-system')).split('\n');
    expect(deploy[0]!.split(/\s{2,}/)).toEqual(['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE']);
    expect(deploy.some((l) => /^coredns\s+2\/2\s+2\s+2\s/.test(l))).toBe(true);
    const top = (await kubectl('top', 'nodes')).split('\n');
    expect(top[0]).toMatch(/^NAME\s+CPU\(cores\)\s+CPU(%)?/);
    expect(top.filter((l) => l.trim()).length).toBe(13);
  });

  it('reports NotFound like a real API server', async () => {
    await expect(kubectl('get', 'pod', 'nope', '-n', 'default')).rejects.toMatchObject({ stderr: expect.stringContaining('pods "nope" not found') });
  });
});

describe('kubectl writes', () => {
  it('scales, restarts and waits for a rollout', async () => {
    expect(await kubectl('scale', 'deployment/coredns', '-n', 'kube-system', '--replicas=3')).toMatch(/scaled/);
    await kubectl('rollout', 'restart', 'deployment/coredns', '-n', 'kube-system');
    expect(await kubectl('rollout', 'status', 'deployment/coredns', '-n', 'kube-system', '--timeout=20s')).toMatch(/successfully rolled out/);
    const dep = sim.store.get(sim.store.registry.lookup('apps', 'v1', 'deployments')!, 'kube-system', 'coredns')!;
    expect(dep.spec.replicas).toBe(3);
    expect(dep.status.updatedReplicas).toBe(3);
    expect(dep.status.readyReplicas).toBe(3);
  });

  it('applies and deletes a manifest (with --validate=false)', async () => {
    const file = join(dir, 'cm.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubectl\n  namespace: default\ndata:\n  k: v\n');
    expect(await kubectl('apply', '--validate=false', '-f', file)).toMatch(/created/);
    writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-kubectl\n  namespace: default\ndata:\n  k: v2\n');
    expect(await kubectl('apply', '--validate=false', '-f', file)).toMatch(/configured/);
    const cm = sim.store.get(sim.store.registry.lookup('', 'v1', 'configmaps')!, 'default', 'from-kubectl')!;
    expect(cm.data).toEqual({ k: 'v2' });
    expect(await kubectl('delete', '-f', file)).toMatch(/deleted/);
    expect(sim.store.get(sim.store.registry.lookup('', 'v1', 'configmaps')!, 'default', 'from-kubectl')).toBeUndefined();
  });

  it('uses a bearer token over TLS (kubectl never sends tokens over plain http)', async () => {
    const secured = await startSimulator({ nodes: 2, pods: 5, token: 'tok-123', seed: 'kubectl-auth', tls: true });
    try {
      expect(secured.url).toMatch(/^https:/);
      const base = ['--server', secured.url, '--insecure-skip-tls-verify', '--cache-dir', join(dir, 'cache2')];
      const env = { ...process.env, KUBECONFIG: join(dir, 'kubeconfig') };
      const ok = await run(KUBECTL, [...base, '--token', 'tok-123', 'get', 'nodes', '-o', 'name'], { env });
      expect(ok.stdout.trim().split('\n')).toHaveLength(2);
      await expect(run(KUBECTL, [...base, '--token', 'wrong', 'get', 'nodes'], { env })).rejects.toMatchObject({ stderr: expect.stringMatching(/Unauthorized|provide credentials/) });
    } finally {
      await secured.close();
    }
  });
});
