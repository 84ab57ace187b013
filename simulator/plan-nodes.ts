// Node pools of a planned cluster: EKS-like pools across zones, kubelet
// version skew against the control plane, OS images, and a few unhealthy
// (NotReady, cordoned, disk pressure) nodes in a big enough cluster.

import type { NodePlan } from './plan';
import type { Prng } from './prng';

export const CONTROL_PLANE_VERSION = 'v1.30.6';

interface Pool {
  name: string;
  instanceType: string;
  cpu: number;
  memoryGi: number;
  maxPods: number;
  arch: 'amd64' | 'arm64';
  capacityType: 'ON_DEMAND' | 'SPOT';
  share: number;
}

const POOLS: Pool[] = [
  { name: 'system', instanceType: 'm6i.xlarge', cpu: 4, memoryGi: 16, maxPods: 58, arch: 'amd64', capacityType: 'ON_DEMAND', share: 0.06 },
  { name: 'general', instanceType: 'm6i.2xlarge', cpu: 8, memoryGi: 32, maxPods: 58, arch: 'amd64', capacityType: 'ON_DEMAND', share: 0.55 },
  { name: 'memory', instanceType: 'r6i.2xlarge', cpu: 8, memoryGi: 64, maxPods: 58, arch: 'amd64', capacityType: 'ON_DEMAND', share: 0.14 },
  { name: 'graviton', instanceType: 'm7g.2xlarge', cpu: 8, memoryGi: 32, maxPods: 58, arch: 'arm64', capacityType: 'ON_DEMAND', share: 0.1 },
  { name: 'spot', instanceType: 'm6i.4xlarge', cpu: 16, memoryGi: 64, maxPods: 234, arch: 'amd64', capacityType: 'SPOT', share: 0.15 },
];

export function zoneNames(region: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(i < 26 ? `${region}${String.fromCharCode(97 + i)}` : `${region}-z${i}`);
  return out;
}

function nodeOs(prng: Prng, version: string, arch: 'amd64' | 'arm64', pool: string): { osImage: string; kernelVersion: string } {
  const a = arch === 'arm64' ? 'aarch64' : 'x86_64';
  if (pool === 'spot') {
    const minor = version.split('.')[1];
    return { osImage: `Bottlerocket OS 1.26.1 (aws-k8s-1.${minor})`, kernelVersion: '6.1.112' };
  }
  if (version.startsWith('v1.28') || prng.chance(0.15)) {
    return { osImage: 'Amazon Linux 2', kernelVersion: `5.10.226-214.880.amzn2.${a}` };
  }
  return prng.chance(0.8)
    ? { osImage: 'Amazon Linux 2023.6.20241010', kernelVersion: `6.1.112-122.189.amzn2023.${a}` }
    : { osImage: 'Amazon Linux 2023.5.20240819', kernelVersion: `6.1.102-111.182.amzn2023.${a}` };
}

export function planNodes(prng: Prng, count: number, zones: string[], pods: number, controlPlane: string, allowUnhealthy = true): NodePlan[] {
  // pool sizes by share, at least one general node
  const sizes = POOLS.map((p) => Math.floor(p.share * count));
  let assigned = sizes.reduce((a, b) => a + b, 0);
  for (let i = 1; assigned < count; i = (i % (POOLS.length - 1)) + 1, assigned++) sizes[i === 0 ? 1 : i]!++;
  const perNodeNeed = Math.ceil((pods / Math.max(1, count)) * 1.6);
  const cpMinor = Number(controlPlane.split('.')[1]);
  const out: NodePlan[] = [];
  let idx = 0;
  const notReadyCount = allowUnhealthy && count >= 20 ? Math.max(1, Math.round(count * 0.01)) : 0;
  const cordonCount = allowUnhealthy && count >= 10 ? Math.max(1, Math.round(count * 0.01)) : 0;
  POOLS.forEach((pool, pi) => {
    for (let k = 0; k < sizes[pi]!; k++) {
      const zi = idx % zones.length;
      const zone = zones[zi]!;
      const ip = `10.${zi * 16 + Math.floor(idx / 62500)}.${Math.floor(idx / 250) % 250}.${(idx % 250) + 4}`;
      const v = prng.weighted<string>([
        [controlPlane, 70],
        [`v1.${cpMinor - 1}.10`, 20],
        [`v1.${cpMinor - 2}.15`, 7],
        [`v1.${cpMinor}.4`, 3],
      ]);
      const skew = cpMinor - Number(v.split('.')[1]);
      const ageDays = skew === 2 ? prng.int(200, 420) : skew === 1 ? prng.int(60, 240) : prng.chance(0.3) ? prng.int(2, 96) / 24 : prng.int(1, 60);
      const os = nodeOs(prng, v, pool.arch, pool.name);
      out.push({
        name: `ip-${ip.replace(/\./g, '-')}.${zone.replace(/[a-z]$/, '')}.compute.internal`,
        ip,
        zone,
        pool: pool.name,
        instanceType: pool.instanceType,
        arch: pool.arch,
        cpu: pool.cpu,
        memoryGi: pool.memoryGi,
        maxPods: Math.max(pool.maxPods, perNodeNeed),
        kubeletVersion: v,
        osImage: os.osImage,
        kernelVersion: os.kernelVersion,
        containerRuntimeVersion: v.startsWith('v1.28') ? 'containerd://1.7.11' : 'containerd://1.7.22',
        capacityType: pool.capacityType,
        ageDays,
        ready: true,
      });
      idx++;
    }
  });
  // a few unhealthy nodes, deterministic picks outside the system pool
  const candidates = out.filter((n) => n.pool !== 'system');
  for (let i = 0; i < notReadyCount && candidates.length; i++) prng.pick(candidates).ready = false;
  for (let i = 0; i < cordonCount && candidates.length; i++) prng.pick(candidates).unschedulable = true;
  if (allowUnhealthy && count >= 50) prng.pick(candidates).diskPressure = true;
  return out;
}
