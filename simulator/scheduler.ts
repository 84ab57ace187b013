// A small bin-packing scheduler: places pods on Ready, schedulable nodes that have
// room for their requests (pods, cpu, memory), optionally spreading across zones.

import { Prng } from './prng';
import { parseCpu, parseMemory } from './plan';
import type { KubeObject } from './types';

export interface NodeSlot {
  name: string;
  zone: string;
  ip: string;
  freeCpu: number; // millicores
  freeMem: number; // bytes
  freePods: number;
  schedulable: boolean;
}

export function podRequests(spec: KubeObject['spec']): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const c of (spec?.containers ?? []) as { resources?: { requests?: Record<string, string> } }[]) {
    cpu += parseCpu(c.resources?.requests?.cpu);
    mem += parseMemory(c.resources?.requests?.memory);
  }
  return { cpu, mem };
}

export function nodeIsSchedulable(node: KubeObject): boolean {
  if (node.spec?.unschedulable) return false;
  const ready = (node.status?.conditions ?? []).find((c: { type: string }) => c.type === 'Ready');
  return ready?.status === 'True';
}

export class Scheduler {
  readonly slots: NodeSlot[] = [];
  private byName = new Map<string, NodeSlot>();
  private zones = new Map<string, NodeSlot[]>();
  private cursor = 0;

  constructor(private readonly prng: Prng) {}

  addNode(slot: NodeSlot): void {
    this.slots.push(slot);
    this.byName.set(slot.name, slot);
    if (!slot.schedulable) return;
    let z = this.zones.get(slot.zone);
    if (!z) this.zones.set(slot.zone, (z = []));
    z.push(slot);
  }

  addNodeObject(node: KubeObject): NodeSlot {
    const alloc = node.status?.allocatable ?? {};
    const ip = (node.status?.addresses ?? []).find((a: { type: string }) => a.type === 'InternalIP')?.address ?? '10.0.0.1';
    const slot: NodeSlot = {
      name: node.metadata.name,
      zone: node.metadata.labels?.['topology.kubernetes.io/zone'] ?? 'unknown',
      ip,
      freeCpu: parseCpu(alloc.cpu),
      freeMem: parseMemory(alloc.memory),
      freePods: Number(alloc.pods ?? 110),
      schedulable: nodeIsSchedulable(node),
    };
    this.addNode(slot);
    return slot;
  }

  get(name: string): NodeSlot | undefined {
    return this.byName.get(name);
  }

  zoneNames(): string[] {
    return [...this.zones.keys()];
  }

  /** Account a pod that is already bound (force = even beyond capacity). */
  bind(slot: NodeSlot, cpu: number, mem: number): void {
    slot.freeCpu -= cpu;
    slot.freeMem -= mem;
    slot.freePods -= 1;
  }

  release(nodeName: string | undefined, cpu: number, mem: number): void {
    if (!nodeName) return;
    const slot = this.byName.get(nodeName);
    if (!slot) return;
    slot.freeCpu += cpu;
    slot.freeMem += mem;
    slot.freePods += 1;
  }

  private fits(s: NodeSlot, cpu: number, mem: number): boolean {
    return s.freePods >= 1 && s.freeCpu >= cpu && s.freeMem >= mem;
  }

  /** Pick a node (and bind the pod to it) or return undefined (unschedulable). */
  place(cpu: number, mem: number, zone?: string): NodeSlot | undefined {
    let pool = zone ? this.zones.get(zone) : undefined;
    if (!pool || pool.length === 0) {
      const zs = [...this.zones.values()].filter((z) => z.length > 0);
      if (zs.length === 0) return undefined;
      pool = this.prng.pick(zs);
    }
    let best: NodeSlot | undefined;
    for (let i = 0; i < 4; i++) {
      const s = this.prng.pick(pool);
      if (this.fits(s, cpu, mem) && (!best || s.freeCpu > best.freeCpu)) best = s;
    }
    if (!best) {
      // bounded scan of every zone, starting at a rotating cursor
      const all = [...this.zones.values()].flat();
      for (let n = 0; n < Math.min(all.length, 256); n++) {
        const s = all[(this.cursor + n) % all.length]!;
        if (this.fits(s, cpu, mem)) {
          best = s;
          this.cursor = (this.cursor + n + 1) % all.length;
          break;
        }
      }
    }
    if (best) this.bind(best, cpu, mem);
    return best;
  }
}
