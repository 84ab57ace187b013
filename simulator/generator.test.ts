import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { materialize } from './materialize';
import { parseCpu, parseMemory } from './plan';
import { randomPlan } from './plan-random';
import { shopPlan } from './plan-shop';
import { ResourceRegistry } from './resources';
import { matchesLabelSelectorSpec } from './selectors';
import { resolveScenario, ScenarioError } from './scenario';
import type { KubeObject } from './types';

const NOW = Date.parse('2026-11-01T12:00:00Z');
const registry = new ResourceRegistry();

function byKind(objs: KubeObject[], kind: string): KubeObject[] {
  return objs.filter((o) => o.kind === kind);
}

function generate(nodes: number, pods: number, seed = 'test', zones = 3): KubeObject[] {
  return materialize(randomPlan({ nodes, pods, zones, seed, now: NOW }));
}

describe('random cluster generator', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    const a = JSON.stringify(generate(8, 200, 'alpha'));
    const b = JSON.stringify(generate(8, 200, 'alpha'));
    const c = JSON.stringify(generate(8, 200, 'beta'));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
  });

  it.each([
    [1, 1, 1],
    [3, 10, 2],
    [10, 250, 3],
    [40, 1500, 4],
  ])('creates exactly %i nodes and %i pods across %i zones', (nodes, pods, zones) => {
    const objs = generate(nodes, pods, 'counts', zones);
    expect(byKind(objs, 'Node')).toHaveLength(nodes);
    expect(byKind(objs, 'Pod')).toHaveLength(pods);
    const z = new Set(byKind(objs, 'Node').map((n) => n.metadata.labels?.['topology.kubernetes.io/zone']));
    expect(z.size).toBe(Math.min(zones, nodes));
  });

  const objs = generate(30, 1200, 'consistency');
  const index = new Map(objs.map((o) => [o.metadata.uid, o]));

  it('gives every object a unique uid and a unique name per kind and namespace', () => {
    expect(index.size).toBe(objs.length);
    const keys = objs.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const o of objs) expect(registry.byApiVersionKind(o.apiVersion, o.kind), `${o.apiVersion} ${o.kind}`).toBeDefined();
  });

  it('puts namespaced objects into existing namespaces', () => {
    const namespaces = new Set(byKind(objs, 'Namespace').map((n) => n.metadata.name));
    for (const o of objs) {
      const def = registry.byApiVersionKind(o.apiVersion, o.kind)!;
      if (def.namespaced) expect(namespaces.has(o.metadata.namespace!), `${o.kind} ${o.metadata.name} in ${o.metadata.namespace}`).toBe(true);
      else expect(o.metadata.namespace).toBeUndefined();
    }
    for (const team of ['payments', 'checkout']) expect(namespaces.has(team)).toBe(true);
  });

  it('links owners consistently: pods <- ReplicaSet/StatefulSet/DaemonSet/Job <- Deployment/CronJob', () => {
    const allowed: Record<string, string[]> = { Pod: ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job'], ReplicaSet: ['Deployment'], Job: ['CronJob'], Certificate: ['Ingress'], CertificateRequest: ['Certificate'], VulnerabilityReport: ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'CronJob'], ConfigAuditReport: ['ReplicaSet', 'StatefulSet', 'DaemonSet', 'CronJob'], PodChaos: ['Schedule'] };
    for (const o of objs) {
      for (const ref of o.metadata.ownerReferences ?? []) {
        expect(allowed[o.kind], o.kind).toContain(ref.kind);
        if (ref.kind === 'Ingress') continue; // cert-manager's ingress-shim owner is informational
        const owner = index.get(ref.uid);
        expect(owner, `${o.kind} ${o.metadata.name} -> ${ref.kind} ${ref.name}`).toBeDefined();
        expect(owner!.kind).toBe(ref.kind);
        expect(owner!.metadata.name).toBe(ref.name);
        expect(owner!.metadata.namespace).toBe(o.metadata.namespace);
        expect(ref.controller).toBe(true);
      }
    }
    for (const p of byKind(objs, 'Pod')) {
      expect(p.metadata.ownerReferences, p.metadata.name).toHaveLength(1);
      const owner = index.get(p.metadata.ownerReferences![0]!.uid)!;
      expect(matchesLabelSelectorSpec(owner.spec.selector, p.metadata.labels), `${p.metadata.name} matches ${owner.metadata.name}`).toBe(true);
    }
  });

  it('keeps replica counts consistent between Deployments, ReplicaSets and Pods', () => {
    const podsByOwner = new Map<string, number>();
    for (const p of byKind(objs, 'Pod')) {
      const uid = p.metadata.ownerReferences![0]!.uid;
      podsByOwner.set(uid, (podsByOwner.get(uid) ?? 0) + 1);
    }
    for (const rs of byKind(objs, 'ReplicaSet')) expect(podsByOwner.get(rs.metadata.uid) ?? 0).toBe(rs.spec.replicas);
    for (const d of byKind(objs, 'Deployment')) {
      const rss = objs.filter((o) => o.kind === 'ReplicaSet' && o.metadata.ownerReferences?.[0]?.uid === d.metadata.uid);
      expect(rss.length).toBeGreaterThanOrEqual(1);
      expect(rss.filter((r) => r.spec.replicas > 0)).toHaveLength(1);
      expect(rss.reduce((s, r) => s + r.spec.replicas, 0)).toBe(d.spec.replicas);
      expect(d.status.replicas).toBe(d.spec.replicas);
      const current = rss.find((r) => r.spec.replicas > 0)!;
      expect(current.metadata.annotations?.['deployment.kubernetes.io/revision']).toBe(d.metadata.annotations?.['deployment.kubernetes.io/revision']);
      expect(current.metadata.name).toBe(`${d.metadata.name}-${current.metadata.labels?.['pod-template-hash']}`);
    }
    for (const s of byKind(objs, 'StatefulSet')) expect(podsByOwner.get(s.metadata.uid)).toBe(s.spec.replicas);
    const nodeCount = byKind(objs, 'Node').length;
    for (const ds of byKind(objs, 'DaemonSet')) expect(podsByOwner.get(ds.metadata.uid)).toBe(nodeCount);
  });

  it('schedules pods onto existing nodes within allocatable pods/cpu/memory', () => {
    const nodes = new Map(byKind(objs, 'Node').map((n) => [n.metadata.name, n]));
    const used = new Map<string, { pods: number; cpu: number; mem: number }>();
    for (const p of byKind(objs, 'Pod')) {
      if (!p.spec.nodeName) {
        expect(p.status.phase).toBe('Pending');
        continue;
      }
      expect(nodes.has(p.spec.nodeName)).toBe(true);
      if (p.metadata.ownerReferences?.[0]?.kind === 'DaemonSet' || p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
      const u = used.get(p.spec.nodeName) ?? { pods: 0, cpu: 0, mem: 0 };
      u.pods++;
      for (const c of p.spec.containers) {
        u.cpu += parseCpu(c.resources?.requests?.cpu);
        u.mem += parseMemory(c.resources?.requests?.memory);
      }
      used.set(p.spec.nodeName, u);
    }
    for (const [name, u] of used) {
      const alloc = nodes.get(name)!.status.allocatable;
      expect(u.pods).toBeLessThanOrEqual(Number(alloc.pods));
      expect(u.cpu).toBeLessThanOrEqual(parseCpu(alloc.cpu));
      expect(u.mem).toBeLessThanOrEqual(parseMemory(alloc.memory));
    }
  });

  it('varies production readiness, pod phases and kubelet versions', () => {
    const big = generate(40, 3000, 'variety');
    const deps = byKind(big, 'Deployment');
    const main = (d: KubeObject) => d.spec.template.spec.containers[0];
    const noProbe = deps.filter((d) => !main(d).livenessProbe).length;
    const latest = deps.filter((d) => /:latest$/.test(main(d).image) || !/:[^/]+$/.test(main(d).image)).length;
    const root = deps.filter((d) => !main(d).securityContext?.runAsNonRoot).length;
    const single = deps.filter((d) => d.spec.replicas === 1).length;
    for (const n of [noProbe, latest, root, single]) {
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThan(deps.length);
    }
    expect(byKind(big, 'PodDisruptionBudget').length).toBeGreaterThan(0);
    expect(byKind(big, 'PodDisruptionBudget').length).toBeLessThan(deps.length);
    const phases = new Set(byKind(big, 'Pod').map((p) => p.status.phase));
    for (const ph of ['Running', 'Pending', 'Succeeded', 'Failed']) expect(phases.has(ph), ph).toBe(true);
    const running = byKind(big, 'Pod').filter((p) => p.status.phase === 'Running').length;
    expect(running / 3000).toBeGreaterThan(0.9);
    const versions = new Set(byKind(big, 'Node').map((n) => n.status.nodeInfo.kubeletVersion));
    expect(versions.size).toBeGreaterThan(1);
    const ages = byKind(big, 'Node').map((n) => NOW - Date.parse(n.metadata.creationTimestamp));
    expect(Math.max(...ages) - Math.min(...ages)).toBeGreaterThan(30 * 86_400_000);
    for (const kind of ['Service', 'HorizontalPodAutoscaler', 'NetworkPolicy', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'Ingress', 'Certificate', 'Backup', 'Schedule', 'Application', 'PrometheusRule', 'ServiceMonitor', 'PrometheusServiceLevel', 'Event', 'CronJob', 'Job', 'StatefulSet', 'DaemonSet']) {
      expect(byKind(big, kind).length, kind).toBeGreaterThan(0);
    }
  });
});

