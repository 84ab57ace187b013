import { describe, expect, it } from 'vitest';
import { APP, type CheckRow, config, expectCheck, goodWorkload, type Loose, NS, readySet, readySetWith } from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';
import { probesIdentical } from './kube-score.compute';
import { deprecation, minorOf } from './kube-score-stable.compute';

// Success and failure manifests per kube-score check (zegl/kube-score semantics).

const withContainer = (mutate: (c: Loose) => void) => readySetWith((d) => mutate(d.spec.template.spec.containers[0]!));
const withPod = (mutate: (pod: Loose) => void) => readySetWith((d) => mutate(d.spec.template.spec));
const initContainer = (extra: Loose = {}): Loose => ({ name: 'migrate', image: 'ghcr.io/org/migrate:2', imagePullPolicy: 'Always', resources: { requests: { 'ephemeral-storage': '1Gi' }, limits: { 'ephemeral-storage': '1Gi' } }, ...extra });
const withoutServices = (objects: KubeObject[]) => objects.filter((o) => o.kind !== 'Service');

const svc = (name: string, spec: Loose, namespace = NS): KubeObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });
const ingress = (paths: Loose[], apiVersion = 'networking.k8s.io/v1'): KubeObject => ({
  apiVersion,
  kind: 'Ingress',
  metadata: { name: 'web', namespace: NS },
  spec: { rules: [{ host: 'shop.example.com', http: { paths } }] },
});
const path = (name: string, port: Loose) => ({ path: '/', pathType: 'Prefix', backend: { service: { name, port } } });
const cronJob = (apiVersion: string): KubeObject => ({ ...goodWorkload('CronJob'), apiVersion });
const on = (kind: string, name: string) => ({ kind, name });

