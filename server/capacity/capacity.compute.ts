// Node, namespace and cluster capacity as kube-capacity computes it, plus usage
// from metrics.k8s.io and the OpenCost charge (cost.compute.ts). A pod's own
// requests and limits are added up in resources.compute.ts; right-sizing hints
// are in right-sizing.compute.ts. Pure: the service hands in the rows.
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

import { charge } from './cost.compute';
import { add, max, percentOf, type Resources, sub, ZERO } from './resources.compute';

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