describe('shop demo scenario', () => {
  const shop = materialize(shopPlan({ now: NOW }));
  const find = (kind: string, ns: string | undefined, name: string) => shop.find((o) => o.kind === kind && o.metadata.namespace === ns && o.metadata.name === name);

  it('is deterministic', () => {
    expect(JSON.stringify(materialize(shopPlan({ now: NOW })))).toBe(JSON.stringify(shop));
  });

  it('plants the documented readiness problems', () => {
    const cart = find('Deployment', 'checkout', 'cart-service')!;
    expect(cart.spec.template.spec.containers[0].image).toMatch(/:latest$/);
    expect(cart.spec.template.spec.containers[0].livenessProbe).toBeUndefined();
    expect(find('PodDisruptionBudget', 'checkout', 'cart-service')).toBeUndefined();
    const fraud = find('Deployment', 'payments', 'fraud-scorer')!;
    expect(fraud.spec.replicas).toBe(1);
    expect(fraud.spec.template.spec.containers[0].securityContext.runAsUser).toBe(0);
    expect(find('Deployment', 'identity', 'auth-service')!.spec.template.spec.containers[0].securityContext.privileged).toBe(true);
    expect(find('StatefulSet', 'search', 'search-indexer')!.spec.replicas).toBe(1);
    expect(find('HorizontalPodAutoscaler', 'catalog', 'catalog-api')!.spec.minReplicas).toBe(1);
    const crashing = shop.filter((o) => o.kind === 'Pod' && o.metadata.namespace === 'notifications' && o.status.containerStatuses?.[0]?.state?.waiting?.reason === 'CrashLoopBackOff');
    expect(crashing).toHaveLength(1);
    // the model service is fine
    const pay = find('Deployment', 'payments', 'payment-service')!;
    expect(pay.spec.template.spec.containers[0].readinessProbe).toBeDefined();
    expect(find('PodDisruptionBudget', 'payments', 'payment-service')).toBeDefined();
    expect(find('PrometheusServiceLevel', 'payments', 'payment-service-slo')).toBeDefined();
  });

  it('has certificates due within 7 (failing), 14 and 30 days, a manual TLS secret, stale and failed backups, a restore, and kubelet skew', () => {
    const days = (t: string) => (Date.parse(t) - NOW) / 86_400_000;
    const failing = find('Certificate', 'storefront', 'web-frontend-tls')!;
    expect(days(failing.status.notAfter)).toBeCloseTo(6, 0);
    expect(failing.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'False', reason: 'Failed' });
    const request = shop.find((o) => o.kind === 'CertificateRequest' && o.metadata.annotations?.['cert-manager.io/certificate-name'] === 'web-frontend-tls')!;
    expect(request.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({ status: 'False', reason: 'Failed' });
    expect(days(find('Certificate', 'identity', 'auth-service-tls')!.status.notAfter)).toBeCloseTo(12, 0);
    expect(days(find('Certificate', 'catalog', 'catalog-api-tls')!.status.notAfter)).toBeCloseTo(25, 0);
    const manual = find('Ingress', 'search', 'search-api')!;
    expect(manual.spec.tls[0].secretName).toBe('search-api-tls-manual');
    expect(shop.some((o) => o.kind === 'Certificate' && o.spec.secretName === 'search-api-tls-manual')).toBe(false);
    expect(days(find('Schedule', 'velero', 'search-daily')!.status.lastBackup)).toBeCloseTo(-26 / 24, 2);
    expect(shop.find((o) => o.kind === 'Restore' && o.spec.includedNamespaces[0] === 'payments')!.status.phase).toBe('Completed');
    expect(days(find('Schedule', 'velero', 'catalog-daily')!.status.lastBackup)).toBeLessThan(-7);
    const identityBackups = shop.filter((o) => o.kind === 'Backup' && o.metadata.labels?.['velero.io/schedule-name'] === 'identity-daily');
    const newest = identityBackups.sort((a, b) => (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1))[0]!;
    expect(newest.status.phase).toBe('Failed');
    expect(find('Schedule', 'velero', 'storefront-daily')).toBeUndefined();
    const versions = byKind(shop, 'Node').map((n) => n.status.nodeInfo.kubeletVersion);
    expect(versions).toContain('v1.28.15');
    expect(versions).toContain('v1.30.6');
    const app = find('Application', 'argocd', 'notifications')!;
    expect(app.status.sync.status).toBe('OutOfSync');
    expect(app.status.history.length).toBe(3);
  });
});

