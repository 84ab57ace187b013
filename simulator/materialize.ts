// Turns a ClusterPlan into Kubernetes objects: nodes, namespaces, workloads with
// their ReplicaSets/Jobs and Pods (scheduled onto nodes), Services, PDBs, HPAs,
// NetworkPolicies, PVCs/PVs, Ingresses, Certificates, Velero, Argo CD, Prometheus
// and Sloth resources, and Events.

import { trivyReports } from './trivy';
import {
  buildPod,
  clearBuilderCaches,
  buildPodTemplate,
  imageTag,
  ownerRef,
  templateHash,
  withTag,
  workloadLabels,
  type PodState,
} from './builders';
import { clearTimeCache, DAY, frozenAnnotations, HOUR, isoTime, type ClusterPlan, type NamespacePlan, type NodePlan, type WorkloadPlan } from './plan';
import { Prng } from './prng';
import { rbacObjects } from './rbac';
import { pendingClaims } from './storage-objects';
import { Scheduler, type NodeSlot } from './scheduler';
import type { KubeObject, OwnerReference } from './types';

export const CA_PEM =
  '-----BEGIN CERTIFICATE-----\nMIIBdzCCAR2gAwIBAgIBADAKBggqhkjOPQQDAjAjMSEwHwYDVQQDDBhrM3Mtc2Vy\ndmVyLWNhQHJ1bndlbGwtc2ltMB4XDTI0MDEwMTAwMDAwMFoXDTM0MDEwMTAwMDAw\nMFowIzEhMB8GA1UEAwwYazNzLXNlcnZlci1jYUBydW53ZWxsLXNpbTBZMBMGByqG\n-----END CERTIFICATE-----\n';

function meta(name: string, namespace: string | undefined, uid: string, created: number, extra: Record<string, unknown> = {}) {
  return {
    name,
    ...(namespace !== undefined ? { namespace } : {}),
    uid,
    resourceVersion: '',
    creationTimestamp: isoTime(created),
    ...extra,
  };
}

function previousTag(tag: string | undefined, back: number): string | undefined {
  if (!tag) return undefined;
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  if (!m) return tag;
  let major = Number(m[2]);
  let minor = Number(m[3]);
  let patch = Number(m[4]);
  for (let i = 0; i < back; i++) {
    if (patch > 0) patch--;
    else if (minor > 0) {
      minor--;
      patch = 4;
    } else if (major > 0) {
      major--;
      minor = 9;
      patch = 4;
    }
  }
  return `${m[1]}${major}.${minor}.${patch}`;
}

function pascal(name: string): string {
  return name
    .split(/[-_.]/)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join('');
}