const table: Record<string, CheckRow[]> = {
  'kube-score/pod-probes-identical': [
    { label: 'different paths', objects: readySet(), expected: true },
    { label: 'same httpGet path and port', objects: withContainer((c) => (c.readinessProbe = { httpGet: { path: '/healthz', port: 8080 } })), expected: false, message: /"app"/ },
    { label: 'same path, other port', objects: withContainer((c) => (c.readinessProbe = { httpGet: { path: '/healthz', port: 9090 } })), expected: true },
    { label: 'same tcpSocket port', objects: withContainer((c) => { c.readinessProbe = { tcpSocket: { port: 5432 } }; c.livenessProbe = { tcpSocket: { port: 5432 } }; }), expected: false },
    { label: 'same exec command', objects: withContainer((c) => { c.readinessProbe = { exec: { command: ['pg_isready'] } }; c.livenessProbe = { exec: { command: ['pg_isready'] }, periodSeconds: 30 }; }), expected: false },
    { label: 'different handler kinds', objects: withContainer((c) => (c.readinessProbe = { tcpSocket: { port: 8080 } })), expected: true },
    { label: 'only one probe', objects: withContainer((c) => delete c.readinessProbe), expected: true },
    { label: 'identical probes on an init (sidecar) container', objects: withPod((p) => (p.initContainers = [initContainer({ restartPolicy: 'Always', livenessProbe: { tcpSocket: { port: 15000 } }, readinessProbe: { tcpSocket: { port: 15000 } } })])), expected: false, message: /"migrate"/ },
    { label: 'not judged on CronJobs', objects: [goodWorkload('CronJob')], expected: 'n/a', ...on('CronJob', `${APP}-cronjob`) },
  ],
  'kube-score/container-ephemeral-storage-request-and-limit': [
    { label: 'both set', objects: readySet(), expected: true },
    { label: 'limit missing', objects: withContainer((c) => delete c.resources.limits['ephemeral-storage']), expected: false, message: /"app" \(limit\)/ },
    { label: 'request missing', objects: withContainer((c) => delete c.resources.requests['ephemeral-storage']), expected: false, message: /"app" \(request\)/ },
    { label: 'zero counts as unset', objects: withContainer((c) => (c.resources.limits['ephemeral-storage'] = '0')), expected: false },
    { label: 'init container without', objects: withPod((p) => (p.initContainers = [{ name: 'init', image: 'busybox:1.36' }])), expected: false, message: /"init" \(limit, request\)/ },
    { label: 'CronJob is judged', objects: [goodWorkload('CronJob')], expected: true, ...on('CronJob', `${APP}-cronjob`) },
    { label: 'pod without containers', objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: NS }, spec: { containers: [] } }], expected: false, message: /No containers/, ...on('Pod', 'p') },
  ],
  'kube-score/service-targets-pod': [
    { label: 'selects the Deployment', objects: readySet(), expected: true, ...on('Service', APP) },
    { label: 'selector matches nothing', objects: [...withoutServices(readySet()), svc(APP, { selector: { 'app.kubernetes.io/name': 'cart' } })], expected: false, message: /app.kubernetes.io\/name=cart/, ...on('Service', APP) },
    { label: 'pods in another namespace do not count', objects: [...withoutServices(readySet()), svc(APP, { selector: { 'app.kubernetes.io/name': APP } }, 'other')], expected: false, ...on('Service', APP) },
    { label: 'ExternalName', objects: [svc('db', { type: 'ExternalName', externalName: 'db.example.com' })], expected: true, ...on('Service', 'db') },
    { label: 'empty selector with a pod in the namespace', objects: [...withoutServices(readySet()), svc('all', {})], expected: true, ...on('Service', 'all') },
    { label: 'empty selector in an empty namespace', objects: [svc('all', {}, 'empty')], expected: false, ...on('Service', 'all') },
    { label: 'selects a bare Pod', objects: [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: NS, labels: { role: 'db' } }, spec: { containers: [] } }, svc('db', { selector: { role: 'db' } })], expected: true, ...on('Service', 'db') },
  ],
  'kube-score/ingress-targets-service': [
    { label: 'port number matches', objects: [...readySet(), ingress([path(APP, { number: 80 })])], expected: true, ...on('Ingress', 'web') },
    { label: 'Service missing', objects: [...readySet(), ingress([path('cart', { number: 80 })])], expected: false, message: /\/ -> cart:80/, ...on('Ingress', 'web') },
    { label: 'port name matches', objects: [...withoutServices(readySet()), svc(APP, { selector: {}, ports: [{ name: 'http', port: 80 }] }), ingress([path(APP, { name: 'http' })])], expected: true, ...on('Ingress', 'web') },
    { label: 'port name does not match', objects: [...withoutServices(readySet()), svc(APP, { selector: {}, ports: [{ name: 'http', port: 80 }] }), ingress([path(APP, { name: 'grpc' })])], expected: false, ...on('Ingress', 'web') },
    { label: 'v1beta1 serviceName/servicePort', objects: [...readySet(), ingress([{ path: '/', backend: { serviceName: APP, servicePort: 80 } }], 'networking.k8s.io/v1beta1')], expected: true, ...on('Ingress', 'web') },
    { label: 'resource backend', objects: [...readySet(), ingress([{ path: '/static', backend: { resource: { kind: 'Bucket', name: 'b' } } }])], expected: false, message: /no service backend/, ...on('Ingress', 'web') },
  ],
  'kube-score/stable-version': [
    { label: 'apps/v1 Deployment', objects: readySet(), expected: true },
    { label: 'batch/v1beta1 CronJob at 1.18 (no replacement yet)', objects: [cronJob('batch/v1beta1')], expected: true, ...on('CronJob', `${APP}-cronjob`) },
    { label: 'batch/v1beta1 CronJob at 1.30', objects: [cronJob('batch/v1beta1')], options: { config: config({ kubernetesVersion: 'v1.30' }) }, expected: false, message: /removed in 1.25, so Kubernetes 1.30 refuses it/, ...on('CronJob', `${APP}-cronjob`) },
    { label: 'extensions/v1beta1 Ingress at 1.19', objects: [{ ...ingress([]), apiVersion: 'extensions/v1beta1' }], options: { config: config({ kubernetesVersion: '1.19' }) }, expected: false, message: /use networking.k8s.io\/v1/, ...on('Ingress', 'web') },
    { label: 'apps/v1beta2 Deployment at the default 1.18', objects: readySetWith((d) => ((d as unknown as Loose).apiVersion = 'apps/v1beta2')), expected: false, message: /apps\/v1beta2\/Deployment/ },
  ],
  'kube-score/deployment-has-host-podantiaffinity': [
    { label: 'preferred hostname anti-affinity on own labels', objects: readySet(), expected: true },
    { label: 'none', objects: withPod((p) => delete p.affinity), expected: false },
    { label: 'selector for other pods', objects: withPod((p) => (p.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector = { matchLabels: { app: 'other' } })), expected: false },
    { label: 'required zone anti-affinity', objects: withPod((p) => (p.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'topology.kubernetes.io/zone', labelSelector: { matchLabels: { 'app.kubernetes.io/name': APP } } }] } })), expected: true },
    { label: 'unknown topology key', objects: withPod((p) => (p.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey = 'rack')), expected: false },
    { label: 'one replica: not judged', objects: readySetWith((d) => { d.spec.replicas = 1; delete d.spec.template.spec.affinity; }), expected: 'n/a' },
    { label: 'replicas unset: judged (an HPA may scale it)', objects: readySetWith((d) => { delete d.spec.replicas; delete d.spec.template.spec.affinity; }), expected: false },
  ],
  'kube-score/statefulset-has-host-podantiaffinity': [
    { label: 'with anti-affinity', objects: [goodWorkload('StatefulSet')], expected: true, ...on('StatefulSet', `${APP}-statefulset`) },
    { label: 'without', objects: [stripAffinity(goodWorkload('StatefulSet'))], expected: false, message: /StatefulSet does not have a host podAntiAffinity/, ...on('StatefulSet', `${APP}-statefulset`) },
  ],
  'kube-score/pod-topology-spread-constraints': [
    { label: 'valid constraint', objects: readySet(), expected: true },
    { label: 'none: scheduler defaults', objects: withPod((p) => delete p.topologySpreadConstraints), expected: true },
    { label: 'no labelSelector', objects: withPod((p) => delete p.topologySpreadConstraints[0].labelSelector), expected: false, message: /labelSelector/ },
    { label: 'maxSkew 0', objects: withPod((p) => (p.topologySpreadConstraints[0].maxSkew = 0)), expected: false, message: /maxSkew/ },
    { label: 'minDomains 0', objects: withPod((p) => (p.topologySpreadConstraints[0].minDomains = 0)), expected: false, message: /minDomains/ },
    { label: 'invalid whenUnsatisfiable', objects: withPod((p) => (p.topologySpreadConstraints[0].whenUnsatisfiable = 'Sometimes')), expected: false },
  ],
  'kube-score/container-image-pull-policy': [
    { label: 'Always', objects: readySet(), expected: true },
    { label: 'IfNotPresent on a pinned tag', objects: withContainer((c) => (c.imagePullPolicy = 'IfNotPresent')), expected: false, message: /"app"/ },
    { label: 'unset on a pinned tag', objects: withContainer((c) => delete c.imagePullPolicy), expected: false },
    { label: 'unset on :latest (defaults to Always)', objects: withContainer((c) => { delete c.imagePullPolicy; c.image = 'ghcr.io/org/app:latest'; }), expected: true },
    { label: 'unset on an untagged image', objects: withContainer((c) => { delete c.imagePullPolicy; c.image = 'registry:5000/app'; }), expected: true },
    { label: 'Never on :latest', objects: withContainer((c) => { c.imagePullPolicy = 'Never'; c.image = 'app:latest'; }), expected: false },
    { label: 'init container IfNotPresent', objects: withPod((p) => (p.initContainers = [initContainer({ imagePullPolicy: 'IfNotPresent' })])), expected: false, message: /"migrate"/ },
  ],
};

