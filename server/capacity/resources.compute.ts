import { bytes, cpuMillis, type QuantityInput } from './quantity.compute';

// CPU and memory as numbers (millicores, bytes), their arithmetic, and one pod's
// requests and limits added up the way the scheduler does (rules in
// capacity.compute.ts and docs/inventory.md, "Capacity planning"). Pure.

/** cpu in millicores, memory in bytes. */
export interface Resources {
  cpu: number;
  memory: number;
}

export const ZERO: Resources = Object.freeze({ cpu: 0, memory: 0 });

export type ResourceName = keyof Resources;
export const RESOURCE_NAMES: readonly ResourceName[] = ['cpu', 'memory'];

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

export function sub(a: Resources, b: Resources): Resources {
  return { cpu: a.cpu - b.cpu, memory: a.memory - b.memory };
}

export function max(a: Resources, b: Resources): Resources {
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

export function percentOf(part: Resources, whole: Resources): Resources {
  const p = (a: number, b: number) => (b > 0 ? (a / b) * 100 : 0);
  return { cpu: p(part.cpu, whole.cpu), memory: p(part.memory, whole.memory) };
}