export function buildNode(n: NodePlan, prng: Prng, now: number, clusterRegion: string): KubeObject {
  const cpuAllocMilli = n.cpu * 1000 - (n.cpu <= 4 ? 80 : n.cpu <= 8 ? 90 : 110);
  const memKi = n.memoryGi * 1024 * 1024 - 460 * 1024; // what the kernel reports
  const memAllocKi = Math.floor(memKi - (255 + 11 * Math.min(n.maxPods, 110) + 100) * 1024);
  const created = now - n.ageDays * DAY;
  const heartbeat = isoTime(now - prng.int(1, 50) * 1000);
  const cond = (type: string, status: string, reason: string, message: string) => ({
    type,
    status,
    lastHeartbeatTime: n.ready ? heartbeat : isoTime(now - 3 * HOUR),
    lastTransitionTime: isoTime(status === (type === 'Ready' ? 'True' : 'False') ? created + 60_000 : now - prng.int(5, 180) * 60_000),
    reason,
    message,
  });
  const taints: unknown[] = [];
  if (n.unschedulable) taints.push({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule', timeAdded: isoTime(now - prng.int(1, 72) * HOUR) });
  if (!n.ready) {
    taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule', timeAdded: isoTime(now - 3 * HOUR) });
    taints.push({ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: isoTime(now - 3 * HOUR) });
  }
  const instanceId = `i-0${prng.hex(16)}`;
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: meta(n.name, undefined, prng.uuid(), created, {
      labels: {
        'beta.kubernetes.io/arch': n.arch,
        'beta.kubernetes.io/instance-type': n.instanceType,
        'beta.kubernetes.io/os': 'linux',
        'eks.amazonaws.com/capacityType': n.capacityType,
        'eks.amazonaws.com/nodegroup': n.pool,
        'failure-domain.beta.kubernetes.io/region': clusterRegion,
        'failure-domain.beta.kubernetes.io/zone': n.zone,
        'kubernetes.io/arch': n.arch,
        'kubernetes.io/hostname': n.name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': n.instanceType,
        'topology.kubernetes.io/region': clusterRegion,
        'topology.kubernetes.io/zone': n.zone,
      },
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': n.ip,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    }),
    spec: {
      providerID: `aws:///${n.zone}/${instanceId}`,
      ...(n.unschedulable ? { unschedulable: true } : {}),
      ...(taints.length ? { taints } : {}),
    },
    status: {
      capacity: {
        cpu: String(n.cpu),
        'ephemeral-storage': '104845292Ki',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memKi}Ki`,
        pods: String(n.maxPods),
      },
      allocatable: {
        cpu: `${cpuAllocMilli}m`,
        'ephemeral-storage': '95551679124',
        'hugepages-1Gi': '0',
        'hugepages-2Mi': '0',
        memory: `${memAllocKi}Ki`,
        pods: String(n.maxPods),
      },
      conditions: [
        n.memoryPressure
          ? cond('MemoryPressure', 'True', 'KubeletHasInsufficientMemory', 'kubelet has insufficient memory available')
          : cond('MemoryPressure', n.ready ? 'False' : 'Unknown', n.ready ? 'KubeletHasSufficientMemory' : 'NodeStatusUnknown', n.ready ? 'kubelet has sufficient memory available' : 'Kubelet stopped posting node status.'),
        n.diskPressure
          ? cond('DiskPressure', 'True', 'KubeletHasDiskPressure', 'kubelet has disk pressure')
          : cond('DiskPressure', n.ready ? 'False' : 'Unknown', n.ready ? 'KubeletHasNoDiskPressure' : 'NodeStatusUnknown', n.ready ? 'kubelet has no disk pressure' : 'Kubelet stopped posting node status.'),
        cond('PIDPressure', n.ready ? 'False' : 'Unknown', n.ready ? 'KubeletHasSufficientPID' : 'NodeStatusUnknown', n.ready ? 'kubelet has sufficient PID available' : 'Kubelet stopped posting node status.'),
        cond('Ready', n.ready ? 'True' : 'Unknown', n.ready ? 'KubeletReady' : 'NodeStatusUnknown', n.ready ? 'kubelet is posting ready status' : 'Kubelet stopped posting node status.'),
      ],
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'InternalDNS', address: n.name },
        { type: 'Hostname', address: n.name },
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        machineID: prng.hex(32),
        systemUUID: `ec2${prng.hex(5)}-${prng.hex(4)}-${prng.hex(4)}-${prng.hex(4)}-${prng.hex(12)}`,
        bootID: prng.uuid(),
        kernelVersion: n.kernelVersion,
        osImage: n.osImage,
        containerRuntimeVersion: n.containerRuntimeVersion,
        kubeletVersion: n.kubeletVersion,
        kubeProxyVersion: n.kubeletVersion,
        operatingSystem: 'linux',
        architecture: n.arch,
      },
    },
  };
}

interface Ctx {
  plan: ClusterPlan;
  prng: Prng;
  now: number;
  out: KubeObject[];
  scheduler: Scheduler;
  nodeSlots: NodeSlot[];
  events: KubeObject[];
  eventBudget: number;
  eventProb: number;
  nsByName: Map<string, NamespacePlan>;
  zoneCursor: number;
  notReady: Set<string>;
  /** namespace/name of every pod so far: generated suffixes must not collide. */
  podNames: Set<string>;
}

function clusterIp(prng: Prng): string {
  return `172.20.${prng.int(0, 255)}.${prng.int(1, 254)}`;
}

function addEvent(
  c: Ctx,
  involved: { kind: string; apiVersion: string; name: string; namespace?: string; uid: string; fieldPath?: string },
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component: string,
  host: string | undefined,
  first: number,
  last: number,
  count: number,
  force = false,
): void {
  if (!force && c.eventBudget <= 0) return;
  c.eventBudget--;
  const ns = involved.namespace ?? 'default';
  c.events.push({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: meta(`${involved.name}.${c.prng.hex(16)}`, ns, c.prng.uuid(), first),
    involvedObject: involved,
    reason,
    message,
    source: { component, ...(host ? { host } : {}) },
    firstTimestamp: isoTime(first),
    lastTimestamp: isoTime(last),
    count,
    type,
    eventTime: null,
    reportingComponent: component,
    reportingInstance: host ?? '',
  });
}

/** Desired pod states for a workload's pods, problem pods first. */
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

function reqOf(w: WorkloadPlan): { cpu: number; mem: number } {
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

function makePods(
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

function workloadStartTimes(c: Ctx, w: WorkloadPlan): { created: number; rollout: number } {
  const created = c.now - w.ageDays * DAY - c.prng.int(0, 3600) * 1000;
  const sinceRollout = (w.lastRolloutHours ?? c.prng.int(1, Math.max(2, Math.min(w.ageDays * 24, 24 * 30)))) * HOUR;
  const rollout = Math.max(created + 60_000, c.now - sinceRollout);
  return { created, rollout };
}

function materializeDeployment(c: Ctx, w: WorkloadPlan): void {
  const { created, rollout } = workloadStartTimes(c, w);
  const labels = workloadLabels(w);
  const selector = { matchLabels: { app: w.name } };
  const tpl = buildPodTemplate(w, w.image);
  const revisions = Math.max(1, w.revisions);
  const dep: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, {
      generation: revisions + (w.hpa ? c.prng.int(0, 6) : 0),
      labels,
      annotations: { 'deployment.kubernetes.io/revision': String(revisions), ...(w.annotations ?? {}), ...(frozenAnnotations(w.frozen) ?? {}) },
    }),
    spec: {
      replicas: w.replicas,
      selector,
      template: tpl,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
  const depRef = [ownerRef(dep)];
  const tag = imageTag(w.image);
  const firstKept = Math.max(1, revisions - 3);
  for (let r = firstKept; r < revisions; r++) {
    const oldTag = previousTag(tag, revisions - r);
    const oldTpl = buildPodTemplate(w, oldTag && oldTag !== tag ? withTag(w.image, oldTag) : w.image);
    if (!oldTag || oldTag === tag) oldTpl.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': isoTime(created + (r * (rollout - created)) / revisions) };
    const hash = templateHash(oldTpl);
    const when = created + Math.floor(((r - 1) * (rollout - created)) / Math.max(1, revisions - 1));
    c.out.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(`${w.name}-${hash}`, w.namespace, c.prng.uuid(), when, {
        generation: 2,
        labels: { ...(oldTpl.metadata.labels as Record<string, string>), 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(w.replicas),
          'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas * 0.25)),
          'deployment.kubernetes.io/revision': String(r),
        },
        ownerReferences: depRef,
      }),
      spec: {
        replicas: 0,
        selector: { matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash } },
        template: { metadata: { ...oldTpl.metadata, labels: { ...(oldTpl.metadata.labels as Record<string, string>), 'pod-template-hash': hash } }, spec: oldTpl.spec },
      },
      status: { replicas: 0, observedGeneration: 2 },
    });
  }
  const hash = templateHash(tpl);
  const podLabels = { ...(tpl.metadata.labels as Record<string, string>), 'pod-template-hash': hash };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${w.name}-${hash}`, w.namespace, c.prng.uuid(), rollout, {
      generation: 1,
      labels: podLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(w.replicas),
        'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas * 0.25)),
        'deployment.kubernetes.io/revision': String(revisions),
      },
      ownerReferences: depRef,
    }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash } },
      template: { metadata: { ...tpl.metadata, labels: podLabels }, spec: tpl.spec },
    },
  };
  const rsName = rs.metadata.name;
  const generateName = `${rsName}-`;
  const { pods, ready } = makePods(c, w, w.replicas, [ownerRef(rs)], podLabels, tpl.spec, rollout, () => ({
    name: generateName + c.prng.kubeSuffix(5),
    generateName,
  }));
  rs.status = { replicas: w.replicas, fullyLabeledReplicas: w.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 };
  const maxUnavailable = Math.floor(w.replicas * 0.25);
  const available = ready >= w.replicas - maxUnavailable;
  dep.status = {
    observedGeneration: dep.metadata.generation,
    replicas: w.replicas,
    updatedReplicas: w.replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(w.replicas - ready > 0 ? { unavailableReplicas: w.replicas - ready } : {}),
    conditions: [
      {
        type: 'Available',
        status: available ? 'True' : 'False',
        lastUpdateTime: isoTime(rollout + 30_000),
        lastTransitionTime: isoTime(available ? created + 30_000 : c.now - 20 * 60_000),
        reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: isoTime(rollout + 30_000),
        lastTransitionTime: isoTime(created),
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      },
    ],
  };
  c.out.push(dep, rs, ...pods);
  if (c.prng.chance(c.eventProb * 2) && c.now - rollout < 6 * HOUR) {
    addEvent(c, { kind: 'Deployment', apiVersion: 'apps/v1', name: w.name, namespace: w.namespace, uid: dep.metadata.uid }, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} to ${w.replicas}`, 'deployment-controller', undefined, rollout, rollout, 1);
  }
  if (w.volume) {
    pvcAndPv(c, w.namespace, `${w.name}-data`, w.volume, created, pods[0]?.spec.nodeName as string | undefined, labels);
  }
  attachments(c, w, dep, ready, created);
}

function pvcAndPv(
  c: Ctx,
  namespace: string,
  claim: string,
  vol: NonNullable<WorkloadPlan['volume']>,
  created: number,
  nodeName: string | undefined,
  labels: Record<string, string>,
  bound = true,
): void {
  const zone = (nodeName && c.scheduler.get(nodeName)?.zone) ?? c.plan.zones[0]!;
  const pvcUid = c.prng.uuid();
  const pvName = `pvc-${pvcUid}`;
  const size = `${vol.sizeGi}Gi`;
  c.out.push({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(claim, namespace, pvcUid, created, {
      labels,
      annotations: bound
        ? {
            'pv.kubernetes.io/bind-completed': 'yes',
            'pv.kubernetes.io/bound-by-controller': 'yes',
            'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            'volume.kubernetes.io/selected-node': nodeName ?? '',
            'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
          }
        : { 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' },
      finalizers: ['kubernetes.io/pvc-protection'],
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      storageClassName: vol.storageClass,
      volumeMode: 'Filesystem',
      ...(bound ? { volumeName: pvName } : {}),
    },
    status: bound ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: size } } : { phase: 'Pending' },
  });
  if (!bound) return;
  c.out.push({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: meta(pvName, undefined, c.prng.uuid(), created + 2000, {
      annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' },
      finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'],
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: size },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim, namespace, uid: pvcUid },
      csi: { driver: 'ebs.csi.aws.com', fsType: 'ext4', volumeHandle: `vol-0${c.prng.hex(16)}` },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: vol.storageClass,
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: isoTime(created + 2000) },
  });
}

function materializeStatefulSet(c: Ctx, w: WorkloadPlan): void {
  const { created, rollout } = workloadStartTimes(c, w);
  const labels = workloadLabels(w);
  const tpl = buildPodTemplate(w, w.image);
  const hash = templateHash(tpl);
  const revision = `${w.name}-${hash}`;
  const vol = w.volume;
  const sts: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, { generation: Math.max(1, w.revisions), labels, ...(w.annotations || w.frozen ? { annotations: { ...(w.annotations ?? {}), ...(frozenAnnotations(w.frozen) ?? {}) } } : {}) }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app: w.name } },
      serviceName: w.name,
      template: tpl,
      ...(vol
        ? {
            volumeClaimTemplates: [
              {
                apiVersion: 'v1',
                kind: 'PersistentVolumeClaim',
                metadata: { name: 'data' },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${vol.sizeGi}Gi` } }, storageClassName: vol.storageClass, volumeMode: 'Filesystem' },
                status: { phase: 'Pending' },
              },
            ],
          }
        : {}),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      minReadySeconds: 0,
    },
  };
  const baseLabels = { ...(tpl.metadata.labels as Record<string, string>), 'controller-revision-hash': revision };
  const templVolumes = (tpl.spec.volumes as unknown[]) ?? [];
  const { pods, ready } = makePods(c, w, w.replicas, [ownerRef(sts)], baseLabels, tpl.spec, rollout, (i) => {
    const name = `${w.name}-${i}`;
    return {
      name,
      labels: { ...baseLabels, 'apps.kubernetes.io/pod-index': String(i), 'statefulset.kubernetes.io/pod-name': name },
      specExtra: {
        hostname: name,
        subdomain: w.name,
        ...(vol ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `data-${name}` } }, ...templVolumes] } : {}),
      },
    };
  });
  sts.status = {
    observedGeneration: sts.metadata.generation,
    replicas: w.replicas,
    readyReplicas: ready,
    currentReplicas: w.replicas,
    updatedReplicas: w.replicas,
    availableReplicas: ready,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  };
  c.out.push(sts, ...pods);
  if (vol) {
    pods.forEach((p, i) => pvcAndPv(c, w.namespace, `data-${w.name}-${i}`, vol, created + i * 30_000, p.spec.nodeName as string | undefined, { app: w.name }, p.spec.nodeName !== undefined));
  }
  attachments(c, w, sts, ready, created);
}

