// Capacity as kube-capacity computes it, plus usage from metrics.k8s.io, the
// OpenCost charge and right-sizing hints. Pure: the service hands in the rows.
//
// Rules (also in docs/inventory.md, "Capacity planning"):
// - A node's requests/limits are the sum over the pods bound to it
//   (spec.nodeName) that are not Succeeded or Failed.
// - A pod's request is max(sum of its containers, largest init container) +
//   pod overhead, per resource; restartable ("sidecar") init containers run for
//   the pod's whole life, so they are added to the sum and to every later init
//   container (the kubelet's and scheduler's rule since 1.28). Limits likewise.
// - Namespace totals also count non-terminated pods still waiting for a node
//   (they already hold quota); node totals never do.
// - Headroom is allocatable - requested on nodes that take new pods (Ready and
//   not cordoned), never below zero per node: room on one node cannot hold a pod
//   whose request does not fit there, so the sum of per-node room is the upper bound.

import { bytes, cpuMillis, type QuantityInput } from './quantity.compute';

/** cpu in millicores, memory in bytes. */
export interface Resources {
  cpu: number;
  memory: number;
}

export const ZERO: Resources = Object.freeze({ cpu: 0, memory: 0 });

export type ResourceName = keyof Resources;
const RESOURCE_NAMES: readonly ResourceName[] = ['cpu', 'memory'];

type ResourceList = Partial<Record<string, QuantityInput>>;

interface ContainerLike {
  name?: string;
  resources?: { requests?: ResourceList | null; limits?: ResourceList | null } | null;
  /** "Always" on an init container makes it a sidecar (KEP-753). */
  restartPolicy?: string | null;
}

export interface PodSpecLike {
  containers?: ContainerLike[] | null;
  initContainers?: ContainerLike[] | null;
  overhead?: ResourceList | null;
}

export interface PodResources {
  requests: Resources;
  limits: Resources;
  /** Some regular container has no limit for this resource, so the pod's real limit is the node. */
  unlimited: { cpu: boolean; memory: boolean };
}

export function add(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu + b.cpu, memory: a.memory + b.memory };
}

function sub(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu - b.cpu, memory: a.memory - b.memory };
}

function max(a: Resources, b: Resources): Resources {
  return { cpu: Math.max(a.cpu, b.cpu), memory: Math.max(a.memory, b.memory) };
}

function list(rl: ResourceList | null | undefined): Resources {
  return { cpu: cpuMillis(rl?.cpu), memory: bytes(rl?.memory) };
}

/** Requests and limits of one pod, the way the scheduler (and kube-capacity) add them up. */
export function podResources(spec: PodSpecLike): PodResources {
  const total = (pick: 'requests' | 'limits'): Resources => {
    let sum: Resources = ZERO;
    for (const c of spec.containers ?? []) sum = add(sum, list(c.resources?.[pick]));
    let sidecars: Resources = ZERO;
    let initPeak: Resources = ZERO;
    for (const c of spec.initContainers ?? []) {
      const r = list(c.resources?.[pick]);
      if (c.restartPolicy === 'Always') {
        sum = add(sum, r);
        sidecars = add(sidecars, r);
        initPeak = max(initPeak, sidecars);
      } else {
        initPeak = max(initPeak, add(r, sidecars));
      }
    }
    return add(max(sum, initPeak), list(spec.overhead));
  };
  const containers = spec.containers ?? [];
  return {
    requests: total('requests'),
    limits: total('limits'),
    unlimited: {
      cpu: containers.some((c) => c.resources?.limits?.cpu == null),
      memory: containers.some((c) => c.resources?.limits?.memory == null),
    },
  };
}

/** Phases whose pods no longer hold resources. */
const TERMINAL_PHASES: ReadonlySet<string> = new Set(['Succeeded', 'Failed']);

export interface PodInput {
  namespace: string;
  name: string;
  nodeName: string | null;
  phase: string | null;
  requests: Resources;
  limits: Resources;
  /** Sum of the pod's containers in PodMetrics; null when metrics have none for it. */
  usage: Resources | null;
  /** Owning workload ("Deployment/name"), for right-sizing; null for bare pods. */
  owner?: string | null;
}

function holdsResources(pod: Pick<PodInput, 'phase'>): boolean {
  return !TERMINAL_PHASES.has(pod.phase ?? '');
}