describe('scenario files', () => {
  it('loads a multi-document YAML file, fills metadata and creates missing namespaces', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sim-scenario-'));
    const file = join(dir, 'cluster.yaml');
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Node',
        'metadata: {name: n1, labels: {topology.kubernetes.io/zone: z1}}',
        '---',
        'apiVersion: v1',
        'kind: List',
        'items:',
        '- apiVersion: apps/v1',
        '  kind: Deployment',
        '  metadata: {name: web, namespace: shop}',
        '  spec: {replicas: 1, selector: {matchLabels: {app: web}}, template: {metadata: {labels: {app: web}}, spec: {containers: [{name: web, image: nginx}]}}}',
        '- apiVersion: cert-manager.io/v1',
        '  kind: Certificate',
        '  metadata: {name: web-tls}',
        '  spec: {secretName: web-tls}',
      ].join('\n'),
    );
    const objs = resolveScenario(file, registry, 's', NOW);
    expect(objs.map((o) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`).sort()).toEqual(
      ['Certificate/default/web-tls', 'Deployment/shop/web', 'Namespace//default', 'Namespace//shop', 'Node//n1'].sort(),
    );
    for (const o of objs) {
      expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(o.metadata.creationTimestamp).toBe('2026-11-01T12:00:00Z');
    }
    expect(objs.find((o) => o.kind === 'Deployment')!.metadata.generation).toBe(1);
  });

  it('accepts objects and the bundled name, and rejects unknown kinds', () => {
    expect(resolveScenario([{ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'x' } }], registry, 's', NOW)).toHaveLength(1);
    expect(resolveScenario('shop', registry, 's', NOW).filter((o) => o.kind === 'Node')).toHaveLength(9);
    expect(() => resolveScenario([{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'x' } }], registry, 's', NOW)).toThrow(ScenarioError);
    expect(() => resolveScenario('/nonexistent/file.yaml', registry, 's', NOW)).toThrow(ScenarioError);
  });
});