function materializeDaemonSet(c: Ctx, w: WorkloadPlan): void {
  const { created, rollout } = workloadStartTimes(c, w);
  const labels = workloadLabels(w);
  const tpl = buildPodTemplate(w, w.image);
  const hash = templateHash(tpl);
  const ds: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, {
      generation: Math.max(1, w.revisions),
      labels,
      annotations: { 'deprecated.daemonset.template.generation': String(Math.max(1, w.revisions)) },
    }),
    spec: {
      selector: { matchLabels: { app: w.name } },
      template: tpl,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
    },
  };
  const podLabels = { ...(tpl.metadata.labels as Record<string, string>), 'controller-revision-hash': hash, 'pod-template-generation': String(Math.max(1, w.revisions)) };
  const owner = [ownerRef(ds)];
  const { cpu, mem } = reqOf(w);
  const pods: KubeObject[] = [];
  let ready = 0;
  for (const slot of c.nodeSlots) {
    c.scheduler.bind(slot, cpu, mem);
    const nodeReady = !c.notReady.has(slot.name);
    const state: PodState = nodeReady ? 'running' : 'notready';
    if (state === 'running') ready++;
    let name = `${w.name}-${c.prng.kubeSuffix(5)}`;
    while (c.podNames.has(`${w.namespace}/${name}`)) name = `${w.name}-${c.prng.kubeSuffix(5)}`;
    c.podNames.add(`${w.namespace}/${name}`);
    const pod = buildPod({
      name,
      generateName: `${w.name}-`,
      namespace: w.namespace,
      uid: c.prng.uuid(),
      labels: podLabels,
      owner,
      spec: tpl.spec,
      node: { name: slot.name, ip: slot.ip },
      created: Math.max(rollout, c.now - c.prng.int(1, 400) * DAY),
      state,
      restarts: c.prng.chance(0.05) ? c.prng.int(1, 3) : 0,
      prng: c.prng,
      now: c.now,
      specExtra: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [slot.name] }] }] } } },
      },
    });
    pods.push(pod);
  }
  const n = c.nodeSlots.length;
  ds.status = {
    currentNumberScheduled: n,
    desiredNumberScheduled: n,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(n - ready > 0 ? { numberUnavailable: n - ready } : {}),
    observedGeneration: ds.metadata.generation,
    updatedNumberScheduled: n,
  };
  c.out.push(ds, ...pods);
}

