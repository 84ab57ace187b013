import { z } from 'zod';
import { parseQuantity } from '../capacity/quantity.compute';
import { asArray, asRecord, asString, asStringMap, podTemplateOf, type Json } from '../lib/kube';
import { TIERS, type Tier } from './changes.schema';

// The tier assistant: what tier does a change between two manifest sets belong
// to? The seed's examples, the highest tier wins:
//   T1 image tag or config change;
//   T2 HPA bounds, a ResourceQuota increase, a new Ingress host or rule, a
//      cluster add-on (anything in kube-system, ingress, monitoring,
//      cert-manager... namespaces);
//   T3 control-plane version, etcd, the CNI, StorageClasses and security
//      policy (NetworkPolicy, RBAC cluster roles, Pod Security labels,
//      admission policies).
// Pure: the CLI (`runwell change classify`), the API and the UI form share it.

export type ClassifiedObject = { apiVersion?: string; kind: string; metadata?: unknown; spec?: unknown; data?: unknown; stringData?: unknown; rules?: unknown; roleRef?: unknown; subjects?: unknown; [key: string]: unknown };

type ClassifyReason = { tier: Tier; kind: string; namespace: string | null; name: string; message: string };
export type Classification = { tier: Tier; reasons: ClassifyReason[] };

/** Rules an organisation may change (`--rules FILE`, JSON or YAML). */
export const classifyRulesSchema = z
  .object({
    /** Namespaces whose objects are cluster add-ons (T2). */
    addonNamespaces: z.array(z.string().min(1)).default([
      'kube-system',
      'kube-public',
      'ingress-nginx',
      'ingress',
      'monitoring',
      'cert-manager',
      'observability',
      'logging',
      'argocd',
      'flux-system',
      'velero',
      'keda',
      'external-dns',
      'kyverno',
      'gatekeeper-system',
    ]),
    /** Names (DaemonSets, Deployments, namespaces) that are the CNI (T3). */
    cniNames: z.array(z.string().min(1)).default(['calico', 'cilium', 'flannel', 'weave', 'antrea', 'kube-router', 'canal', 'tigera']),
    /** Kinds with a fixed tier, overriding every other rule (e.g. `{ "CronJob": "T2" }`). */
    kinds: z.record(z.string().min(1), z.enum(TIERS, { message: 'must be T1, T2 or T3' })).default({}),
  })
  .strict();
export type ClassifyRules = z.infer<typeof classifyRulesSchema>;
export const DEFAULT_CLASSIFY_RULES: ClassifyRules = classifyRulesSchema.parse({});

const SECURITY_POLICY_KINDS = new Set([
  'NetworkPolicy',
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'GlobalNetworkPolicy',
  'ClusterRole',
  'ClusterRoleBinding',
  'PodSecurityPolicy',
  'ValidatingWebhookConfiguration',
  'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionPolicyBinding',
  'MutatingAdmissionPolicy',
  'ClusterPolicy',
  'Policy',
  'ConstraintTemplate',
]);
const CONTROL_PLANE_NAMES = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'];
/** Kinds that carry the cluster's Kubernetes version (kubeadm, Cluster API, managed clusters). */
const CLUSTER_VERSION_KINDS = new Set(['ClusterConfiguration', 'KubeadmControlPlane', 'Cluster', 'ManagedCluster', 'AWSManagedControlPlane']);
const RANK: Record<Tier, number> = { T1: 1, T2: 2, T3: 3 };

const meta = (o: ClassifiedObject) => asRecord(o.metadata);
const keyOf = (o: ClassifiedObject) => `${o.kind}/${asString(meta(o).namespace) ?? ''}/${asString(meta(o).name) ?? ''}`;
const same = (a: unknown, b: unknown) => JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b));

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys((value as Json)[k])]),
    );
  }
  return value;
}

/** What an object is about, without the fields the API server and controllers own. */
function desired(o: ClassifiedObject): Json {
  const { status: _status, metadata, ...rest } = o as Json;
  const m = asRecord(metadata);
  return { ...rest, metadata: { labels: m.labels ?? {}, annotations: m.annotations ?? {} } };
}

