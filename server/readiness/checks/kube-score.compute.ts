import { asArray, asInt, asRecord, asString, type Json, type LabelSelector, parseImage, selectorMatches, toLabelSelector } from '../../lib/kube';
import type { Inventory } from '../inventory.compute';
import { type Container, LONG_RUNNING_KINDS, type Workload, WORKLOAD_KINDS } from '../workload.compute';
import { type CheckDefinition, containerOutcome, fail, pass } from './check.compute';
import { stableVersionCheck } from './kube-score-stable.compute';

// kube-score's checks that neither Polaris nor Runwell had, under kube-score's
// names (`kube-score/<id>`) and semantics (zegl/kube-score, score/*). kube-score
// grades a failure "critical" or "warning"; those become danger and warning.
// Deliberate differences are listed in docs/readiness.md, "kube-score checks".

const KS = { polaris: false } as const;

// ---------------------------------------------------------------- probes

/** kube-score's areProbesIdentical: same httpGet path and port, same tcpSocket port, or same exec command. */
export function probesIdentical(readiness: unknown, liveness: unknown): boolean {
  const r = asRecord(readiness);
  const l = asRecord(liveness);
  const same = (a: unknown, b: unknown) => a !== undefined && String(a) === String(b);
  if (r.httpGet && l.httpGet) {
    const rh = asRecord(r.httpGet);
    const lh = asRecord(l.httpGet);
    return (asString(rh.path) ?? '') === (asString(lh.path) ?? '') && same(rh.port, lh.port);
  }
  if (r.tcpSocket && l.tcpSocket) return same(asRecord(r.tcpSocket).port, asRecord(l.tcpSocket).port);
  if (r.exec && l.exec) {
    const rc = asArray(asRecord(r.exec).command);
    const lc = asArray(asRecord(l.exec).command);
    return rc.length === lc.length && rc.every((v, i) => v === lc[i]);
  }
  return false;
}

const podProbesIdentical: CheckDefinition = {
  id: 'kube-score/pod-probes-identical',
  area: 'reliability',
  severity: 'danger',
  kinds: LONG_RUNNING_KINDS,
  target: 'workload',
  ...KS,
  title: 'Containers do not use the same probe for readiness and liveness',
  passes: 'no container (init included) has a readiness and a liveness probe that are the same: same `httpGet` path and port, same `tcpSocket` port or same `exec` command (Jobs and CronJobs are not judged)',
  passMessage: 'Readiness and liveness probes differ',
  failMessage: 'Container has the same readiness and liveness probe',
  fix: 'livenessProbe:\n  httpGet: { path: /healthz, port: 8080 }   # "am I alive": no dependencies\nreadinessProbe:\n  httpGet: { path: /ready, port: 8080 }     # "can I serve": may check dependencies\n',
  evaluate: (workload) =>
    containerOutcome(
      workload,
      true,
      (c) => c.spec.readinessProbe != null && c.spec.livenessProbe != null && probesIdentical(c.spec.readinessProbe, c.spec.livenessProbe),
      'Same readiness and liveness probe (a slow dependency then restarts the pod instead of taking it out of rotation)',
    ),
};

// ---------------------------------------------------------------- ephemeral storage

function ephemeralSet(container: Container, section: 'requests' | 'limits'): boolean {
  const value = asRecord(asRecord(container.spec.resources)[section])['ephemeral-storage'];
  // kube-score reads the quantity: "0" is as good as unset.
  return (typeof value === 'number' && value > 0) || (typeof value === 'string' && value.trim() !== '' && !/^0+(\.0*)?[a-zA-Z]*$/.test(value.trim()));
}

