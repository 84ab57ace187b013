// Just enough of the controllers and the kubelet to keep the simulated cluster
// coherent after writes and churn: Deployment -> ReplicaSets -> Pods (rollouts,
// scaling), StatefulSet and DaemonSet pods, pod start-up (Pending -> Running),
// graceful pod deletion (Terminating -> gone), garbage collection by ownerReferences.
// This file wires them and reacts to API writes; the kubelet is simulator/kubelet.ts,
// the controllers simulator/reconcilers/.

import type { PodState } from './builders/pods';
import { canonicalJson } from './canonical-json';
import { Kubelet } from './kubelet';
import type { Prng } from './prng';
import { reconcileDaemonSet, updateDaemonSetStatus } from './reconcilers/daemonsets';
import { ownedReplicaSets, reconcileDeployment, reconcileReplicaSet, updateDeploymentStatus, updateReplicaSetStatus } from './reconcilers/deployments';
import type { ControllerKit } from './reconcilers/kit';
import { reconcileStatefulSet } from './reconcilers/statefulsets';
import type { ResourceDef } from './resources';
import { podRequests, Scheduler } from './scheduler';
import type { ClusterStore } from './store';
import type { KubeObject } from './types';

export interface ControllerOptions {
  /** Milliseconds a new pod stays Pending (ContainerCreating) before Running. */
  podStartMs?: number;
  /** Milliseconds a deleted pod stays Terminating. */
  podTerminateMs?: number;
}

export class Controllers implements ControllerKit {
  readonly kubelet: Kubelet;
  readonly defs: Readonly<Record<string, ResourceDef>>;

  constructor(
    readonly store: ClusterStore,
    readonly prng: Prng,
    readonly clock: () => number,
    options: ControllerOptions = {},
  ) {
    const r = store.registry;
    const d = {
      pods: r.lookup('', 'v1', 'pods')!,
      nodes: r.lookup('', 'v1', 'nodes')!,
      deployments: r.lookup('apps', 'v1', 'deployments')!,
      replicasets: r.lookup('apps', 'v1', 'replicasets')!,
      statefulsets: r.lookup('apps', 'v1', 'statefulsets')!,
      daemonsets: r.lookup('apps', 'v1', 'daemonsets')!,
      pdbs: r.lookup('policy', 'v1', 'poddisruptionbudgets')!,
    };
    this.defs = d;
    const scheduler = new Scheduler(prng.fork('runtime-scheduler'));
    for (const n of store.iterate(d.nodes)) scheduler.addNodeObject(n);
    for (const p of store.iterate(d.pods)) {
      const node = p.spec?.nodeName as string | undefined;
      if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const slot = scheduler.get(node);
      if (!slot) continue;
      const { cpu, mem } = podRequests(p.spec);
      scheduler.bind(slot, cpu, mem);
    }
    this.kubelet = new Kubelet(store, prng, clock, scheduler, d.pods, options.podStartMs ?? 1500, options.podTerminateMs ?? 1000);
  }

  /** Advance time-based transitions (pod start-up and termination). */
  tick(): number {
    return this.kubelet.tick((kind, namespace, name) => this.refreshOwnerStatus(kind, namespace, name));
  }

  /** Finish every pending transition now (tests and shutdown). */
  settle(): void {
    this.kubelet.expireAll();
    this.tick();
  }

  createPod(...args: Parameters<Kubelet['createPod']>): KubeObject {
    return this.kubelet.createPod(...args);
  }

  admitPod(pod: KubeObject): KubeObject {
    return this.kubelet.admitPod(pod);
  }

  setPodState(pod: KubeObject, state: PodState, restarts?: number): KubeObject {
    return this.kubelet.setPodState(pod, state, restarts);
  }

  livePods(owner: KubeObject): KubeObject[] {
    return this.kubelet.livePods(owner);
  }

  ownedReplicaSets(dep: KubeObject): KubeObject[] {
    return ownedReplicaSets(this, dep);
  }

  reconcileDeployment(dep: KubeObject): void {
    reconcileDeployment(this, dep);
  }

  private refreshOwnerStatus(kind: string, namespace: string, name: string): void {
    if (kind === 'ReplicaSet') {
      const rs = this.store.get(this.defs.replicasets!, namespace, name);
      if (!rs) return;
      updateReplicaSetStatus(this, rs);
      const dep = rs.metadata.ownerReferences?.find((o) => o.kind === 'Deployment');
      if (dep) {
        const d = this.store.get(this.defs.deployments!, namespace, dep.name);
        if (d) updateDeploymentStatus(this, d);
      }
    } else if (kind === 'StatefulSet') {
      // also recreates pods whose names were freed by a deletion
      const sts = this.store.get(this.defs.statefulsets!, namespace, name);
      if (sts) reconcileStatefulSet(this, sts);
    } else if (kind === 'DaemonSet') {
      const ds = this.store.get(this.defs.daemonsets!, namespace, name);
      if (ds) updateDaemonSetStatus(this, ds);
    }
  }

  /** React to a write through the API. */
  afterWrite(def: ResourceDef, obj: KubeObject, prev: KubeObject | undefined): void {
    if (def === this.defs.deployments) {
      if (!prev || canonicalJson(prev.spec) !== canonicalJson(obj.spec)) reconcileDeployment(this, obj);
    } else if (def === this.defs.replicasets) {
      if (!prev || prev.spec?.replicas !== obj.spec?.replicas) reconcileReplicaSet(this, obj);
    } else if (def === this.defs.statefulsets) {
      if (!prev || canonicalJson(prev.spec) !== canonicalJson(obj.spec)) reconcileStatefulSet(this, obj);
    } else if (def === this.defs.daemonsets) {
      if (!prev || canonicalJson(prev.spec?.template) !== canonicalJson(obj.spec?.template)) reconcileDaemonSet(this, obj);
    } else if (def === this.defs.pods && !prev) {
      this.kubelet.trackStart(obj);
    } else if (def === this.defs.nodes && !prev) {
      this.kubelet.scheduler.addNodeObject(obj);
    }
  }

  /** Delete an object and (unless orphaning) everything it owns. Pods terminate gracefully. */
  deleteCascade(def: ResourceDef, obj: KubeObject, propagation: 'Background' | 'Foreground' | 'Orphan' = 'Background', graceMs?: number): KubeObject | undefined {
    const deps = this.store.dependentsOf(obj.metadata.uid);
    let gone: KubeObject | undefined;
    if (def === this.defs.pods) gone = this.kubelet.deletePod(obj, graceMs);
    else gone = this.store.remove(def, obj.metadata.namespace, obj.metadata.name);
    for (const d of deps) {
      if (propagation === 'Orphan') {
        const refs = (d.object.metadata.ownerReferences ?? []).filter((o) => o.uid !== obj.metadata.uid);
        const meta = { ...d.object.metadata };
        if (refs.length) meta.ownerReferences = refs;
        else delete meta.ownerReferences;
        this.store.put({ ...d.object, metadata: meta });
      } else {
        this.deleteCascade(d.def, d.object, 'Background');
      }
    }
    // a pod deleted through the API is replaced by its controller
    if (def === this.defs.pods) {
      const o = obj.metadata.ownerReferences?.find((r) => r.controller);
      if (o?.kind === 'ReplicaSet') {
        const rs = this.store.get(this.defs.replicasets!, obj.metadata.namespace, o.name);
        if (rs) reconcileReplicaSet(this, rs);
      }
    }
    return gone;
  }
}