function stripAffinity(object: KubeObject): KubeObject {
  delete (object as Loose).spec.template.spec.affinity;
  return object;
}

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});

describe('helpers', () => {
  it('probesIdentical compares httpGet path and port, tcp port, exec command', () => {
    expect(probesIdentical({ httpGet: { path: '/a', port: 'http' } }, { httpGet: { path: '/a', port: 'http' } })).toBe(true);
    expect(probesIdentical({ httpGet: { path: '/a', port: 'http' } }, { httpGet: { path: '/a', port: 'admin' } })).toBe(false);
    expect(probesIdentical({ exec: { command: ['a', 'b'] } }, { exec: { command: ['a'] } })).toBe(false);
    expect(probesIdentical({ grpc: { port: 1 } }, { grpc: { port: 1 } })).toBe(false);
  });

  it('minorOf reads 1.30, v1.30.2 and falls back to 1.18', () => {
    expect([minorOf('1.30'), minorOf('v1.30.2'), minorOf('nonsense')]).toEqual([30, 30, 18]);
  });

  it('deprecation says nothing before the replacement exists', () => {
    expect(deprecation('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 22)).toBeNull();
    expect(deprecation('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 23)).toMatch(/removed in 1.26\)/);
    expect(deprecation('apps/v1', 'Deployment', 30)).toBeNull();
  });

  it('--kubernetes-version style values are validated by the config', () => {
    expect(config({ kubernetesVersion: 'v1.29.3' }).kubernetesVersion).toBe('1.29');
    expect(() => config({ kubernetesVersion: '2.0' })).toThrow(/Kubernetes version/);
  });
});