const ephemeralStorage: CheckDefinition = {
  id: 'kube-score/container-ephemeral-storage-request-and-limit',
  area: 'resources',
  severity: 'danger',
  kinds: WORKLOAD_KINDS,
  target: 'workload',
  ...KS,
  title: 'Containers set ephemeral-storage requests and limits',
  passes: 'every container (init included) sets `resources.requests.ephemeral-storage` and `resources.limits.ephemeral-storage` (non-zero)',
  passMessage: 'Every container sets ephemeral-storage requests and limits',
  failMessage: 'Ephemeral storage request or limit is not set',
  fix: 'resources:\n  requests:\n    ephemeral-storage: 1Gi\n  limits:\n    ephemeral-storage: 2Gi\n',
  evaluate: (workload) => {
    if (workload.containers.length === 0) return fail('No containers defined');
    const missing: string[] = [];
    for (const c of workload.containers) {
      const parts = [ephemeralSet(c, 'limits') ? null : 'limit', ephemeralSet(c, 'requests') ? null : 'request'].filter(Boolean);
      if (parts.length) missing.push(`"${c.name}" (${parts.join(', ')})`);
    }
    return missing.length === 0 ? pass() : fail(`Ephemeral storage not set: ${missing.length === 1 ? 'container' : 'containers'} ${missing.join(', ')}`);
  },
};

// ---------------------------------------------------------------- services and ingresses

/** Pod template labels of one namespace: all of them, and those carrying each `key=value` pair. */
interface NamespacePods {
  all: Array<Record<string, string>>;
  byPair: Map<string, Array<Record<string, string>>>;
}

const podLabelCache = new WeakMap<Inventory, Map<string, NamespacePods>>();
const pairKey = (key: string, value: string) => `${key}\u0000${value}`;

/**
 * Pod template labels of every workload, per namespace and per label pair (kube-score
 * matches Services against pods and pod templates). The pair index makes a Service's
 * lookup one map read instead of a scan of its namespace's pods: a 15,000-Service
 * cluster spent ~0.2 s per evaluation scanning.
 */
function podLabelsByNamespace(inventory: Inventory): Map<string, NamespacePods> {
  let byNs = podLabelCache.get(inventory);
  if (byNs) return byNs;
  byNs = new Map();
  for (const w of inventory.workloads) {
    let ns = byNs.get(w.nsKey);
    if (!ns) byNs.set(w.nsKey, (ns = { all: [], byPair: new Map() }));
    ns.all.push(w.podLabels);
    for (const key in w.podLabels) {
      const pair = pairKey(key, w.podLabels[key]!);
      const list = ns.byPair.get(pair);
      if (list) list.push(w.podLabels);
      else ns.byPair.set(pair, [w.podLabels]);
    }
  }
  podLabelCache.set(inventory, byNs);
  return byNs;
}

/** Whether the selector matches some pod label set of the namespace (an empty selector matches any pod). */
function selectsSomePod(ns: NamespacePods | undefined, selector: LabelSelector): boolean {
  if (!ns) return false;
  // Only pods with every pair can match: scan the shortest of those lists.
  let candidates = ns.all;
  for (const key in selector.matchLabels) {
    const withPair = ns.byPair.get(pairKey(key, selector.matchLabels[key]!));
    if (!withPair) return false;
    if (withPair.length < candidates.length) candidates = withPair;
  }
  return candidates.some((labels) => selectorMatches(selector, labels));
}

const serviceTargetsPod: CheckDefinition = {
  id: 'kube-score/service-targets-pod',
  area: 'reliability',
  severity: 'danger',
  kinds: ['Service'],
  target: 'object',
  ...KS,
  title: 'The Service selects some pod',
  passes: 'a workload\'s pod template (or a bare Pod) in the namespace has every label of `spec.selector` (an empty selector matches any pod); `type: ExternalName` passes',
  passMessage: 'The Service selects pods',
  failMessage: 'The Service\'s selector does not match any pod',
  fix: 'spec:\n  selector:\n    app.kubernetes.io/name: checkout   # the labels of the pod template\n',
  evaluate: (subject, ctx) => {
    const spec = asRecord(subject.item.object.spec);
    if (spec.type === 'ExternalName') return pass('ExternalName Service (no selector)');
    const selector = toLabelSelector({ matchLabels: spec.selector ?? {} })!;
    if (selectsSomePod(podLabelsByNamespace(ctx.inventory).get(subject.nsKey), selector)) return pass();
    const shown = Object.entries(selector.matchLabels).map(([k, v]) => `${k}=${v}`);
    return fail(`The Service's selector${shown.length ? ` (${shown.join(', ')})` : ''} matches no pod in the namespace`);
  },
};

interface Backend {
  path: string;
  service?: string;
  portNumber?: number;
  portName?: string;
}