function images(o: ClassifiedObject): Map<string, string> {
  const spec = asRecord(podTemplateOf(o)?.spec ?? (o.kind === 'Pod' ? o.spec : undefined));
  const out = new Map<string, string>();
  for (const list of ['initContainers', 'containers']) {
    for (const c of asArray(spec[list])) out.set(`${list}/${asString(asRecord(c).name) ?? ''}`, asString(asRecord(c).image) ?? '');
  }
  return out;
}

function quantityOrNull(v: unknown): number | null {
  try {
    return typeof v === 'string' || typeof v === 'number' ? parseQuantity(v) : null;
  } catch {
    return null;
  }
}

function ingressRules(o: ClassifiedObject): Set<string> {
  const out = new Set<string>();
  for (const rule of asArray(asRecord(o.spec).rules)) {
    const host = asString(asRecord(rule).host) ?? '*';
    const paths = asArray(asRecord(asRecord(rule).http).paths);
    if (paths.length === 0) out.add(`${host}`);
    for (const p of paths) out.add(`${host}${asString(asRecord(p).path) ?? '/'}`);
  }
  return out;
}

type Judge = (before: ClassifiedObject | null, after: ClassifiedObject | null, rules: ClassifyRules) => { tier: Tier; message: string } | null;

const verb = (before: unknown, after: unknown) => (before === null ? 'added' : after === null ? 'removed' : 'changed');

/** The T3 rules: the cluster's foundations and its security policy. */
const judgeT3: Judge = (before, after, rules) => {
  const o = (after ?? before)!;
  const name = asString(meta(o).name) ?? '';
  const ns = asString(meta(o).namespace) ?? '';
  const v = verb(before, after);
  if (o.kind === 'StorageClass') return { tier: 'T3', message: `StorageClass ${name} ${v}` };
  if (SECURITY_POLICY_KINDS.has(o.kind)) return { tier: 'T3', message: `security policy ${o.kind} ${name} ${v}` };
  if (o.kind === 'Namespace') {
    const psa = (x: ClassifiedObject | null) => Object.entries(asStringMap(x ? meta(x).labels : {})).filter(([k]) => k.startsWith('pod-security.kubernetes.io/'));
    if (!same(psa(before), psa(after))) return { tier: 'T3', message: `Pod Security labels of namespace ${name} ${v === 'changed' ? 'changed' : v}` };
  }
  if (CLUSTER_VERSION_KINDS.has(o.kind)) {
    const version = (x: ClassifiedObject | null) => (x ? (asString(asRecord(x.spec).version) ?? asString((x as Json).kubernetesVersion) ?? asString(asRecord(asRecord(x.spec).topology).version)) : undefined);
    if (version(before) !== version(after)) return { tier: 'T3', message: `Kubernetes control-plane version ${version(before) ?? 'none'} → ${version(after) ?? 'none'} (${o.kind} ${name})` };
  }
  const lower = name.toLowerCase();
  if (CONTROL_PLANE_NAMES.some((n) => lower.startsWith(n))) return { tier: 'T3', message: `control-plane component ${name} ${v}` };
  if (o.kind === 'EtcdCluster' || /(^|-)etcd(-|$)/.test(lower)) return { tier: 'T3', message: `etcd (${o.kind} ${name}) ${v}` };
  const isCni = (n: string) => rules.cniNames.some((c) => n.toLowerCase() === c.toLowerCase() || n.toLowerCase().startsWith(`${c.toLowerCase()}-`));
  if (o.kind !== 'Namespace' && (isCni(name) || isCni(ns))) {
    return { tier: 'T3', message: `CNI ${o.kind} ${ns ? `${ns}/` : ''}${name} ${v}` };
  }
  return null;
};

