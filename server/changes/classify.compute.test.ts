import { describe, expect, it } from 'vitest';
import { classifyChange, classifyRulesSchema, type ClassifiedObject } from './classify.compute';

const deploy = (name: string, image: string, extra: Record<string, unknown> = {}, namespace = 'shop'): ClassifiedObject => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace },
  spec: { replicas: 2, template: { spec: { containers: [{ name: 'app', image }] } }, ...extra },
});
const hpa = (min: number, max: number): ClassifiedObject => ({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'api', namespace: 'shop' }, spec: { minReplicas: min, maxReplicas: max } });
const quota = (cpu: string): ClassifiedObject => ({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'shop' }, spec: { hard: { 'requests.cpu': cpu } } });
const ingress = (...hosts: string[]): ClassifiedObject => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'Ingress',
  metadata: { name: 'web', namespace: 'shop' },
  spec: { rules: hosts.map((host) => ({ host, http: { paths: [{ path: '/', backend: {} }] } })) },
});
const ns = (name: string, labels: Record<string, string> = {}): ClassifiedObject => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });
const obj = (kind: string, name: string, namespace?: string, spec: Record<string, unknown> = {}): ClassifiedObject => ({ apiVersion: 'v1', kind, metadata: { name, ...(namespace ? { namespace } : {}) }, spec });
const cm = (v: string): ClassifiedObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'shop' }, data: { LOG_LEVEL: v } });