function cronInterval(schedule: string): number {
  if (schedule === '@hourly' || /^\S+ \* \* \* \*$/.test(schedule)) return HOUR;
  if (/^\S+ \*\/(\d+) \* \* \*$/.test(schedule)) return Number(/\*\/(\d+)/.exec(schedule)![1]) * HOUR;
  if (/^\*\/(\d+) \* \* \* \*$/.test(schedule)) return Number(/\*\/(\d+)/.exec(schedule)![1]) * 60_000;
  return DAY;
}

function materializeCronJob(c: Ctx, w: WorkloadPlan): void {
  const cron = w.cron ?? { schedule: '0 3 * * *', jobs: 2, failedJobs: 0 };
  const interval = cronInterval(cron.schedule);
  // old enough to have run every job the plan asks for
  const created = Math.min(workloadStartTimes(c, w).created, c.now - (cron.jobs + 1) * interval);
  const labels = workloadLabels(w);
  const tpl = buildPodTemplate(w, w.image);
  const cj: KubeObject = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, { generation: 1, labels, ...(w.frozen ? { annotations: frozenAnnotations(true) } : {}) }),
    spec: {
      schedule: cron.schedule,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      suspend: cron.suspend ?? false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
      jobTemplate: { metadata: { labels }, spec: { backoffLimit: 2, template: tpl } },
    },
  };
  let lastSuccess: number | undefined;
  let lastSchedule: number | undefined;
  const out: KubeObject[] = [cj];
  for (let k = 0; k < cron.jobs; k++) {
    const scheduled = Math.floor((c.now - (k + 0.5) * interval) / 60_000) * 60_000;
    lastSchedule ??= scheduled;
    const failed = k < cron.failedJobs;
    const jobName = `${w.name}-${Math.floor(scheduled / 60_000)}`;
    const jobUid = c.prng.uuid();
    const jobLabels = { ...labels, 'batch.kubernetes.io/controller-uid': jobUid, 'batch.kubernetes.io/job-name': jobName, 'controller-uid': jobUid, 'job-name': jobName };
    const job: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta(jobName, w.namespace, jobUid, scheduled, { generation: 1, labels: jobLabels, annotations: { 'batch.kubernetes.io/cronjob-scheduled-timestamp': isoTime(scheduled) }, ownerReferences: [ownerRef(cj)] }),
      spec: {
        parallelism: 1,
        completions: 1,
        backoffLimit: 2,
        completionMode: 'NonIndexed',
        suspend: false,
        podReplacementPolicy: 'TerminatingOrFailed',
        selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': jobUid } },
        template: { metadata: { ...tpl.metadata, labels: jobLabels }, spec: tpl.spec },
      },
    };
    const { pods } = makePods(c, w, 1, [ownerRef(job)], jobLabels, tpl.spec, scheduled, () => ({ name: `${jobName}-${c.prng.kubeSuffix(5)}`, generateName: `${jobName}-` }), [failed ? 'failed' : 'succeeded']);
    const pod = pods[0]!;
    const finishedAt = pod.status.containerStatuses?.[0]?.state?.terminated?.finishedAt ?? isoTime(scheduled + 60_000);
    job.status = failed
      ? {
          startTime: isoTime(scheduled),
          failed: 1,
          terminating: 0,
          ready: 0,
          uncountedTerminatedPods: {},
          conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit', lastProbeTime: finishedAt, lastTransitionTime: finishedAt }],
        }
      : {
          startTime: isoTime(scheduled),
          completionTime: finishedAt,
          succeeded: 1,
          terminating: 0,
          ready: 0,
          uncountedTerminatedPods: {},
          conditions: [{ type: 'Complete', status: 'True', lastProbeTime: finishedAt, lastTransitionTime: finishedAt }],
        };
    if (!failed) lastSuccess ??= Date.parse(finishedAt);
    out.push(job, ...pods);
    if (failed) {
      addEvent(c, { kind: 'Job', apiVersion: 'batch/v1', name: jobName, namespace: w.namespace, uid: jobUid }, 'Warning', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit', 'job-controller', undefined, Date.parse(finishedAt), Date.parse(finishedAt), 1, true);
    }
  }
  cj.status = { ...(lastSchedule ? { lastScheduleTime: isoTime(lastSchedule) } : {}), ...(lastSuccess ? { lastSuccessfulTime: isoTime(lastSuccess) } : {}) };
  c.out.push(...out);
}

