// The Pods of a workload: desired states (problem pods first), placement on the
// scheduler, the Pod objects and the Events each state leaves behind.

import { buildPod, type PodState } from '../builders/pods';
import { DAY, frozenAnnotations, HOUR, type WorkloadPlan } from '../plan';
import type { NodeSlot } from '../scheduler';
import type { KubeObject, OwnerReference } from '../types';
import { addEvent, type Ctx } from './context';

function podStates(w: WorkloadPlan, total: number): PodState[] {
  const states: PodState[] = [];
  const push = (s: PodState, n: number | undefined) => {
    for (let i = 0; i < (n ?? 0) && states.length < total; i++) states.push(s);
  };
  push('unschedulable', w.pending);
  push('crashloop', w.crashLooping);
  push('imagepull', w.imagePullBackOff);
  while (states.length < total) states.push('running');
  return states;
}

export function reqOf(w: WorkloadPlan): { cpu: number; mem: number } {
  return {
    cpu: (w.cpuRequestMilli ?? 0) + (w.sidecar?.cpuRequestMilli ?? 0),
    mem: ((w.memoryRequestMi ?? 0) + (w.sidecar?.memoryRequestMi ?? 0)) * 1024 * 1024,
  };
}

function placePod(c: Ctx, w: WorkloadPlan, state: PodState): NodeSlot | undefined {
  if (state === 'unschedulable') return undefined;
  const { cpu, mem } = reqOf(w);
  let zone: string | undefined;
  if (w.topologySpread) {
    const zones = c.scheduler.zoneNames();
    zone = zones[c.zoneCursor++ % Math.max(1, zones.length)];
  }
  return c.scheduler.place(cpu, mem, zone);
}

function podEvents(c: Ctx, pod: KubeObject, state: PodState, w: WorkloadPlan): void {
  const inv = { kind: 'Pod', apiVersion: 'v1', name: pod.metadata.name, namespace: pod.metadata.namespace!, uid: pod.metadata.uid };
  const host = pod.spec.nodeName as string | undefined;
  const now = c.now;
  const container = `spec.containers{${w.name}}`;
  switch (state) {
    case 'crashloop':
      addEvent(c, { ...inv, fieldPath: container }, 'Warning', 'BackOff', `Back-off restarting failed container ${w.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, 'kubelet', host, now - 50 * 60_000, now - c.prng.int(5, 120) * 1000, c.prng.int(20, 260), true);
      if (w.liveness) addEvent(c, { ...inv, fieldPath: container }, 'Warning', 'Unhealthy', 'Liveness probe failed: HTTP probe failed with statuscode: 500', 'kubelet', host, now - 55 * 60_000, now - c.prng.int(5, 300) * 1000, c.prng.int(5, 90), true);
      return;
    case 'unschedulable':
      addEvent(c, inv, 'Warning', 'FailedScheduling', `0/${c.nodeSlots.length} nodes are available: ${c.nodeSlots.length} Insufficient cpu. preemption: 0/${c.nodeSlots.length} nodes are available: ${c.nodeSlots.length} No preemption victims found for incoming pod.`, 'default-scheduler', undefined, now - 40 * 60_000, now - c.prng.int(10, 600) * 1000, c.prng.int(3, 40), true);
      return;
    case 'imagepull':
      addEvent(c, { ...inv, fieldPath: container }, 'Warning', 'Failed', `Failed to pull image "${w.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${w.image}": not found`, 'kubelet', host, now - 30 * 60_000, now - c.prng.int(10, 300) * 1000, c.prng.int(3, 30), true);
      addEvent(c, { ...inv, fieldPath: container }, 'Normal', 'BackOff', `Back-off pulling image "${w.image}"`, 'kubelet', host, now - 30 * 60_000, now - c.prng.int(10, 300) * 1000, c.prng.int(20, 120), true);
      return;
    default:
      if (c.prng.chance(c.eventProb)) {
        const created = Date.parse(pod.metadata.creationTimestamp);
        if (now - created < 3 * HOUR) {
          addEvent(c, inv, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${host}`, 'default-scheduler', undefined, created, created, 1);
          addEvent(c, { ...inv, fieldPath: container }, 'Normal', 'Pulled', `Container image "${w.image}" already present on machine`, 'kubelet', host, created + 2000, created + 2000, 1);
          addEvent(c, { ...inv, fieldPath: container }, 'Normal', 'Started', `Started container ${w.name}`, 'kubelet', host, created + 3000, created + 3000, 1);
        } else if (w.readiness && c.prng.chance(0.3)) {
          addEvent(c, { ...inv, fieldPath: container }, 'Warning', 'Unhealthy', 'Readiness probe failed: Get "http://' + (pod.status.podIP ?? '') + ':8080/ready": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', 'kubelet', host, now - c.prng.int(10, 50) * 60_000, now - c.prng.int(1, 9) * 60_000, c.prng.int(1, 12));
        }
      }
  }
}

export function makePods(
  c: Ctx,
  w: WorkloadPlan,
  count: number,
  owner: OwnerReference[],
  labels: Record<string, string>,
  spec: Record<string, unknown>,
  from: number,
  naming: (i: number) => { name: string; generateName?: string; labels?: Record<string, string>; specExtra?: Record<string, unknown> },
  forcedStates?: PodState[],
): { pods: KubeObject[]; ready: number } {
  const pods: KubeObject[] = [];
  const states = forcedStates ?? podStates(w, count);
  let ready = 0;
  for (let i = 0; i < count; i++) {
    let state = states[i]!;
    const slot = placePod(c, w, state);
    if (!slot && state !== 'unschedulable') state = 'unschedulable';
    // Pods of one rollout start together (shared condition objects); some were rescheduled later.
    const later = c.prng.chance(0.1) ? Math.floor(c.prng.int(0, Math.max(1, c.now - from)) / 600_000) * 600_000 : 0;
    const created = Math.min(c.now - 60_000, from + c.prng.int(0, 3) * 30_000 + later);
    let n = naming(i);
    while (c.podNames.has(`${w.namespace}/${n.name}`)) n = naming(i);
    c.podNames.add(`${w.namespace}/${n.name}`);
    const restarts = state === 'running' ? (c.prng.chance(0.12) ? c.prng.int(1, w.maxRestarts ?? 4) : 0) : c.prng.int(3, 40);
    const pod = buildPod({
      name: n.name,
      generateName: n.generateName,
      namespace: w.namespace,
      uid: c.prng.uuid(),
      labels: n.labels ?? labels,
      annotations: frozenAnnotations(w.frozen),
      owner,
      spec,
      node: slot ? { name: slot.name, ip: slot.ip } : undefined,
      created,
      state,
      restarts,
      prng: c.prng,
      now: c.now,
      specExtra: n.specExtra,
    });
    if (state === 'running') ready++;
    pods.push(pod);
    podEvents(c, pod, state, w);
  }
  return { pods, ready };
}

export function workloadStartTimes(c: Ctx, w: WorkloadPlan): { created: number; rollout: number } {
  const created = c.now - w.ageDays * DAY - c.prng.int(0, 3600) * 1000;
  const sinceRollout = (w.lastRolloutHours ?? c.prng.int(1, Math.max(2, Math.min(w.ageDays * 24, 24 * 30)))) * HOUR;
  const rollout = Math.max(created + 60_000, c.now - sinceRollout);
  return { created, rollout };
}
