// Builders for the objects the generator and the simulated controllers create.
// Pods share their (immutable) template parts with their ReplicaSet to keep
// 150,000 pods compact: only metadata, spec.nodeName and status are per pod.

import { hash32, type Prng } from './prng';
import { cpuString, isoTime, memString, type WorkloadPlan } from './plan';
import type { KubeObject, OwnerReference } from './types';

const KUBE_ALNUM = 'bcdfghjklmnpqrstvwxz2456789';

function alnum(n: number, len: number): string {
  const codes: number[] = [];
  for (let i = 0; i < len; i++) {
    codes.push(KUBE_ALNUM.charCodeAt(n % KUBE_ALNUM.length));
    n = Math.floor(n / KUBE_ALNUM.length);
  }
  return String.fromCharCode(...codes);
}

/** pod-template-hash / controller-revision-hash of a pod template (stable, like the real one). */
export function templateHash(template: unknown): string {
  const text = JSON.stringify(template);
  // two FNV-1a variants in one pass
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 0x01000193);
    h2 = Math.imul(h2 ^ ch, 0x5bd1e995);
  }
  return alnum(h1 >>> 0, 6) + alnum(h2 >>> 0, 4);
}

export function ownerRef(owner: KubeObject, blockOwnerDeletion = true): OwnerReference {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion };
}

const sharedValues = new Map<string, unknown>();
/**
 * Hash-consing for small immutable sub-objects (probes, env, resources, security
 * contexts...): equal values share one instance across templates and revisions.
 */
export function shared<T>(value: T): T {
  const key = JSON.stringify(value);
  const hit = sharedValues.get(key);
  if (hit !== undefined) return hit as T;
  if (sharedValues.size > 200_000) sharedValues.clear();
  sharedValues.set(key, value);
  return value;
}

const imageIds = new Map<string, string>();

/** Drop the dedup caches once a cluster is built (the objects keep what they share). */
export function clearBuilderCaches(): void {
  sharedValues.clear();
  imageIds.clear();
  runningStates.clear();
  hostIpLists.clear();
  conditionCache.clear();
}
function hexFrom(seed: string, len: number): string {
  const parts: string[] = [];
  for (let i = 0; parts.length * 8 < len; i++) parts.push(hash32(`${seed}:${i}`).toString(16).padStart(8, '0'));
  return parts.join('').slice(0, len);
}

export function imageIdOf(image: string): string {
  let id = imageIds.get(image);
  if (!id) {
    const repo = image.split('@')[0]!.replace(/:[^/:]+$/, '');
    id = `${repo.includes('/') && repo.split('/')[0]!.includes('.') ? '' : 'docker.io/library/'}${repo}@sha256:${hexFrom(image, 64)}`;
    imageIds.set(image, id);
  }
  return id;
}

/** A pod IP derived from its uid (unique enough for a simulator). */
export function podIpFor(uid: string): string {
  const h = hash32(uid);
  return `10.${128 + (h & 63)}.${(h >>> 6) & 255}.${1 + ((h >>> 14) % 254)}`;
}