export interface NodeInput {
  name: string;
  allocatable: Resources & { pods: number };
  ready: boolean;
  unschedulable: boolean;
  zone?: string | null;
  /** From NodeMetrics; null when metrics-server has nothing for the node. */
  usage: Resources | null;
}

interface Utilisation {
  requested: Resources;
  limits: Resources;
  /** null when no metrics were available (never guessed). */
  used: Resources | null;
}

export interface NodeCapacity extends Utilisation {
  name: string;
  zone: string | null;
  ready: boolean;
  unschedulable: boolean;
  allocatable: Resources;
  pods: number;
  podsAllocatable: number;
  /** allocatable - requested (negative when overcommitted by requests, which the scheduler prevents but static pods can cause). */
  free: Resources;
  /** Percent of allocatable; limits can exceed 100 (overcommit). */
  percent: { requested: Resources; limits: Resources; used: Resources | null };
}

function percentOf(part: Resources, whole: Resources): Resources {
  const p = (a: number, b: number) => (b > 0 ? (a / b) * 100 : 0);
  return { cpu: p(part.cpu, whole.cpu), memory: p(part.memory, whole.memory) };
}

/** Per node: allocatable vs the requests/limits of its bound, non-terminated pods, and usage. */
export function nodeCapacity(nodes: readonly NodeInput[], pods: Iterable<PodInput>): NodeCapacity[] {
  const byNode = new Map<string, { requested: Resources; limits: Resources; pods: number }>();
  for (const node of nodes) byNode.set(node.name, { requested: ZERO, limits: ZERO, pods: 0 });
  for (const pod of pods) {
    if (!pod.nodeName || !holdsResources(pod)) continue;
    const acc = byNode.get(pod.nodeName);
    if (!acc) continue; // bound to a node we have not seen (yet): it counts nowhere rather than on a phantom node
    acc.requested = add(acc.requested, pod.requests);
    acc.limits = add(acc.limits, pod.limits);
    acc.pods++;
  }
  return nodes.map((node) => {
    const acc = byNode.get(node.name)!;
    const allocatable = { cpu: node.allocatable.cpu, memory: node.allocatable.memory };
    return {
      name: node.name,
      zone: node.zone ?? null,
      ready: node.ready,
      unschedulable: node.unschedulable,
      allocatable,
      requested: acc.requested,
      limits: acc.limits,
      used: node.usage,
      pods: acc.pods,
      podsAllocatable: node.allocatable.pods,
      free: sub(allocatable, acc.requested),
      percent: {
        requested: percentOf(acc.requested, allocatable),
        limits: percentOf(acc.limits, allocatable),
        used: node.usage ? percentOf(node.usage, allocatable) : null,
      },
    };
  });
}

interface Charge {
  /** Σ over pods of max(request, usage), per resource (OpenCost's allocation). */
  charged: Resources;
}

export interface NamespaceCapacity extends Utilisation, Charge {
  namespace: string;
  pods: number;
  /** Pods without a node yet (Pending): counted here, not on any node. */
  unscheduled: number;
  /** Pods with usage in PodMetrics (used is their sum). */
  podsWithMetrics: number;
}

/**
 * OpenCost charges a workload max(request, usage) per resource: an idle pod still
 * pays for what it reserved, a pod bursting above its request pays for what it used.
 * Without usage the request is charged.
 */
export function charge(requests: Resources, usage: Resources | null): Resources {
  return usage ? max(requests, usage) : requests;
}

/** Per namespace: non-terminated pods' requests, limits, usage and OpenCost charge. Sorted by requested CPU, largest first. */
export function namespaceCapacity(pods: Iterable<PodInput>): NamespaceCapacity[] {
  const out = new Map<string, NamespaceCapacity>();
  for (const pod of pods) {
    if (!holdsResources(pod)) continue;
    let ns = out.get(pod.namespace);
    if (!ns) {
      ns = { namespace: pod.namespace, pods: 0, unscheduled: 0, podsWithMetrics: 0, requested: ZERO, limits: ZERO, used: null, charged: ZERO };
      out.set(pod.namespace, ns);
    }
    ns.pods++;
    if (!pod.nodeName) ns.unscheduled++;
    ns.requested = add(ns.requested, pod.requests);
    ns.limits = add(ns.limits, pod.limits);
    if (pod.usage) {
      ns.podsWithMetrics++;
      ns.used = add(ns.used ?? ZERO, pod.usage);
    }
    ns.charged = add(ns.charged, charge(pod.requests, pod.usage));
  }
  return [...out.values()].sort((a, b) => b.requested.cpu - a.requested.cpu || a.namespace.localeCompare(b.namespace));
}

