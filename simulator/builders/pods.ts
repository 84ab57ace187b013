// Pods and their status in any state the simulator shows (running, crash
// looping, pulling, unschedulable, completed...), as the kubelet reports them.
// Pods share their (immutable) template parts with their ReplicaSet to keep
// 150,000 pods compact: only metadata, spec.nodeName and status are per pod.

import { isoTime } from '../plan';
import type { Prng } from '../prng';
import type { KubeObject, OwnerReference } from '../types';
import { conditionCache, hostIpLists, runningStates } from './caches';
import { podIpFor } from './identity';
import { imageIdOf } from './images';

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
function runningState(startedAt: string): unknown {
  let st = runningStates.get(startedAt);
  if (!st) {
    if (runningStates.size > 100_000) runningStates.clear();
    st = { running: { startedAt } };
    runningStates.set(startedAt, st);
  }
  return st;
}
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