/** The T2 rules: capacity bounds, new entry points and cluster add-ons. */
const judgeT2: Judge = (before, after, rules) => {
  const o = (after ?? before)!;
  const name = asString(meta(o).name) ?? '';
  const ns = asString(meta(o).namespace) ?? '';
  if (o.kind === 'HorizontalPodAutoscaler') {
    const bounds = (x: ClassifiedObject | null) => (x ? `${asRecord(x.spec).minReplicas ?? 1}-${asRecord(x.spec).maxReplicas ?? '?'}` : 'none');
    if (bounds(before) !== bounds(after)) return { tier: 'T2', message: `HPA ${name} bounds ${bounds(before)} → ${bounds(after)}` };
  }
  if (o.kind === 'ResourceQuota' && after) {
    const hard = (x: ClassifiedObject | null) => asRecord(asRecord(x?.spec).hard);
    const was = hard(before);
    const raised = Object.entries(hard(after)).filter(([k, q]) => {
      const now = quantityOrNull(q);
      const then = quantityOrNull(was[k]);
      return now !== null && (then === null || now > then);
    });
    if (raised.length) return { tier: 'T2', message: `ResourceQuota ${name} raised: ${raised.map(([k, q]) => `${k} ${String(was[k] ?? 'unset')} → ${String(q)}`).join(', ')}` };
  }
  if (o.kind === 'Ingress' && after) {
    const old = before ? ingressRules(before) : new Set<string>();
    const added = [...ingressRules(after)].filter((r) => !old.has(r));
    if (added.length) return { tier: 'T2', message: `Ingress ${name} serves new ${added.length === 1 ? 'host/path' : 'hosts/paths'} ${added.join(', ')}` };
  }
  const addonNs = o.kind === 'Namespace' ? name : ns;
  if (addonNs && rules.addonNamespaces.includes(addonNs)) return { tier: 'T2', message: `cluster add-on: ${o.kind} ${ns ? `${ns}/` : ''}${name} ${verb(before, after)}` };
  if (o.kind === 'CustomResourceDefinition') return { tier: 'T2', message: `cluster add-on: CustomResourceDefinition ${name} ${verb(before, after)}` };
  return null;
};

/** T1: everything else that changed; image tags are named. */
const judgeT1: Judge = (before, after) => {
  const o = (after ?? before)!;
  const name = asString(meta(o).name) ?? '';
  if (before && after) {
    const was = images(before);
    const bumped = [...images(after)].filter(([k, img]) => was.has(k) && was.get(k) !== img).map(([, img]) => img);
    if (bumped.length) {
      const alsoConfig = stripImages(desired(before)) !== stripImages(desired(after));
      return { tier: 'T1', message: `${o.kind} ${name}: image ${bumped.length === 1 ? 'tag' : 'tags'} → ${bumped.join(', ')}${alsoConfig ? ' and configuration' : ''}` };
    }
  }
  return { tier: 'T1', message: `configuration: ${o.kind} ${name} ${verb(before, after)}` };
};

function stripImages(o: Json): string {
  return JSON.stringify(sortKeys(o)).replace(/"image":"[^"]*"/g, '"image":""');
}

function judge(before: ClassifiedObject | null, after: ClassifiedObject | null, rules: ClassifyRules): ClassifyReason {
  const o = (after ?? before)!;
  const at = { kind: o.kind, namespace: asString(meta(o).namespace) ?? null, name: asString(meta(o).name) ?? '' };
  const fixed = rules.kinds[o.kind];
  if (fixed) return { ...at, tier: fixed, message: `${o.kind} ${at.name} ${verb(before, after)} (organisation rule: ${o.kind} is ${fixed})` };
  const verdict = judgeT3(before, after, rules) ?? judgeT2(before, after, rules) ?? judgeT1(before, after, rules)!;
  return { ...at, ...verdict };
}

/**
 * The tier of the change from `before` to `after` (two manifest sets) and
 * every reason, highest tier first. No difference at all is T1 with no reasons.
 */
export function classifyChange(before: readonly ClassifiedObject[], after: readonly ClassifiedObject[], rules: ClassifyRules = DEFAULT_CLASSIFY_RULES): Classification {
  const index = (list: readonly ClassifiedObject[]) => new Map(list.filter((o) => o && typeof o.kind === 'string').map((o) => [keyOf(o), o]));
  const old = index(before);
  const now = index(after);
  const reasons: ClassifyReason[] = [];
  for (const [key, o] of now) {
    const was = old.get(key) ?? null;
    if (was && same(desired(was), desired(o))) continue;
    reasons.push(judge(was, o, rules));
  }
  for (const [key, o] of old) if (!now.has(key)) reasons.push(judge(o, null, rules));
  reasons.sort((a, b) => RANK[b.tier] - RANK[a.tier] || a.kind.localeCompare(b.kind) || (a.namespace ?? '').localeCompare(b.namespace ?? '') || a.name.localeCompare(b.name));
  return { tier: reasons[0]?.tier ?? 'T1', reasons };
}