/** Backends of every HTTP rule path; networking.k8s.io/v1 (`service.port.number|name`) and v1beta1 (`serviceName`, `servicePort`) shapes. */
function ingressBackends(object: Json): Backend[] {
  const out: Backend[] = [];
  for (const rule of asArray(asRecord(object.spec).rules)) {
    const http = asRecord(rule).http;
    if (!http) continue;
    for (const rawPath of asArray(asRecord(http).paths)) {
      const path = asRecord(rawPath);
      const backend = asRecord(path.backend);
      const service = asRecord(backend.service);
      const port = asRecord(service.port);
      const legacyPort = backend.servicePort;
      out.push({
        path: asString(path.path) ?? '/',
        service: asString(service.name) ?? asString(backend.serviceName),
        portNumber: asInt(port.number) ?? (typeof legacyPort === 'number' ? legacyPort : undefined),
        portName: asString(port.name) ?? (typeof legacyPort === 'string' ? legacyPort : undefined),
      });
    }
  }
  return out;
}

const ingressTargetsService: CheckDefinition = {
  id: 'kube-score/ingress-targets-service',
  area: 'reliability',
  severity: 'danger',
  kinds: ['Ingress'],
  target: 'object',
  ...KS,
  title: 'Every Ingress path targets an existing Service port',
  passes: 'for every HTTP rule path, a Service of that name exists in the namespace with a port of that number (or name)',
  passMessage: 'Every path targets an existing Service',
  failMessage: 'No Service match was found for a path',
  fix: 'backend:\n  service:\n    name: checkout   # an existing Service in this namespace\n    port: { number: 80 }\n',
  evaluate: (subject, ctx) => {
    const missing: string[] = [];
    for (const backend of ingressBackends(subject.item.object)) {
      const services = backend.service ? (ctx.inventory.objects.servicePorts.get(`${subject.nsKey}/${backend.service}`) ?? []) : [];
      // kube-score: a port matches by number, or by name (two unnamed ports match too).
      const matched = services.some((ports) =>
        ports.some((p) => (backend.portNumber !== undefined && backend.portNumber > 0 && asInt(p.port) === backend.portNumber) || (asString(p.name) ?? '') === (backend.portName ?? '')),
      );
      if (matched) continue;
      if (!backend.service) missing.push(`${backend.path} (no service backend)`);
      else missing.push(`${backend.path} -> ${backend.service}:${backend.portNumber ?? backend.portName ?? '?'}`);
    }
    return missing.length === 0 ? pass() : fail(`No Service with that name and port: ${missing.join(', ')}`);
  },
};

// ---------------------------------------------------------------- anti-affinity and spread

const APPROVED_TOPOLOGY_KEYS = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/region',
  'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
]);

/** kube-score's hasPodAntiAffinity: a required or preferred anti-affinity term on a node/zone/region key whose selector matches the pod's own labels. */
function hasHostAntiAffinity(workload: Workload): boolean {
  const anti = asRecord(asRecord(workload.podSpec.affinity).podAntiAffinity);
  const terms = [
    ...asArray(anti.preferredDuringSchedulingIgnoredDuringExecution).map((p) => asRecord(asRecord(p).podAffinityTerm)),
    ...asArray(anti.requiredDuringSchedulingIgnoredDuringExecution).map(asRecord),
  ];
  return terms.some((term) => {
    if (!APPROVED_TOPOLOGY_KEYS.has(asString(term.topologyKey) ?? '')) return false;
    const selector = toLabelSelector(term.labelSelector);
    return selector !== null && selectorMatches(selector, workload.podLabels);
  });
}

