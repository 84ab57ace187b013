import { arr, compact, type J, pick, rec } from './trim.compute';

// Nodes and the metrics API's NodeMetrics and PodMetrics as Runwell keeps them:
// what capacity and maintenance read (allocatable, conditions, versions, usage). Pure.

export function trimNode(o: J): J {
  const status = rec(o.status);
  return compact({
    spec: pick(o.spec, ['unschedulable', 'taints', 'providerID']),
    status: compact({
      ...pick(status, ['allocatable', 'capacity']),
      nodeInfo: pick(status.nodeInfo, ['kubeletVersion', 'osImage', 'kernelVersion', 'containerRuntimeVersion', 'architecture', 'operatingSystem']),
      conditions: arr(status.conditions).map((c) => pick(c, ['type', 'status', 'reason', 'lastTransitionTime'])),
    }),
  });
}

export function trimMetrics(o: J): J {
  return compact({
    ...pick(o, ['timestamp', 'window', 'usage']),
    containers: o.containers ? arr(o.containers).map((c) => pick(c, ['name', 'usage'])) : undefined,
  });
}
