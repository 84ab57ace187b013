// Node objects: labels, taints, capacity and conditions as EKS nodes report them.

import { DAY, HOUR, isoTime, type NodePlan } from '../plan';
import type { Prng } from '../prng';
import type { KubeObject } from '../types';
import { meta } from './context';

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
