// metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, derived from the pods and nodes
// in the store (deterministic per pod and minute; no separate objects are stored).

import { hash32 } from './prng';
import { cpuString, isoTime, parseCpu, parseMemory } from './plan';
import type { ClusterStore } from './store';
import type { ResourceDef } from './resources';
import type { KubeObject } from './types';

function wave(seed: string, minute: number): number {
  // smooth-ish variation in [0, 1)
  const a = hash32(`${seed}:${minute}`) / 4294967296;
  const b = hash32(`${seed}:${minute + 1}`) / 4294967296;
  return a * 0.7 + b * 0.3;
}

function memString(bytes: number): string {
  return `${Math.max(1, Math.round(bytes / 1024))}Ki`;
}

export function containerUsage(pod: KubeObject, container: { name: string; resources?: { requests?: Record<string, string>; limits?: Record<string, string> } }, now: number): { cpu: number; mem: number } {
  const minute = Math.floor(now / 60_000);
  const seed = `${pod.metadata.uid}/${container.name}`;
  const base = hash32(seed) / 4294967296; // per container personality: 0 idle .. 1 hot
  const reqCpu = parseCpu(container.resources?.requests?.cpu) || 50;
  const reqMem = parseMemory(container.resources?.requests?.memory) || 96 * 1024 * 1024;
  const cpu = reqCpu * (0.05 + base * 0.9 + wave(seed, minute) * 0.4);
  const mem = reqMem * (0.35 + base * 0.6 + wave(`${seed}m`, Math.floor(minute / 10)) * 0.1);
  return { cpu, mem };
}

function running(pod: KubeObject): boolean {
  return pod.status?.phase === 'Running' && !!pod.spec?.nodeName;
}

export function podMetrics(pod: KubeObject, now: number): KubeObject {
  return {
    kind: 'PodMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      uid: '',
      resourceVersion: '',
      creationTimestamp: isoTime(now),
      ...(pod.metadata.labels ? { labels: pod.metadata.labels } : {}),
    },
    timestamp: isoTime(now - 15_000),
    window: '15.011s',
    containers: ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => {
      const u = containerUsage(pod, c, now);
      return { name: c.name, usage: { cpu: `${Math.max(1, Math.round(u.cpu * 1e6))}n`, memory: memString(u.mem) } };
    }),
  };
}

/** Node usage = system overhead + usage of running pods on the node (cached per resourceVersion and minute). */
export class NodeUsage {
  private cacheKey = '';
  private usage = new Map<string, { cpu: number; mem: number }>();
  constructor(
    private store: ClusterStore,
    private pods: ResourceDef,
  ) {}

  get(now: number): Map<string, { cpu: number; mem: number }> {
    const key = `${this.store.resourceVersion}/${Math.floor(now / 60_000)}`;
    if (key === this.cacheKey) return this.usage;
    const usage = new Map<string, { cpu: number; mem: number }>();
    for (const p of this.store.iterate(this.pods)) {
      if (!running(p)) continue;
      let u = usage.get(p.spec.nodeName);
      if (!u) usage.set(p.spec.nodeName, (u = { cpu: 0, mem: 0 }));
      for (const c of p.spec.containers ?? []) {
        const x = containerUsage(p, c, now);
        u.cpu += x.cpu;
        u.mem += x.mem;
      }
    }
    this.usage = usage;
    this.cacheKey = key;
    return usage;
  }
}

export function nodeMetrics(node: KubeObject, usage: Map<string, { cpu: number; mem: number }>, now: number): KubeObject {
  const u = usage.get(node.metadata.name) ?? { cpu: 0, mem: 0 };
  const cap = parseCpu(node.status?.capacity?.cpu);
  const sysCpu = 60 + (hash32(node.metadata.name) % 140);
  const sysMem = 700 * 1024 * 1024 + (hash32(`${node.metadata.name}m`) % 600) * 1024 * 1024;
  return {
    kind: 'NodeMetrics',
    apiVersion: 'metrics.k8s.io/v1beta1',
    metadata: { name: node.metadata.name, uid: '', resourceVersion: '', creationTimestamp: isoTime(now), ...(node.metadata.labels ? { labels: node.metadata.labels } : {}) },
    timestamp: isoTime(now - 12_000),
    window: '20.042s',
    usage: { cpu: `${Math.round(Math.min(cap || Infinity, u.cpu + sysCpu) * 1e6)}n`, memory: memString(u.mem + sysMem) },
  };
}

export function isRunningPod(pod: KubeObject): boolean {
  return running(pod);
}

export { cpuString };