function antiAffinityCheck(kind: 'Deployment' | 'StatefulSet'): CheckDefinition {
  const slug = kind.toLowerCase();
  return {
    id: kind === 'Deployment' ? 'kube-score/deployment-has-host-podantiaffinity' : 'kube-score/statefulset-has-host-podantiaffinity',
    area: 'reliability',
    severity: 'warning',
    kinds: [kind],
    target: 'workload',
    ...KS,
    title: `The ${kind}'s pods repel each other across nodes`,
    passes: `a required or preferred \`podAntiAffinity\` term on \`kubernetes.io/hostname\` (or a zone/region key) selects the ${kind}'s own pod labels; not judged when \`spec.replicas\` is set below 2 (unset is judged: an HPA may scale it)`,
    passMessage: `The ${kind} has a host podAntiAffinity`,
    failMessage: `${kind} does not have a host podAntiAffinity set`,
    fix: `affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n      - weight: 100\n        podAffinityTerm:\n          topologyKey: kubernetes.io/hostname\n          labelSelector:\n            matchLabels: { app.kubernetes.io/name: ${slug} }\n`,
    evaluate: (workload) => {
      const replicas = asInt(asRecord(workload.item.object.spec).replicas);
      if (replicas !== undefined && replicas < 2) return null;
      return hasHostAntiAffinity(workload) ? pass() : fail();
    },
  };
}

const spreadConstraints: CheckDefinition = {
  id: 'kube-score/pod-topology-spread-constraints',
  area: 'reliability',
  severity: 'danger',
  kinds: WORKLOAD_KINDS,
  target: 'workload',
  ...KS,
  title: 'Topology spread constraints are valid',
  passes: 'no `topologySpreadConstraints`, or each has a `labelSelector`, a non-zero `maxSkew`, `minDomains` unset or non-zero, a `topologyKey`, and `whenUnsatisfiable` DoNotSchedule or ScheduleAnyway',
  passMessage: 'Topology spread constraints are valid (or absent: scheduler defaults)',
  failMessage: 'Invalid topology spread constraint',
  fix: 'topologySpreadConstraints:\n  - maxSkew: 1\n    topologyKey: topology.kubernetes.io/zone\n    whenUnsatisfiable: ScheduleAnyway\n    labelSelector:\n      matchLabels: { app.kubernetes.io/name: checkout }\n',
  evaluate: (workload) => {
    for (const raw of asArray(workload.podSpec.topologySpreadConstraints)) {
      const c = asRecord(raw);
      if (c.labelSelector == null) return fail('Topology spread constraint without labelSelector (needed to count the pods per domain)');
      if (!asInt(c.maxSkew)) return fail('Topology spread constraint with maxSkew 0 (not allowed)');
      if (c.minDomains != null && asInt(c.minDomains) === 0) return fail('Topology spread constraint with minDomains 0 (not allowed)');
      if (!asString(c.topologyKey)) return fail('Topology spread constraint without topologyKey');
      if (c.whenUnsatisfiable !== 'DoNotSchedule' && c.whenUnsatisfiable !== 'ScheduleAnyway') return fail('Topology spread constraint with an invalid whenUnsatisfiable (DoNotSchedule or ScheduleAnyway)');
    }
    return pass();
  },
};

// ---------------------------------------------------------------- image pull policy

/** kube-score: Always, except that an unset policy on an untagged or :latest image is fine (Kubernetes then defaults to Always). */
function pullPolicyWrong(container: Container): boolean {
  const policy = asString(container.spec.imagePullPolicy) ?? '';
  const tag = parseImage(container.image).tag ?? '';
  if (policy === '' && (tag === '' || tag === 'latest')) return false;
  return policy !== 'Always';
}

const imagePullPolicy: CheckDefinition = {
  id: 'kube-score/container-image-pull-policy',
  area: 'reliability',
  severity: 'danger',
  kinds: WORKLOAD_KINDS,
  target: 'workload',
  ...KS,
  title: 'Containers pull their image Always',
  passes: 'every container (init included) sets `imagePullPolicy: Always`, or leaves it unset on an untagged or `:latest` image (which Kubernetes defaults to Always)',
  passMessage: 'Every container pulls Always',
  failMessage: 'ImagePullPolicy is not set to Always',
  fix: 'imagePullPolicy: Always\n',
  evaluate: (workload) => containerOutcome(workload, true, pullPolicyWrong, 'ImagePullPolicy is not set to Always'),
};

export const kubeScoreChecks: CheckDefinition[] = [
  podProbesIdentical,
  ephemeralStorage,
  serviceTargetsPod,
  ingressTargetsService,
  stableVersionCheck,
  antiAffinityCheck('Deployment'),
  antiAffinityCheck('StatefulSet'),
  spreadConstraints,
  imagePullPolicy,
];
