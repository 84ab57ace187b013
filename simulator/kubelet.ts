// The simulated kubelet (and the scheduler's binding): pods are created for
// their controllers or admitted from the API, start Pending and run after
// podStartMs, terminate gracefully and disappear after their grace period.
// Time-based transitions advance on tick().

import { ownerRef, podIpFor } from './builders/identity';
import { buildPod, buildPodStatus, type PodState } from './builders/pods';
import { isoTime } from './plan';
import type { Prng } from './prng';
import type { ResourceDef } from './resources';
import { podRequests, type Scheduler } from './scheduler';
import type { ClusterStore } from './store';
import type { KubeObject } from './types';

interface Timed {
  at: number;
  def: ResourceDef;
  namespace?: string;
  name: string;
  uid: string;
}

export class Kubelet {
  private starting: Timed[] = [];
  private terminating: Timed[] = [];

  constructor(
    private readonly store: ClusterStore,
    private readonly prng: Prng,
    private readonly clock: () => number,
    readonly scheduler: Scheduler,
    private readonly podsDef: ResourceDef,
    private readonly podStartMs: number,
    private readonly podTerminateMs: number,
  ) {}

  /** Create a pod for an owner from a template; it starts Pending and runs after podStartMs. */
  createPod(
    owner: KubeObject,
    template: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> },
    name: string,
    generateName?: string,
    extra?: { labels?: Record<string, string>; specExtra?: Record<string, unknown>; node?: string },
  ): KubeObject {
    const now = this.clock();
    const { cpu, mem } = podRequests(template.spec as KubeObject['spec']);
    let slot = extra?.node ? this.scheduler.get(extra.node) : undefined;
    if (slot) this.scheduler.bind(slot, cpu, mem);
    else slot = this.scheduler.place(cpu, mem);
    const pod = buildPod({
      name,
      generateName,
      namespace: owner.metadata.namespace!,
      uid: this.prng.uuid(),
      labels: extra?.labels ?? template.metadata?.labels ?? {},
      annotations: template.metadata?.annotations,
      owner: [ownerRef(owner)],
      spec: template.spec,
      node: slot ? { name: slot.name, ip: slot.ip } : undefined,
      created: now,
      state: slot ? 'creating' : 'unschedulable',
      restarts: 0,
      prng: this.prng,
      now,
      specExtra: extra?.specExtra,
    });
    this.store.put(pod);
    if (slot) this.starting.push({ at: now + this.podStartMs, def: this.podsDef, namespace: pod.metadata.namespace, name, uid: pod.metadata.uid });
    return pod;
  }

  /** A pod posted through the API: bind it to a node and let it start. */
  admitPod(pod: KubeObject): KubeObject {
    const now = this.clock();
    if (pod.status?.phase) return pod;
    const { cpu, mem } = podRequests(pod.spec);
    let slot = pod.spec?.nodeName ? this.scheduler.get(pod.spec.nodeName) : undefined;
    if (slot) this.scheduler.bind(slot, cpu, mem);
    else if (!pod.spec?.nodeName) slot = this.scheduler.place(cpu, mem);
    else return { ...pod, status: { phase: 'Pending', qosClass: 'BestEffort' } }; // bound to an unknown node
    const spec = slot ? { ...pod.spec, nodeName: slot.name } : pod.spec;
    const ip = podIpFor(pod.metadata.uid);
    return { ...pod, spec, status: buildPodStatus(spec, slot ? { name: slot.name, ip: slot.ip } : undefined, ip, now, slot ? 'creating' : 'unschedulable', 0, this.prng, now) };
  }

  /** Called after a pod was stored by the API (to schedule its start). */
  trackStart(pod: KubeObject): void {
    if (pod.status?.phase === 'Pending' && pod.spec?.nodeName) {
      this.starting.push({ at: this.clock() + this.podStartMs, def: this.podsDef, namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
    }
  }

  setPodState(pod: KubeObject, state: PodState, restarts?: number): KubeObject {
    const now = this.clock();
    const node = pod.spec?.nodeName ? this.scheduler.get(pod.spec.nodeName) : undefined;
    const ip = pod.status?.podIP ?? podIpFor(pod.metadata.uid);
    const status = buildPodStatus(pod.spec, node ? { name: node.name, ip: node.ip } : pod.spec?.nodeName ? { name: pod.spec.nodeName, ip: pod.status?.hostIP ?? '10.0.0.1' } : undefined, ip, now - 2000, state, restarts ?? 0, this.prng, now);
    const next = { ...pod, metadata: { ...pod.metadata }, status };
    return this.store.put(next);
  }

  /** Graceful deletion: Terminating now, removed after podTerminateMs (0 = immediately). */
  deletePod(pod: KubeObject, graceMs = this.podTerminateMs): KubeObject | undefined {
    if (pod.metadata.deletionTimestamp) return pod;
    if (graceMs <= 0) {
      this.releasePod(pod);
      return this.store.remove(this.podsDef, pod.metadata.namespace, pod.metadata.name);
    }
    const now = this.clock();
    const next: KubeObject = {
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: isoTime(now + graceMs), deletionGracePeriodSeconds: Math.ceil(graceMs / 1000) },
    };
    this.store.put(next);
    this.terminating.push({ at: now + graceMs, def: this.podsDef, namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
    return next;
  }

  private releasePod(pod: KubeObject): void {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const { cpu, mem } = podRequests(pod.spec);
    this.scheduler.release(pod.spec?.nodeName, cpu, mem);
  }

  /** Advance time-based transitions (pod start-up and termination). */
  tick(refreshOwner: (kind: string, namespace: string, name: string) => void): number {
    const now = this.clock();
    let changed = 0;
    const owners = new Set<string>();
    const due = (list: Timed[]) => {
      const ready: Timed[] = [];
      const keep: Timed[] = [];
      for (const t of list) (t.at <= now ? ready : keep).push(t);
      return { ready, keep };
    };
    const t = due(this.terminating);
    this.terminating = t.keep;
    for (const x of t.ready) {
      const pod = this.store.get(x.def, x.namespace, x.name);
      if (!pod || pod.metadata.uid !== x.uid) continue;
      this.releasePod(pod);
      this.store.remove(x.def, x.namespace, x.name);
      changed++;
      const o = pod.metadata.ownerReferences?.[0];
      if (o) owners.add(`${o.kind}\u0001${pod.metadata.namespace}\u0001${o.name}`);
    }
    const s = due(this.starting);
    this.starting = s.keep;
    for (const x of s.ready) {
      const pod = this.store.get(x.def, x.namespace, x.name);
      if (!pod || pod.metadata.uid !== x.uid || pod.metadata.deletionTimestamp || pod.status?.phase !== 'Pending') continue;
      this.setPodState(pod, 'running');
      changed++;
      const o = pod.metadata.ownerReferences?.[0];
      if (o) owners.add(`${o.kind}\u0001${pod.metadata.namespace}\u0001${o.name}`);
    }
    for (const key of owners) {
      const [kind, ns, name] = key.split('\u0001') as [string, string, string];
      refreshOwner(kind, ns, name);
    }
    return changed;
  }

  /** Make every pending transition due now (tests and shutdown). */
  expireAll(): void {
    for (const x of this.starting) x.at = 0;
    for (const x of this.terminating) x.at = 0;
  }

  livePods(owner: KubeObject): KubeObject[] {
    return this.store
      .dependentsOf(owner.metadata.uid)
      .filter((d) => d.def === this.podsDef && !d.object.metadata.deletionTimestamp)
      .map((d) => d.object);
  }

  /** `<prefix><random suffix>` not taken by another pod of the namespace. */
  freshPodName(namespace: string, prefix: string): string {
    let name = `${prefix}${this.prng.kubeSuffix(5)}`;
    while (this.store.get(this.podsDef, namespace, name)) name = `${prefix}${this.prng.kubeSuffix(5)}`;
    return name;
  }
}