export const SA_VOLUME = Object.freeze({
  name: 'kube-api-access',
  projected: {
    defaultMode: 420,
    sources: [
      { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
      { downwardAPI: { items: [{ path: 'namespace', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' } }] } },
    ],
  },
});

const SA_MOUNT = Object.freeze({ name: 'kube-api-access', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true });

const DEFAULT_TOLERATIONS = Object.freeze([
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
]);

function probe(path: string, port: string | number, initialDelaySeconds: number) {
  return { httpGet: { path, port, scheme: 'HTTP' }, initialDelaySeconds, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 };
}

export function workloadLabels(w: Pick<WorkloadPlan, 'name' | 'team' | 'component' | 'labels'>): Record<string, string> {
  return {
    app: w.name,
    'app.kubernetes.io/name': w.name,
    ...(w.component ? { 'app.kubernetes.io/component': w.component } : {}),
    team: w.team,
    ...(w.labels ?? {}),
  };
}

export function imageTag(image: string): string | undefined {
  if (image.includes('@')) return image.split('@')[1];
  const last = image.split('/').pop()!;
  const i = last.indexOf(':');
  return i < 0 ? undefined : last.slice(i + 1);
}

export function withTag(image: string, tag: string): string {
  const at = image.indexOf('@');
  const base = at >= 0 ? image.slice(0, at) : image;
  const slash = base.lastIndexOf('/');
  const colon = base.lastIndexOf(':');
  const repo = colon > slash ? base.slice(0, colon) : base;
  return `${repo}:${tag}`;
}

/** Pod template (metadata + spec) of a workload at a given image. */
export function buildPodTemplate(w: WorkloadPlan, image: string): { metadata: Record<string, unknown>; spec: Record<string, unknown> } {
  const port = w.port ?? 8080;
  const resources: Record<string, Record<string, string>> = {};
  if (w.cpuRequestMilli !== undefined || w.memoryRequestMi !== undefined) {
    resources.requests = {};
    if (w.cpuRequestMilli !== undefined) resources.requests.cpu = cpuString(w.cpuRequestMilli);
    if (w.memoryRequestMi !== undefined) resources.requests.memory = memString(w.memoryRequestMi);
  }
  if (w.cpuLimitMilli !== undefined || w.memoryLimitMi !== undefined) {
    resources.limits = {};
    if (w.cpuLimitMilli !== undefined) resources.limits.cpu = cpuString(w.cpuLimitMilli);
    if (w.memoryLimitMi !== undefined) resources.limits.memory = memString(w.memoryLimitMi);
  }
  const securityContext: Record<string, unknown> = {};
  if (w.privileged) securityContext.privileged = true;
  securityContext.allowPrivilegeEscalation = w.allowPrivilegeEscalation;
  if (w.readOnlyRootFilesystem) securityContext.readOnlyRootFilesystem = true;
  if (w.runAsNonRoot) securityContext.runAsNonRoot = true;
  if (w.runAsRoot) securityContext.runAsUser = 0;
  if (w.dropAllCapabilities || w.addCapabilities) {
    securityContext.capabilities = { ...(w.dropAllCapabilities ? { drop: ['ALL'] } : {}), ...(w.addCapabilities ? { add: w.addCapabilities } : {}) };
  }
  const mounts: Record<string, unknown>[] = [];
  if (w.volume) mounts.push({ name: 'data', mountPath: w.volume.mountPath });
  if (w.hostPath) mounts.push({ name: 'host', mountPath: w.hostPath, readOnly: true });
  if (w.readOnlyRootFilesystem) mounts.push({ name: 'tmp', mountPath: '/tmp' });
  if (w.automountServiceAccountToken !== false) mounts.push(SA_MOUNT);
  const main: Record<string, unknown> = {
    name: w.name,
    image,
    imagePullPolicy: w.imagePullPolicy ?? (imageTag(image) === 'latest' || !imageTag(image) ? 'Always' : 'IfNotPresent'),
    ports: shared([
      { name: 'http', containerPort: port, protocol: 'TCP' },
      ...(w.serviceMonitor && port !== 9090 ? [{ name: 'metrics', containerPort: 9090, protocol: 'TCP' }] : []),
    ]),
    env: shared([
      { name: 'SERVICE_NAME', value: w.name },
      { name: 'TEAM', value: w.team },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
    ]),
    resources: shared(resources),
    ...(w.liveness ? { livenessProbe: shared(probe('/healthz', 'http', 10)) } : {}),
    ...(w.readiness ? { readinessProbe: shared(probe('/ready', 'http', 5)) } : {}),
    ...(w.startup ? { startupProbe: shared({ ...probe('/healthz', 'http', 0), failureThreshold: 30 }) } : {}),
    securityContext: shared(securityContext),
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    volumeMounts: shared(mounts),
  };
  const containers: Record<string, unknown>[] = [main];
  if (w.sidecar) {
    containers.push(shared({
      name: w.sidecar.name,
      image: w.sidecar.image,
      imagePullPolicy: 'IfNotPresent',
      resources:
        w.sidecar.cpuRequestMilli !== undefined
          ? { requests: { cpu: cpuString(w.sidecar.cpuRequestMilli), memory: memString(w.sidecar.memoryRequestMi ?? 64) }, limits: { memory: memString((w.sidecar.memoryRequestMi ?? 64) * 2) } }
          : {},
      securityContext: { allowPrivilegeEscalation: false, runAsNonRoot: true, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
      volumeMounts: [SA_MOUNT],
    }));
  }
  const volumes: Record<string, unknown>[] = [];
  if (w.volume && w.kind !== 'StatefulSet') volumes.push({ name: 'data', persistentVolumeClaim: { claimName: `${w.name}-data` } });
  if (w.hostPath) volumes.push({ name: 'host', hostPath: { path: w.hostPath, type: 'Directory' } });
  if (w.readOnlyRootFilesystem) volumes.push({ name: 'tmp', emptyDir: {} });
  if (w.automountServiceAccountToken !== false) volumes.push(SA_VOLUME);
  const podSecurity: Record<string, unknown> = {};
  if (w.runAsNonRoot) Object.assign(podSecurity, { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
  const spec: Record<string, unknown> = {
    ...(w.initContainer
      ? {
          initContainers: shared([
            {
              name: w.initContainer.name,
              image: w.initContainer.image,
              imagePullPolicy: 'IfNotPresent',
              resources: {},
              terminationMessagePath: '/dev/termination-log',
              terminationMessagePolicy: 'File',
              volumeMounts: [SA_MOUNT],
            },
          ]),
        }
      : {}),
    containers,
    restartPolicy: w.kind === 'CronJob' ? 'OnFailure' : 'Always',
    terminationGracePeriodSeconds: 30,
    dnsPolicy: w.hostNetwork ? 'ClusterFirstWithHostNet' : 'ClusterFirst',
    serviceAccountName: w.kind === 'DaemonSet' || w.namespace.startsWith('kube-') ? w.name : 'default',
    securityContext: shared(podSecurity),
    schedulerName: 'default-scheduler',
    ...(w.hostNetwork ? { hostNetwork: true } : {}),
    ...(w.hostPID ? { hostPID: true } : {}),
    ...(w.automountServiceAccountToken === false ? { automountServiceAccountToken: false } : {}),
    ...(w.priorityClassName ? { priorityClassName: w.priorityClassName } : {}),
    ...(w.nodeSelector ? { nodeSelector: w.nodeSelector } : {}),
    tolerations: w.tolerateAll ? [{ operator: 'Exists' }] : DEFAULT_TOLERATIONS,
    ...(w.topologySpread
      ? {
          topologySpreadConstraints: [
            shared({ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: w.name } } }),
          ],
        }
      : {}),
    volumes: shared(volumes),
  };
  spec.serviceAccount = spec.serviceAccountName;
  return {
    metadata: {
      labels: { ...workloadLabels(w), version: imageTag(image) ?? 'latest' },
      ...(w.serviceMonitor ? { annotations: { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090' } } : {}),
    },
    spec,
  };
}

export type PodState =
  | 'running'
  | 'notready'
  | 'crashloop'
  | 'imagepull'
  | 'creating'
  | 'unschedulable'
  | 'succeeded'
  | 'failed';

export interface PodArgs {
  name: string;
  generateName?: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  owner: OwnerReference[];
  /** The template spec; shared by reference. */
  spec: Record<string, unknown>;
  node?: { name: string; ip: string };
  created: number;
  state: PodState;
  restarts: number;
  prng: Prng;
  now: number;
  /** Extra spec fields (e.g. DaemonSet node affinity, StatefulSet hostname). */
  specExtra?: Record<string, unknown>;
}

type ContainerSpec = { name: string; image: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } };

function qosClass(containers: ContainerSpec[]): string {
  let any = false;
  let guaranteed = true;
  for (const c of containers) {
    const r = c.resources?.requests ?? {};
    const l = c.resources?.limits ?? {};
    if (r.cpu || r.memory || l.cpu || l.memory) any = true;
    if (!l.cpu || !l.memory || (r.cpu && r.cpu !== l.cpu) || (r.memory && r.memory !== l.memory)) guaranteed = false;
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

const conditionCache = new Map<string, unknown[]>();
function conditions(state: PodState, at: string, readyAt: string): unknown[] {
  const key = `${state}|${at}|${readyAt}`;
  let c = conditionCache.get(key);
  if (c) return c;
  const cond = (type: string, status: string, time: string, reason?: string, message?: string) => ({
    type,
    status,
    lastProbeTime: null,
    lastTransitionTime: time,
    ...(reason ? { reason } : {}),
    ...(message ? { message } : {}),
  });
  if (state === 'unschedulable') {
    c = [cond('PodScheduled', 'False', at, 'Unschedulable', '0/0 nodes are available: insufficient cpu. preemption: 0/0 nodes are available.')];
  } else {
    const ready = state === 'running' || state === 'succeeded' ? 'True' : 'False';
    const started = state !== 'creating' && state !== 'imagepull';
    const reason = ready === 'True' ? undefined : state === 'succeeded' || state === 'failed' ? 'PodCompleted' : 'ContainersNotReady';
    c = [
      cond('PodReadyToStartContainers', state === 'succeeded' || state === 'failed' ? 'False' : 'True', at),
      cond('Initialized', 'True', at, state === 'succeeded' ? 'PodCompleted' : undefined),
      cond('Ready', state === 'succeeded' ? 'False' : ready, readyAt, reason),
      cond('ContainersReady', state === 'succeeded' ? 'False' : ready, readyAt, reason),
      cond('PodScheduled', 'True', at),
    ];
    if (!started && c.length) {
      // nothing extra; containers are waiting
    }
  }
  if (conditionCache.size > 50_000) conditionCache.clear();
  conditionCache.set(key, c);
  return c;
}

const EMPTY = Object.freeze({});
const runningStates = new Map<string, unknown>();
function runningState(startedAt: string): unknown {
  let st = runningStates.get(startedAt);
  if (!st) {
    if (runningStates.size > 100_000) runningStates.clear();
    st = { running: { startedAt } };
    runningStates.set(startedAt, st);
  }
  return st;
}
const hostIpLists = new Map<string, unknown>();
function hostIps(ip: string): unknown {
  let l = hostIpLists.get(ip);
  if (!l) hostIpLists.set(ip, (l = [{ ip }]));
  return l;
}

export function buildPodStatus(
  spec: Record<string, unknown>,
  node: { name: string; ip: string } | undefined,
  podIp: string,
  created: number,
  state: PodState,
  restarts: number,
  prng: Prng,
  now: number,
): Record<string, unknown> {
  const containers = spec.containers as ContainerSpec[];
  const qos = qosClass(containers);
  if (state === 'unschedulable' || !node) {
    return { phase: 'Pending', conditions: conditions('unschedulable', isoTime(created), isoTime(created)), qosClass: qos };
  }
  const startMs = created + 2000;
  const start = isoTime(startMs);
  const readyAt = isoTime(startMs + 8000);
  const lastRestart = restarts > 0 ? isoTime(Math.max(startMs, now - Math.floor(prng.next() * 3_600_000))) : start;
  const statuses = containers.map((c, i) => {
    const main = i === 0;
    const base = { name: c.name, image: c.image, imageID: imageIdOf(c.image) };
    const cid = `containerd://${prng.hex(64)}`;
    if (state === 'creating') {
      return { ...base, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ContainerCreating' } }, lastState: {} };
    }
    if (state === 'imagepull' && main) {
      return { ...base, imageID: '', ready: false, restartCount: 0, started: false, state: { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${c.image}"` } }, lastState: {} };
    }
    if (state === 'crashloop' && main) {
      return {
        ...base,
        containerID: cid,
        ready: false,
        restartCount: Math.max(restarts, 3),
        started: false,
        state: { waiting: { reason: 'CrashLoopBackOff', message: `back-off 5m0s restarting failed container=${c.name}` } },
        lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: lastRestart, finishedAt: lastRestart, containerID: cid } },
      };
    }
    if (state === 'succeeded' || state === 'failed') {
      const finished = isoTime(startMs + 30_000 + Math.floor(prng.next() * 600_000));
      return {
        ...base,
        containerID: cid,
        ready: false,
        restartCount: 0,
        started: false,
        state: { terminated: { exitCode: state === 'succeeded' ? 0 : 1, reason: state === 'succeeded' ? 'Completed' : 'Error', startedAt: start, finishedAt: finished, containerID: cid } },
        lastState: {},
      };
    }
    const ready = state === 'running' || !main;
    return {
      ...base,
      containerID: cid,
      ready,
      restartCount: main ? restarts : 0,
      started: true,
      state: runningState(main ? lastRestart : start),
      lastState: main && restarts > 0 ? { terminated: { exitCode: 137, reason: 'OOMKilled', startedAt: start, finishedAt: lastRestart, containerID: `containerd://${prng.hex(64)}` } } : EMPTY,
    };
  });
  const phase = state === 'succeeded' ? 'Succeeded' : state === 'failed' ? 'Failed' : state === 'creating' || state === 'imagepull' ? 'Pending' : 'Running';
  const status: Record<string, unknown> = {
    phase,
    conditions: conditions(state, start, readyAt),
    hostIP: node.ip,
    hostIPs: hostIps(node.ip),
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: start,
    containerStatuses: statuses,
    qosClass: qos,
  };
  if (spec.initContainers) {
    status.initContainerStatuses = (spec.initContainers as ContainerSpec[]).map((c) => ({
      name: c.name,
      image: c.image,
      imageID: imageIdOf(c.image),
      ready: true,
      restartCount: 0,
      started: false,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: start, finishedAt: start } },
      lastState: {},
    }));
  }
  return status;
}

export function buildPod(a: PodArgs): KubeObject {
  const ip = a.spec.hostNetwork && a.node ? a.node.ip : podIpFor(a.uid);
  const spec = a.node ? { ...a.spec, ...(a.specExtra ?? {}), nodeName: a.node.name } : { ...a.spec, ...(a.specExtra ?? {}) };
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: a.name,
      ...(a.generateName ? { generateName: a.generateName } : {}),
      namespace: a.namespace,
      uid: a.uid,
      resourceVersion: '',
      creationTimestamp: isoTime(a.created),
      labels: a.labels,
      ...(a.annotations ? { annotations: a.annotations } : {}),
      ownerReferences: a.owner,
    },
    spec,
    status: buildPodStatus(spec, a.node, ip, a.created, a.state, a.restarts, a.prng, a.now),
  };
  return pod;
}