export interface ClusterCapacity extends Utilisation {
  nodes: number;
  /** Nodes that take new pods: Ready and not cordoned. */
  schedulableNodes: number;
  allocatable: Resources;
  schedulableAllocatable: Resources;
  /** Σ over schedulable nodes of max(0, allocatable - requested). */
  headroom: Resources;
  /** The largest single-node room: the biggest pod request that still fits somewhere. */
  largestFreeNode: Resources;
  pods: number;
  podsAllocatable: number;
  /** Requests of non-terminated pods with no node (waiting to be scheduled). */
  pending: { pods: number; requested: Resources };
  percent: { requested: Resources; limits: Resources; used: Resources | null };
  /** Nodes with NodeMetrics (used is their sum). */
  nodesWithMetrics: number;
}

/** Cluster roll-up of the node rows (kube-capacity's "*" line) plus headroom and pending pods. */
export function clusterCapacity(nodes: readonly NodeCapacity[], pods: Iterable<PodInput>): ClusterCapacity {
  let allocatable: Resources = ZERO;
  let schedulableAllocatable: Resources = ZERO;
  let requested: Resources = ZERO;
  let limits: Resources = ZERO;
  let used: Resources | null = null;
  let headroom: Resources = ZERO;
  let largestFreeNode: Resources = ZERO;
  let podCount = 0;
  let podsAllocatable = 0;
  let schedulableNodes = 0;
  let nodesWithMetrics = 0;
  for (const n of nodes) {
    allocatable = add(allocatable, n.allocatable);
    requested = add(requested, n.requested);
    limits = add(limits, n.limits);
    podCount += n.pods;
    podsAllocatable += n.podsAllocatable;
    if (n.used) {
      used = add(used ?? ZERO, n.used);
      nodesWithMetrics++;
    }
    if (n.ready && !n.unschedulable) {
      schedulableNodes++;
      schedulableAllocatable = add(schedulableAllocatable, n.allocatable);
      const room = max(n.free, ZERO);
      headroom = add(headroom, room);
      largestFreeNode = max(largestFreeNode, room);
    }
  }
  const pending = { pods: 0, requested: ZERO };
  for (const pod of pods) {
    if (pod.nodeName || !holdsResources(pod)) continue;
    pending.pods++;
    pending.requested = add(pending.requested, pod.requests);
  }
  return {
    nodes: nodes.length,
    schedulableNodes,
    allocatable,
    schedulableAllocatable,
    requested,
    limits,
    used,
    headroom,
    largestFreeNode,
    pods: podCount,
    podsAllocatable,
    pending,
    nodesWithMetrics,
    percent: {
      requested: percentOf(requested, allocatable),
      limits: percentOf(limits, allocatable),
      used: used ? percentOf(used, allocatable) : null,
    },
  };
}

// ---- right-sizing ----

/**
 * Right-sizing rule (stated in the UI and docs): for each workload and resource,
 * take the 95th percentile (nearest rank) of its pods' usage samples; when the
 * per-pod request is at least MIN_REQUEST and that p95 is below 30 % of it, the
 * request is oversized. Suggest p95 + 30 % margin, rounded up (10m CPU, 16 MiB
 * memory) and never below the floor. The reverse — p95 above the request — is
 * reported as under-requested (throttling for CPU, eviction first under node
 * memory pressure).
 */
const RIGHT_SIZING = {
  oversizedBelow: 0.3,
  margin: 1.3,
  underAbove: 1.0,
  minRequest: { cpu: 100, memory: 128 * 1024 ** 2 } as Resources,
  floor: { cpu: 10, memory: 32 * 1024 ** 2 } as Resources,
  step: { cpu: 10, memory: 16 * 1024 ** 2 } as Resources,
} as const;