const cases: { name: string; before: ClassifiedObject[]; after: ClassifiedObject[]; tier: string; message: RegExp }[] = [
  { name: 'image tag bump', before: [deploy('api', 'shop/api:1.4.1')], after: [deploy('api', 'shop/api:1.4.2')], tier: 'T1', message: /image tag → shop\/api:1\.4\.2$/ },
  { name: 'image and replicas', before: [deploy('api', 'a:1')], after: [deploy('api', 'a:2', { replicas: 4 })], tier: 'T1', message: /and configuration/ },
  { name: 'config map value', before: [cm('info')], after: [cm('debug')], tier: 'T1', message: /configuration: ConfigMap cfg changed/ },
  { name: 'new workload in an app namespace', before: [], after: [deploy('api', 'a:1')], tier: 'T1', message: /Deployment api added/ },
  { name: 'HPA bounds', before: [hpa(2, 10)], after: [hpa(3, 10)], tier: 'T2', message: /bounds 2-10 → 3-10/ },
  { name: 'new HPA', before: [], after: [hpa(2, 5)], tier: 'T2', message: /none → 2-5/ },
  { name: 'HPA metric only', before: [hpa(2, 10)], after: [{ ...hpa(2, 10), spec: { minReplicas: 2, maxReplicas: 10, metrics: [{ type: 'Resource' }] } }], tier: 'T1', message: /configuration/ },
  { name: 'quota increase (units differ)', before: [quota('2')], after: [quota('2500m')], tier: 'T2', message: /requests\.cpu 2 → 2500m/ },
  { name: 'quota decrease', before: [quota('4')], after: [quota('3')], tier: 'T1', message: /configuration/ },
  { name: 'new ingress host', before: [ingress('shop.example')], after: [ingress('shop.example', 'api.example')], tier: 'T2', message: /api\.example\// },
  { name: 'ingress host removed', before: [ingress('a.example', 'b.example')], after: [ingress('a.example')], tier: 'T1', message: /configuration/ },
  { name: 'add-on in kube-system', before: [deploy('coredns', 'coredns:1.11', {}, 'kube-system')], after: [deploy('coredns', 'coredns:1.12', {}, 'kube-system')], tier: 'T2', message: /cluster add-on: Deployment kube-system\/coredns/ },
  { name: 'add-on in monitoring', before: [], after: [deploy('prometheus', 'p:2', {}, 'monitoring')], tier: 'T2', message: /cluster add-on/ },
  { name: 'CRD', before: [], after: [obj('CustomResourceDefinition', 'widgets.example.com')], tier: 'T2', message: /CustomResourceDefinition/ },
  { name: 'CNI daemonset', before: [obj('DaemonSet', 'calico-node', 'kube-system', { a: 1 })], after: [obj('DaemonSet', 'calico-node', 'kube-system', { a: 2 })], tier: 'T3', message: /CNI DaemonSet kube-system\/calico-node/ },
  { name: 'CNI by namespace', before: [], after: [deploy('operator', 'o:1', {}, 'cilium')], tier: 'T3', message: /CNI/ },
  { name: 'a name that merely contains a CNI word', before: [], after: [deploy('weaver-app', 'w:1')], tier: 'T1', message: /configuration/ },
  { name: 'StorageClass', before: [], after: [obj('StorageClass', 'fast')], tier: 'T3', message: /StorageClass fast added/ },
  { name: 'NetworkPolicy removed', before: [obj('NetworkPolicy', 'deny', 'shop')], after: [], tier: 'T3', message: /security policy NetworkPolicy deny removed/ },
  { name: 'ClusterRoleBinding', before: [], after: [obj('ClusterRoleBinding', 'ops-admin')], tier: 'T3', message: /security policy/ },
  { name: 'Pod Security label', before: [ns('shop', { 'pod-security.kubernetes.io/enforce': 'restricted' })], after: [ns('shop', { 'pod-security.kubernetes.io/enforce': 'baseline' })], tier: 'T3', message: /Pod Security labels of namespace shop/ },
  { name: 'namespace label that is not Pod Security', before: [ns('shop', { team: 'a' })], after: [ns('shop', { team: 'b' })], tier: 'T1', message: /Namespace shop changed/ },
  { name: 'control-plane version (kubeadm)', before: [{ kind: 'ClusterConfiguration', kubernetesVersion: 'v1.30.4', metadata: { name: 'kubeadm' } }], after: [{ kind: 'ClusterConfiguration', kubernetesVersion: 'v1.31.0', metadata: { name: 'kubeadm' } }], tier: 'T3', message: /v1\.30\.4 → v1\.31\.0/ },
  { name: 'control-plane version (Cluster API)', before: [obj('KubeadmControlPlane', 'cp', 'capi', { version: 'v1.30.1' })], after: [obj('KubeadmControlPlane', 'cp', 'capi', { version: 'v1.31.2' })], tier: 'T3', message: /control-plane version/ },
  { name: 'etcd', before: [obj('Pod', 'etcd-node-1', 'kube-system', { a: 1 })], after: [obj('Pod', 'etcd-node-1', 'kube-system', { a: 2 })], tier: 'T3', message: /etcd/ },
  { name: 'admission policy', before: [], after: [obj('ValidatingAdmissionPolicy', 'no-latest')], tier: 'T3', message: /security policy/ },
];

describe('classifyChange: the seed tiers', () => {
  it.each(cases)('$name → $tier', ({ before, after, tier, message }) => {
    const result = classifyChange(before, after);
    expect(result.tier).toBe(tier);
    expect(result.reasons[0]!.message).toMatch(message);
  });

  it('takes the highest tier of a mixed change and lists every reason, highest first', () => {
    const result = classifyChange([deploy('api', 'a:1'), hpa(2, 10)], [deploy('api', 'a:2'), hpa(2, 12), obj('StorageClass', 'fast')]);
    expect(result.tier).toBe('T3');
    expect(result.reasons.map((r) => r.tier)).toEqual(['T3', 'T2', 'T1']);
    expect(result.reasons[2]).toMatchObject({ kind: 'Deployment', namespace: 'shop', name: 'api' });
  });

  it('ignores status and server-owned metadata: no difference is T1 with no reasons', () => {
    const live = { ...deploy('api', 'a:1'), status: { readyReplicas: 2 }, metadata: { name: 'api', namespace: 'shop', resourceVersion: '9', uid: 'u' } };
    expect(classifyChange([deploy('api', 'a:1')], [live])).toEqual({ tier: 'T1', reasons: [] });
  });

  it('ignores key order', () => {
    const a = { kind: 'ConfigMap', metadata: { name: 'c', namespace: 'x' }, data: { a: '1', b: '2' } };
    const b = { kind: 'ConfigMap', metadata: { namespace: 'x', name: 'c' }, data: { b: '2', a: '1' } };
    expect(classifyChange([a], [b]).reasons).toEqual([]);
  });
});

describe('classifyChange: organisation rules', () => {
  it('a fixed tier per kind wins over the defaults', () => {
    const rules = classifyRulesSchema.parse({ kinds: { ConfigMap: 'T2' } });
    expect(classifyChange([cm('a')], [cm('b')], rules)).toMatchObject({ tier: 'T2', reasons: [{ message: /organisation rule/ }] });
  });

  it('own add-on namespaces and CNI names', () => {
    const rules = classifyRulesSchema.parse({ addonNamespaces: ['platform'], cniNames: ['ovn'] });
    expect(classifyChange([], [deploy('x', 'x:1', {}, 'platform')], rules).tier).toBe('T2');
    expect(classifyChange([], [deploy('coredns', 'c:1', {}, 'kube-system')], rules).tier).toBe('T1');
    expect(classifyChange([], [obj('DaemonSet', 'ovn-node', 'ovn-kubernetes')], rules).tier).toBe('T3');
  });

  it('rejects unknown fields and bad tiers with their path', () => {
    const bad = classifyRulesSchema.safeParse({ kinds: { ConfigMap: 'T4' }, extra: 1 });
    expect(bad.success).toBe(false);
    const paths = bad.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['kinds.ConfigMap']));
    expect(bad.error!.issues.some((i) => i.code === 'unrecognized_keys')).toBe(true);
  });
});