/** Service, PDB, HPA, Ingress + Certificate, NetworkPolicy, ServiceMonitor, PrometheusRule, SLO. */
function attachments(c: Ctx, w: WorkloadPlan, owner: KubeObject, ready: number, created: number): void {
  const labels = workloadLabels(w);
  const selector = { app: w.name };
  const ns = w.namespace;
  const port = w.service?.port ?? 80;
  if (w.service) {
    const type = w.service.type ?? 'ClusterIP';
    const headless = type === 'Headless';
    const ip = headless ? 'None' : clusterIp(c.prng);
    c.out.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: meta(w.name, ns, c.prng.uuid(), created, { labels }),
      spec: {
        type: headless ? 'ClusterIP' : type,
        clusterIP: ip,
        clusterIPs: [ip],
        selector,
        ports: [
          { name: 'http', port, targetPort: 'http', protocol: 'TCP', ...(type === 'LoadBalancer' || type === 'NodePort' ? { nodePort: c.prng.int(30000, 32767) } : {}) },
          ...(w.serviceMonitor && port !== 9090 ? [{ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' }] : []),
        ],
        sessionAffinity: 'None',
        ipFamilies: ['IPv4'],
        ipFamilyPolicy: 'SingleStack',
        internalTrafficPolicy: 'Cluster',
        ...(type === 'LoadBalancer' ? { externalTrafficPolicy: 'Local', allocateLoadBalancerNodePorts: true } : {}),
      },
      status: {
        loadBalancer:
          type === 'LoadBalancer'
            ? { ingress: [{ hostname: `k8s-${ns.slice(0, 8)}-${w.name.slice(0, 8)}-${c.prng.hex(10)}.elb.${c.plan.region}.amazonaws.com` }] }
            : {},
      },
    });
  }
  if (w.pdb) {
    const expected = w.replicas;
    const resolve = (v: number | string) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((expected * Number(v.slice(0, -1))) / 100) : Number(v));
    const desired = w.pdb.minAvailable !== undefined ? resolve(w.pdb.minAvailable) : Math.max(0, expected - resolve(w.pdb.maxUnavailable ?? 1));
    const allowed = Math.max(0, ready - desired);
    c.out.push({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: meta(w.name, ns, c.prng.uuid(), created, { generation: 1, labels }),
      spec: { ...(w.pdb.minAvailable !== undefined ? { minAvailable: w.pdb.minAvailable } : { maxUnavailable: w.pdb.maxUnavailable ?? 1 }), selector: { matchLabels: selector } },
      status: {
        observedGeneration: 1,
        disruptionsAllowed: allowed,
        currentHealthy: ready,
        desiredHealthy: desired,
        expectedPods: expected,
        conditions: [
          {
            type: 'DisruptionAllowed',
            status: allowed > 0 ? 'True' : 'False',
            reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
            message: '',
            observedGeneration: 1,
            lastTransitionTime: isoTime(created + 60_000),
          },
        ],
      },
    });
  }
  if (w.hpa) {
    const util = Math.max(5, Math.min(140, w.hpa.cpuUtilization + c.prng.int(-35, 25)));
    c.out.push({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta(w.name, ns, c.prng.uuid(), created, { labels }),
      spec: {
        scaleTargetRef: { apiVersion: owner.apiVersion, kind: owner.kind, name: w.name },
        minReplicas: w.hpa.min,
        maxReplicas: w.hpa.max,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: w.hpa.cpuUtilization } } }],
      },
      status: {
        currentReplicas: w.replicas,
        desiredReplicas: w.replicas,
        lastScaleTime: isoTime(c.now - c.prng.int(1, 72) * HOUR),
        currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: util, averageValue: `${Math.round(((w.cpuRequestMilli ?? 100) * util) / 100)}m` } } }],
        conditions: [
          { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: isoTime(created + 60_000) },
          { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: isoTime(created + 60_000) },
          w.replicas >= w.hpa.max
            ? { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: isoTime(c.now - 2 * HOUR) }
            : { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: isoTime(created + 60_000) },
        ],
      },
    });
  }
  if (w.ingress) {
    const manual = w.ingress.manualTls === true;
    const secretName = manual ? `${w.name}-tls-manual` : `${w.name}-tls`;
    const issuer = w.ingress.issuer ?? 'letsencrypt-prod';
    c.out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta(w.name, ns, c.prng.uuid(), created, { generation: 1, labels, annotations: { ...(manual ? {} : { 'cert-manager.io/cluster-issuer': issuer }), 'nginx.ingress.kubernetes.io/ssl-redirect': 'true' } }),
      spec: {
        ingressClassName: 'nginx',
        tls: [{ hosts: [w.ingress.host], secretName }],
        rules: [{ host: w.ingress.host, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: w.name, port: { number: port } } } }] } }],
      },
      status: { loadBalancer: { ingress: [{ hostname: `k8s-ingressn-ingressn-${c.prng.hex(10)}.elb.${c.plan.region}.amazonaws.com` }] } },
    });
    if (!manual) {
      const days = w.ingress.certExpiresInDays ?? 60;
      const notAfter = c.now + days * DAY;
      const notBefore = notAfter - 90 * DAY;
      const ready = w.ingress.certReady ?? days > 0;
      const certCreated = Math.min(created, notBefore);
      c.out.push({
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: meta(secretName, ns, c.prng.uuid(), certCreated, {
          generation: 1,
          labels,
          ...(w.frozen ? { annotations: frozenAnnotations(true) } : {}),
          ownerReferences: [{ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: w.name, uid: c.prng.uuid(), controller: true, blockOwnerDeletion: true }],
        }),
        spec: { dnsNames: [w.ingress.host], issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuer }, secretName, usages: ['digital signature', 'key encipherment'] },
        status: {
          conditions: [
            ready
              ? { type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired', observedGeneration: 1, lastTransitionTime: isoTime(notBefore) }
              : days <= 0
                ? { type: 'Ready', status: 'False', reason: 'Expired', message: `Certificate expired on ${new Date(notAfter).toUTCString()}`, observedGeneration: 1, lastTransitionTime: isoTime(notAfter) }
                : { type: 'Ready', status: 'False', reason: 'Failed', message: 'The certificate request has failed to complete and will be retried: ACME challenge failed', observedGeneration: 1, lastTransitionTime: isoTime(c.now - 3 * DAY) },
            ...(days < 30 ? [{ type: 'Issuing', status: 'True', reason: 'Renewing', message: 'Renewing certificate as renewal was scheduled at ' + isoTime(notAfter - 30 * DAY), observedGeneration: 1, lastTransitionTime: isoTime(notAfter - 30 * DAY) }] : []),
          ],
          notAfter: isoTime(notAfter),
          notBefore: isoTime(notBefore),
          renewalTime: isoTime(notAfter - 30 * DAY),
          revision: Math.max(1, Math.floor((c.now - certCreated) / (60 * DAY))),
          ...(days < 30 && !ready ? { failedIssuanceAttempts: c.prng.int(1, 8), lastFailureTime: isoTime(c.now - c.prng.int(1, 20) * HOUR) } : {}),
        },
      });
      // The newest CertificateRequest of the certificate: failed while a renewal fails.
      const revision = Math.max(1, Math.floor((c.now - certCreated) / (60 * DAY)));
      const certUid = c.out[c.out.length - 1]!.metadata.uid;
      const failing = !ready && days > 0;
      const requested = failing ? c.now - 3 * DAY : notBefore;
      c.out.push({
        apiVersion: 'cert-manager.io/v1',
        kind: 'CertificateRequest',
        metadata: meta(`${secretName}-${revision}`, ns, c.prng.uuid(), requested, {
          generation: 1,
          labels,
          annotations: { 'cert-manager.io/certificate-name': secretName, 'cert-manager.io/certificate-revision': String(revision), 'cert-manager.io/private-key-secret-name': `${secretName}-key`, ...(w.frozen ? frozenAnnotations(true) : {}) },
          ownerReferences: [{ apiVersion: 'cert-manager.io/v1', kind: 'Certificate', name: secretName, uid: certUid, controller: true, blockOwnerDeletion: true }],
        }),
        spec: { issuerRef: { group: 'cert-manager.io', kind: 'ClusterIssuer', name: issuer }, duration: '2160h0m0s', usages: ['digital signature', 'key encipherment'], request: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0K' },
        status: {
          conditions: [
            { type: 'Approved', status: 'True', reason: 'cert-manager.io', message: 'Certificate request has been approved by cert-manager.io', lastTransitionTime: isoTime(requested) },
            failing
              ? { type: 'Ready', status: 'False', reason: 'Failed', message: 'Failed to wait for order resource "' + secretName + '-' + revision + '-1" to become ready: order is in "invalid" state: ACME challenge failed', lastTransitionTime: isoTime(requested + 5 * 60_000) }
              : { type: 'Ready', status: 'True', reason: 'Issued', message: 'Certificate fetched from issuer successfully', lastTransitionTime: isoTime(requested + 60_000) },
          ],
          ...(failing ? { failureTime: isoTime(requested + 5 * 60_000) } : { certificate: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' }),
        },
      });
    }
  }
  if (w.networkPolicy) {
    c.out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta(`${w.name}-allow-ingress`, ns, c.prng.uuid(), created, { generation: 1, labels }),
      spec: {
        podSelector: { matchLabels: selector },
        policyTypes: ['Ingress'],
        ingress: [
          {
            from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }, { podSelector: { matchLabels: { team: w.team } } }, { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }],
            ports: [{ port: w.port ?? 8080, protocol: 'TCP' }, ...(w.serviceMonitor ? [{ port: 9090, protocol: 'TCP' }] : [])],
          },
        ],
      },
    });
  }
  if (w.serviceMonitor) {
    c.out.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: meta(w.name, ns, c.prng.uuid(), created, { generation: 1, labels: { ...labels, release: 'kube-prometheus-stack' } }),
      spec: { selector: { matchLabels: selector }, endpoints: [{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }], namespaceSelector: { matchNames: [ns] } },
    });
  }
  if (w.prometheusRule) {
    const p = pascal(w.name);
    const runbook = (slug: string) => (w.prometheusRule!.runbooks ? { runbook_url: `https://git.example.com/${w.team}/${w.name}/blob/main/runbooks/${slug}.md` } : {});
    c.out.push({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: meta(`${w.name}-alerts`, ns, c.prng.uuid(), created, { generation: 1, labels: { ...labels, release: 'kube-prometheus-stack' } }),
      spec: {
        groups: [
          {
            name: `${w.name}.rules`,
            rules: [
              {
                alert: `${p}HighErrorRate`,
                expr: `sum(rate(http_requests_total{job="${w.name}",status=~"5.."}[5m])) / sum(rate(http_requests_total{job="${w.name}"}[5m])) > 0.05`,
                for: '5m',
                labels: { severity: 'critical', team: w.team },
                annotations: { summary: `${w.name} error rate > 5%`, description: `Namespace {{ $labels.namespace }}, job {{ $labels.job }}: {{ $value | humanizePercentage }} error rate`, ...runbook('high-error-rate') },
              },
              {
                alert: `${p}HighLatency`,
                expr: `histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job="${w.name}"}[5m]))) > 0.5`,
                for: '10m',
                labels: { severity: 'warning', team: w.team },
                annotations: { summary: `${w.name} p99 latency > 500ms`, ...runbook('high-latency') },
              },
              {
                alert: `${p}PodCrashLooping`,
                expr: `increase(kube_pod_container_status_restarts_total{namespace="${ns}",container="${w.name}"}[15m]) > 3`,
                for: '5m',
                labels: { severity: 'warning', team: w.team },
                annotations: { summary: `${w.name} pods are crash looping`, ...runbook('crashloop') },
              },
            ],
          },
        ],
      },
    });
  }
  if (w.slo) {
    const slos: unknown[] = [
      {
        name: 'requests-availability',
        objective: w.slo.objective,
        description: `${w.slo.objective}% of ${w.name} requests succeed`,
        sli: {
          events: {
            errorQuery: `sum(rate(http_requests_total{job="${w.name}",status=~"5.."}[{{.window}}]))`,
            totalQuery: `sum(rate(http_requests_total{job="${w.name}"}[{{.window}}]))`,
          },
        },
        alerting: {
          name: `${pascal(w.name)}HighErrorBudgetBurn`,
          labels: { team: w.team },
          annotations: { runbook_url: `https://git.example.com/${w.team}/${w.name}/blob/main/runbooks/slo-burn.md` },
          pageAlert: { labels: { severity: 'critical' } },
          ticketAlert: { labels: { severity: 'warning' } },
        },
      },
    ];
    if (w.slo.latencyObjective !== undefined) {
      slos.push({
        name: 'requests-latency',
        objective: w.slo.latencyObjective,
        description: `${w.slo.latencyObjective}% of ${w.name} requests complete in < 500ms`,
        sli: {
          events: {
            errorQuery: `sum(rate(http_request_duration_seconds_count{job="${w.name}"}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{job="${w.name}",le="0.5"}[{{.window}}]))`,
            totalQuery: `sum(rate(http_request_duration_seconds_count{job="${w.name}"}[{{.window}}]))`,
          },
        },
        alerting: { name: `${pascal(w.name)}LatencyBudgetBurn`, pageAlert: { disable: true }, ticketAlert: { labels: { severity: 'warning' } } },
      });
    }
    c.out.push({
      apiVersion: 'sloth.slok.dev/v1',
      kind: 'PrometheusServiceLevel',
      metadata: meta(`${w.name}-slo`, ns, c.prng.uuid(), created, { generation: 1, labels: { team: w.team } }),
      spec: { service: w.name, labels: { team: w.team, env: c.nsByName.get(ns)?.env ?? 'production' }, slos },
      status: { processedSLOs: slos.length, promOpSLOsGenerated: slos.length, observedGeneration: 1, lastPromOpRulesSuccessfulGenerated: isoTime(c.now - c.prng.int(1, 48) * HOUR) },
    });
  }
}