/** Nearest-rank percentile (p in 0..100) of unsorted samples; null when there are none. */
export function percentile(samples: readonly number[], p: number): number | null {
  if (samples.length === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

export interface WorkloadUsageInput {
  namespace: string;
  /** "Deployment/checkout-api" */
  workload: string;
  pods: number;
  /** Per-pod request (the template's; the largest when pods differ mid-rollout). */
  request: Resources;
  /** Per-pod usage samples (one per pod and sample time). */
  samples: { cpu: number[]; memory: number[] };
}

export interface RightSizingHint {
  namespace: string;
  workload: string;
  resource: ResourceName;
  kind: 'oversized' | 'under-requested';
  pods: number;
  request: number;
  p95: number;
  samples: number;
  /** Suggested per-pod request. */
  suggested: number;
  /** (request - suggested) × pods; negative when more should be requested. */
  totalChange: number;
  /** One sentence for people. */
  reason: string;
}

function roundUp(value: number, step: number): number {
  return Math.ceil(value / step) * step;
}

export function rightSizingHints(
  workloads: Iterable<WorkloadUsageInput>,
  format: (resource: ResourceName, value: number) => string = (r, v) => (r === 'cpu' ? `${Math.round(v)}m` : `${Math.round(v / 1024 ** 2)}Mi`),
): RightSizingHint[] {
  const hints: RightSizingHint[] = [];
  for (const w of workloads) {
    for (const resource of RESOURCE_NAMES) {
      const request = w.request[resource];
      const samples = w.samples[resource];
      const p95 = percentile(samples, 95);
      if (p95 === null || request <= 0) continue;
      const suggested = Math.max(RIGHT_SIZING.floor[resource], roundUp(p95 * RIGHT_SIZING.margin, RIGHT_SIZING.step[resource]));
      const label = resource === 'cpu' ? 'CPU' : 'memory';
      if (request >= RIGHT_SIZING.minRequest[resource] && p95 < request * RIGHT_SIZING.oversizedBelow && suggested < request) {
        hints.push({
          namespace: w.namespace,
          workload: w.workload,
          resource,
          kind: 'oversized',
          pods: w.pods,
          request,
          p95,
          samples: samples.length,
          suggested,
          totalChange: (request - suggested) * w.pods,
          reason: `Uses ${format(resource, p95)} of ${label} at the 95th percentile, ${Math.round((p95 / request) * 100)} % of its ${format(resource, request)} request; ${format(resource, suggested)} leaves a 30 % margin.`,
        });
      } else if (p95 > request * RIGHT_SIZING.underAbove) {
        hints.push({
          namespace: w.namespace,
          workload: w.workload,
          resource,
          kind: 'under-requested',
          pods: w.pods,
          request,
          p95,
          samples: samples.length,
          suggested,
          totalChange: (request - suggested) * w.pods,
          reason:
            resource === 'memory'
              ? `Uses ${format(resource, p95)} of memory at the 95th percentile, above its ${format(resource, request)} request: under node memory pressure it is evicted first.`
              : `Uses ${format(resource, p95)} of CPU at the 95th percentile, above its ${format(resource, request)} request: the scheduler places it as if it needed less than it does.`,
        });
      }
    }
  }
  // Biggest savings first, then the riskiest under-requests.
  return hints.sort((a, b) => Math.abs(b.totalChange) / unitScale(b.resource) - Math.abs(a.totalChange) / unitScale(a.resource));
}

// Compare CPU and memory savings on a common footing: 1 core ≈ 4 GiB (the
// OpenCost default prices' ratio is ~7.5 GiB per core; 4 GiB is the common
// instance shape and keeps the ordering intuitive).
function unitScale(resource: ResourceName): number {
  return resource === 'cpu' ? 1000 : 4 * 1024 ** 3;
}

// ---- cost ----

/** OpenCost's default prices (configs/default.json, "based on GCP us-central1"), USD per hour. */
const OPENCOST_DEFAULT_PRICES = { cpuCoreHour: 0.031611, ramGiBHour: 0.004237 } as const;

const HOURS_PER_MONTH = 730;

/** Monthly cost of charged resources at per-hour prices. */
export function monthlyCost(charged: Resources, prices: { cpuCoreHour: number; ramGiBHour: number } = OPENCOST_DEFAULT_PRICES): number {
  return (charged.cpu / 1000) * prices.cpuCoreHour * HOURS_PER_MONTH + (charged.memory / 1024 ** 3) * prices.ramGiBHour * HOURS_PER_MONTH;
}