function materializeNamespace(c: Ctx, ns: NamespacePlan): void {
  const created = c.now - ns.ageDays * DAY;
  c.out.push({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: meta(ns.name, undefined, c.prng.uuid(), created, {
      labels: {
        'kubernetes.io/metadata.name': ns.name,
        ...(ns.env !== 'system' ? { team: ns.team, env: ns.env } : {}),
        ...(ns.podSecurity ? { 'pod-security.kubernetes.io/enforce': ns.podSecurity } : {}),
        ...(ns.labels ?? {}),
      },
    }),
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  });
  c.out.push({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: meta('kube-root-ca.crt', ns.name, c.prng.uuid(), created, { annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' } }),
    data: { 'ca.crt': CA_PEM },
  });
  if (ns.defaultDeny) {
    c.out.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('default-deny-ingress', ns.name, c.prng.uuid(), created + 60_000, { generation: 1 }),
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
  }
}

function velero(c: Ctx, ns: NamespacePlan): void {
  const b = ns.backup;
  if (!b) return;
  const scheduleName = `${ns.name}-daily`;
  const created = c.now - Math.min(ns.ageDays, 300) * DAY;
  const spec = { includedNamespaces: [ns.name], ttl: '720h0m0s', snapshotVolumes: true, storageLocation: 'default', defaultVolumesToFsBackup: false };
  const newest = c.now - b.lastBackupAgeHours * HOUR;
  c.out.push({
    apiVersion: 'velero.io/v1',
    kind: 'Schedule',
    metadata: meta(scheduleName, 'velero', c.prng.uuid(), created, { generation: 1, labels: { team: ns.team }, ...(b.frozen ? { annotations: frozenAnnotations(true) } : {}) }),
    spec: { schedule: b.schedule, template: spec, useOwnerReferencesInBackup: false, ...(b.paused ? { paused: true } : {}) },
    status: { phase: 'Enabled', lastBackup: isoTime(newest), ...(b.paused ? {} : {}) },
  });
  if (b.restore) {
    // A DR drill: the namespace restored (into a scratch namespace) from the backup before it.
    const at = c.now - b.restore.ageHours * HOUR;
    const fromStart = newest - Math.ceil((b.restore.ageHours - b.lastBackupAgeHours) / 24) * DAY;
    const d = new Date(fromStart);
    const backupName = `${scheduleName}-${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}${String(d.getUTCSeconds()).padStart(2, '0')}`;
    c.out.push({
      apiVersion: 'velero.io/v1',
      kind: 'Restore',
      metadata: meta(`${ns.name}-drill-${Math.floor(at / 60_000)}`, 'velero', c.prng.uuid(), at, { generation: 4, labels: { 'velero.io/backup-name': backupName, team: ns.team } }),
      spec: { backupName, scheduleName, includedNamespaces: [ns.name], namespaceMapping: { [ns.name]: `${ns.name}-drill` }, restorePVs: true },
      status: {
        phase: b.restore.phase,
        startTimestamp: isoTime(at),
        completionTimestamp: isoTime(at + b.restore.minutes * 60_000),
        progress: { itemsRestored: 212, totalItems: 212 },
        warnings: 2,
        ...(b.restore.phase === 'Completed' ? {} : { errors: 3, failureReason: 'error restoring persistentvolumeclaims' }),
      },
    });
  }
  for (let k = 0; k < b.count; k++) {
    const start = newest - k * DAY;
    if (start < created) break;
    const d = new Date(start);
    const stamp = `${d.getUTCFullYear()}${String(d.getUTCMonth() + 1).padStart(2, '0')}${String(d.getUTCDate()).padStart(2, '0')}${String(d.getUTCHours()).padStart(2, '0')}${String(d.getUTCMinutes()).padStart(2, '0')}${String(d.getUTCSeconds()).padStart(2, '0')}`;
    const phase = k === 0 ? b.lastPhase : c.prng.chance(0.08) ? 'PartiallyFailed' : 'Completed';
    const total = c.prng.int(40, 900);
    const done = start + c.prng.int(20, 600) * 1000;
    c.out.push({
      apiVersion: 'velero.io/v1',
      kind: 'Backup',
      metadata: meta(`${scheduleName}-${stamp}`, 'velero', c.prng.uuid(), start, {
        generation: 5,
        labels: { 'velero.io/schedule-name': scheduleName, 'velero.io/storage-location': 'default' },
        annotations: { 'velero.io/source-cluster-k8s-gitversion': c.plan.kubernetesVersion, 'velero.io/source-cluster-k8s-major-version': '1' },
      }),
      spec: { ...spec, csiSnapshotTimeout: '10m0s', itemOperationTimeout: '4h0m0s', hooks: {}, metadata: {} },
      status: {
        version: 1,
        formatVersion: '1.1.0',
        phase,
        expiration: isoTime(start + 30 * DAY),
        startTimestamp: isoTime(start),
        completionTimestamp: isoTime(done),
        progress: { itemsBackedUp: phase === 'Failed' ? c.prng.int(0, total) : total, totalItems: total },
        ...(phase === 'Completed' ? {} : { errors: c.prng.int(1, 12), failureReason: phase === 'Failed' ? 'error getting backup store for this location: rpc error: code = Unknown desc = AccessDenied' : undefined }),
        warnings: c.prng.int(0, 3),
        ...(c.prng.chance(0.5) ? { volumeSnapshotsAttempted: 1, volumeSnapshotsCompleted: phase === 'Completed' ? 1 : 0 } : {}),
      },
    });
  }
}

function argo(c: Ctx, ns: NamespacePlan, images: string[]): void {
  const a = ns.argo;
  if (!a) return;
  const created = c.now - Math.min(ns.ageDays, 500) * DAY;
  const repoURL = `https://git.example.com/${ns.team}/deploy.git`;
  const source = { repoURL, path: `apps/${ns.name}`, targetRevision: 'main' };
  const history: unknown[] = [];
  const n = Math.max(1, a.historyLength);
  const firstId = c.prng.int(1, 40);
  let rev = '';
  for (let k = 0; k < n; k++) {
    const deployedAt = c.now - (n - k) * c.prng.int(6, 72) * HOUR;
    const fresh = c.prng.hex(40);
    const rolledBackTo = a.rollback && k === n - 1 && n >= 3 ? (history[n - 3] as { revision: string }).revision : null;
    rev = rolledBackTo ?? fresh;
    history.push({ id: firstId + k, revision: rev, deployStartedAt: isoTime(deployedAt - c.prng.int(5, 90) * 1000), deployedAt: isoTime(deployedAt), source });
  }
  const syncedRev = a.sync === 'Synced' ? rev : c.prng.hex(40);
  const last = history[history.length - 1] as { deployedAt: string; deployStartedAt: string };
  c.out.push({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: meta(ns.name, 'argocd', c.prng.uuid(), created, { generation: 100 + n, labels: { team: ns.team }, finalizers: ['resources-finalizer.argocd.argoproj.io'] }),
    spec: {
      project: ns.team,
      source,
      destination: { server: 'https://kubernetes.default.svc', namespace: ns.name },
      syncPolicy: a.autoSync === false ? { syncOptions: ['CreateNamespace=false'] } : { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false'] },
    },
    status: {
      sync: { status: a.sync, revision: syncedRev, comparedTo: { source, destination: { server: 'https://kubernetes.default.svc', namespace: ns.name } } },
      health: { status: a.health, lastTransitionTime: last.deployedAt },
      history,
      operationState: {
        phase: a.health === 'Degraded' ? 'Failed' : 'Succeeded',
        message: a.health === 'Degraded' ? 'one or more objects failed to apply' : 'successfully synced (all tasks run)',
        startedAt: last.deployStartedAt,
        finishedAt: last.deployedAt,
        // A failed sync never enters the history: it tried the revision Argo CD is out of sync with.
        operation: { sync: { revision: a.health === 'Degraded' ? syncedRev : rev }, initiatedBy: { automated: a.autoSync !== false }, retry: { limit: 5 } },
        syncResult: { revision: a.health === 'Degraded' ? syncedRev : rev, source },
      },
      reconciledAt: isoTime(c.now - c.prng.int(10, 170) * 1000),
      sourceType: 'Kustomize',
      summary: { images: images.slice(0, 50) },
    },
  });
}

function clusterObjects(c: Ctx): void {
  const created = c.now - Math.max(...c.plan.namespaces.map((n) => n.ageDays), 30) * DAY;
  const sc = (name: string, provisioner: string, params: Record<string, string>, isDefault: boolean, binding = 'WaitForFirstConsumer') => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta(name, undefined, c.prng.uuid(), created, isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    provisioner,
    parameters: params,
    reclaimPolicy: 'Delete',
    volumeBindingMode: binding,
    allowVolumeExpansion: true,
  });
  c.out.push(
    sc('gp3', 'ebs.csi.aws.com', { type: 'gp3', encrypted: 'true' }, true),
    sc('gp2', 'kubernetes.io/aws-ebs', { type: 'gp2', fsType: 'ext4' }, false),
    sc('io2', 'ebs.csi.aws.com', { type: 'io2', iopsPerGB: '50', encrypted: 'true' }, false),
    sc('efs', 'efs.csi.aws.com', { provisioningMode: 'efs-ap', fileSystemId: `fs-0${c.prng.hex(16)}`, directoryPerms: '700' }, false, 'Immediate'),
  );
  c.out.push({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: meta('nginx', undefined, c.prng.uuid(), created, { generation: 1, annotations: { 'ingressclass.kubernetes.io/is-default-class': 'true' }, labels: { 'app.kubernetes.io/name': 'ingress-nginx' } }),
    spec: { controller: 'k8s.io/ingress-nginx' },
  });
  for (const [name, server] of [
    ['letsencrypt-prod', 'https://acme-v02.api.letsencrypt.org/directory'],
    ['letsencrypt-staging', 'https://acme-staging-v02.api.letsencrypt.org/directory'],
  ] as const) {
    c.out.push({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: meta(name, undefined, c.prng.uuid(), created, { generation: 1 }),
      spec: { acme: { server, email: 'platform@example.com', privateKeySecretRef: { name: `${name}-account-key` }, solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }] } },
      status: { acme: { uri: `${server.replace('/directory', '')}/acme/acct/${c.prng.int(100000, 999999)}` }, conditions: [{ type: 'Ready', status: 'True', reason: 'ACMEAccountRegistered', message: 'The ACME account was registered with the ACME server', observedGeneration: 1, lastTransitionTime: isoTime(created) }] },
    });
  }
}

/** Build every object of the plan. Deterministic for plan.seed and plan.now. */
export function materialize(plan: ClusterPlan): KubeObject[] {
  const prng = new Prng(plan.seed).fork('materialize');
  const scheduler = new Scheduler(prng.fork('scheduler'));
  const nodePrng = prng.fork('nodes');
  const region = plan.region;
  const nodes = plan.nodes.map((n) => buildNode(n, nodePrng, plan.now, region));
  const nodeSlots = nodes.map((n) => scheduler.addNodeObject(n));
  const totalPods = plan.workloads.reduce((s, w) => s + (w.kind === 'DaemonSet' ? plan.nodes.length : w.kind === 'CronJob' ? (w.cron?.jobs ?? 2) : w.replicas), 0);
  const density = plan.eventDensity ?? 5;
  const c: Ctx = {
    plan,
    prng,
    now: plan.now,
    out: [],
    scheduler,
    nodeSlots,
    events: [],
    eventBudget: Math.ceil((totalPods * density) / 100) + 20,
    eventProb: Math.min(1, density / 100 / 1.5),
    nsByName: new Map(plan.namespaces.map((n) => [n.name, n])),
    zoneCursor: 0,
    notReady: new Set(plan.nodes.filter((n) => !n.ready).map((n) => n.name)),
    podNames: new Set(),
  };
  clusterObjects(c);
  c.out.push(...nodes);
  for (const n of plan.nodes) {
    if (!n.ready) addEvent(c, { kind: 'Node', apiVersion: 'v1', name: n.name, uid: nodes.find((x) => x.metadata.name === n.name)!.metadata.uid }, 'Normal', 'NodeNotReady', `Node ${n.name} status is now: NodeNotReady`, 'node-controller', undefined, plan.now - 3 * HOUR, plan.now - 3 * HOUR, 1, true);
  }
  for (const ns of plan.namespaces) materializeNamespace(c, ns);
  // DaemonSets first: they run on every node whatever the rest asks for.
  const ordered = [...plan.workloads.filter((w) => w.kind === 'DaemonSet'), ...plan.workloads.filter((w) => w.kind !== 'DaemonSet')];
  const imagesByNs = new Map<string, string[]>();
  for (const w of ordered) {
    const imgs = imagesByNs.get(w.namespace) ?? [];
    imgs.push(w.image);
    imagesByNs.set(w.namespace, imgs);
    if (w.kind === 'Deployment') materializeDeployment(c, w);
    else if (w.kind === 'StatefulSet') materializeStatefulSet(c, w);
    else if (w.kind === 'DaemonSet') materializeDaemonSet(c, w);
    else materializeCronJob(c, w);
  }
  for (const ns of plan.namespaces) {
    velero(c, ns);
    argo(c, ns, imagesByNs.get(ns.name) ?? []);
  }
  // Trivy Operator: a VulnerabilityReport per container of each running controller.
  c.out.push(...trivyReports(c.out, c.prng.fork('trivy'), c.now));
  c.out.push(...pendingClaims(c.out, c.prng.fork('storage'), c.now));
  // A forked stream: the objects generated before keep their random draws.
  const appNamespaces = plan.namespaces.filter((n) => n.env !== 'system').map((n) => n.name);
  c.out.push(...rbacObjects(prng.fork('rbac'), appNamespaces, plan.now - 30 * DAY));
  c.out.push(...c.events);
  c.podNames.clear();
  clearBuilderCaches();
  clearTimeCache();
  if (plan.extraObjects) c.out.push(...plan.extraObjects);
  return c.out;
}


