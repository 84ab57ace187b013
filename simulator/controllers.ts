// Just enough of the controllers and the kubelet to keep the simulated cluster
// coherent after writes and churn: Deployment -> ReplicaSets -> Pods (rollouts,
// scaling), StatefulSet and DaemonSet pods, pod start-up (Pending -> Running),
// graceful pod deletion (Terminating -> gone), garbage collection by ownerReferences.

import { buildPod, buildPodStatus, ownerRef, podIpFor, templateHash, type PodState } from './builders';
import { isoTime } from './plan';
import { Prng } from './prng';
import { podRequests, Scheduler } from './scheduler';
import { matchesLabelSelectorSpec } from './selectors';
import { ClusterStore } from './store';
import type { ResourceDef } from './resources';
import type { KubeObject } from './types';

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as object)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

function templateKey(template: { metadata?: { labels?: Record<string, string>; [k: string]: unknown }; spec?: unknown } | undefined): string {
  if (!template) return '';
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  delete labels['controller-revision-hash'];
  delete labels['pod-template-generation'];
  return canonicalJson({ metadata: { ...(template.metadata ?? {}), labels }, spec: template.spec });
}

export interface ControllerOptions {
  /** Milliseconds a new pod stays Pending (ContainerCreating) before Running. */
  podStartMs?: number;
  /** Milliseconds a deleted pod stays Terminating. */
  podTerminateMs?: number;
}

interface Timed {
  at: number;
  def: ResourceDef;
  namespace?: string;
  name: string;
  uid: string;
}

export class Controllers {
  readonly scheduler: Scheduler;
  private starting: Timed[] = [];
  private terminating: Timed[] = [];
  private readonly d: Record<string, ResourceDef>;
  readonly podStartMs: number;
  readonly podTerminateMs: number;

  constructor(
    readonly store: ClusterStore,
    readonly prng: Prng,
    readonly clock: () => number,
    options: ControllerOptions = {},
  ) {
    this.podStartMs = options.podStartMs ?? 1500;
    this.podTerminateMs = options.podTerminateMs ?? 1000;
    const r = store.registry;
    this.d = {
      pods: r.lookup('', 'v1', 'pods')!,
      nodes: r.lookup('', 'v1', 'nodes')!,
      deployments: r.lookup('apps', 'v1', 'deployments')!,
      replicasets: r.lookup('apps', 'v1', 'replicasets')!,
      statefulsets: r.lookup('apps', 'v1', 'statefulsets')!,
      daemonsets: r.lookup('apps', 'v1', 'daemonsets')!,
      pdbs: r.lookup('policy', 'v1', 'poddisruptionbudgets')!,
      pvcs: r.lookup('', 'v1', 'persistentvolumeclaims')!,
      jobs: r.lookup('batch', 'v1', 'jobs')!,
    };
    this.scheduler = new Scheduler(prng.fork('runtime-scheduler'));
    for (const n of store.iterate(this.d.nodes!)) this.scheduler.addNodeObject(n);
    for (const p of store.iterate(this.d.pods!)) {
      const node = p.spec?.nodeName as string | undefined;
      if (!node || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const slot = this.scheduler.get(node);
      if (!slot) continue;
      const { cpu, mem } = podRequests(p.spec);
      this.scheduler.bind(slot, cpu, mem);
    }
  }

  get defs(): Readonly<Record<string, ResourceDef>> {
    return this.d;
  }

  pendingTransitions(): number {
    return this.starting.length + this.terminating.length;
  }

  // ---- pods -----------------------------------------------------------------

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
    if (slot) this.starting.push({ at: now + this.podStartMs, def: this.d.pods!, namespace: pod.metadata.namespace, name, uid: pod.metadata.uid });
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
      this.starting.push({ at: this.clock() + this.podStartMs, def: this.d.pods!, namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
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
      return this.store.remove(this.d.pods!, pod.metadata.namespace, pod.metadata.name);
    }
    const now = this.clock();
    const next: KubeObject = {
      ...pod,
      metadata: { ...pod.metadata, deletionTimestamp: isoTime(now + graceMs), deletionGracePeriodSeconds: Math.ceil(graceMs / 1000) },
    };
    this.store.put(next);
    this.terminating.push({ at: now + graceMs, def: this.d.pods!, namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid });
    return next;
  }

  private releasePod(pod: KubeObject): void {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const { cpu, mem } = podRequests(pod.spec);
    this.scheduler.release(pod.spec?.nodeName, cpu, mem);
  }

  /** Advance time-based transitions (pod start-up and termination). */
  tick(): number {
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
      this.refreshOwnerStatus(kind, ns, name);
    }
    return changed;
  }

  /** Finish every pending transition now (tests and shutdown). */
  settle(): void {
    for (const x of this.starting) x.at = 0;
    for (const x of this.terminating) x.at = 0;
    this.tick();
  }

  private refreshOwnerStatus(kind: string, namespace: string, name: string): void {
    if (kind === 'ReplicaSet') {
      const rs = this.store.get(this.d.replicasets!, namespace, name);
      if (!rs) return;
      this.updateReplicaSetStatus(rs);
      const dep = rs.metadata.ownerReferences?.find((o) => o.kind === 'Deployment');
      if (dep) {
        const d = this.store.get(this.d.deployments!, namespace, dep.name);
        if (d) this.updateDeploymentStatus(d);
      }
    } else if (kind === 'StatefulSet') {
      // also recreates pods whose names were freed by a deletion
      const sts = this.store.get(this.d.statefulsets!, namespace, name);
      if (sts) this.reconcileStatefulSet(sts);
    } else if (kind === 'DaemonSet') {
      const ds = this.store.get(this.d.daemonsets!, namespace, name);
      if (ds) this.updateDaemonSetStatus(ds);
    }
  }

  livePods(owner: KubeObject): KubeObject[] {
    return this.store
      .dependentsOf(owner.metadata.uid)
      .filter((d) => d.def === this.d.pods && !d.object.metadata.deletionTimestamp)
      .map((d) => d.object);
  }

  /** `<prefix><random suffix>` not taken by another pod of the namespace. */
  private freshPodName(namespace: string, prefix: string): string {
    let name = `${prefix}${this.prng.kubeSuffix(5)}`;
    while (this.store.get(this.d.pods!, namespace, name)) name = `${prefix}${this.prng.kubeSuffix(5)}`;
    return name;
  }

  // ---- ReplicaSets and Deployments ---------------------------------------------

  reconcileReplicaSet(rs: KubeObject): void {
    const pods = this.livePods(rs);
    const want = rs.spec?.replicas ?? 1;
    if (pods.length < want) {
      for (let i = pods.length; i < want; i++) {
        this.createPod(rs, rs.spec.template, this.freshPodName(rs.metadata.namespace!, `${rs.metadata.name}-`), `${rs.metadata.name}-`);
      }
    } else if (pods.length > want) {
      // delete not-ready pods first, then the newest
      const rank = (p: KubeObject) => (p.status?.phase !== 'Running' ? 0 : 1);
      const victims = [...pods].sort((a, b) => rank(a) - rank(b) || (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1)).slice(0, pods.length - want);
      for (const p of victims) this.deletePod(p);
    }
    const current = this.store.get(this.d.replicasets!, rs.metadata.namespace, rs.metadata.name);
    if (current) this.updateReplicaSetStatus(current);
  }

  private updateReplicaSetStatus(rs: KubeObject): KubeObject {
    const pods = this.livePods(rs);
    const ready = pods.filter((p) => p.status?.phase === 'Running' && (p.status?.containerStatuses ?? []).every((c: { ready?: boolean }) => c.ready)).length;
    const status = { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
    if (canonicalJson(status) === canonicalJson(rs.status)) return rs;
    return this.store.put({ ...rs, metadata: { ...rs.metadata }, status });
  }

  ownedReplicaSets(dep: KubeObject): KubeObject[] {
    return this.store
      .dependentsOf(dep.metadata.uid)
      .filter((d) => d.def === this.d.replicasets)
      .map((d) => d.object);
  }

  reconcileDeployment(dep: KubeObject): void {
    const now = this.clock();
    const rss = this.ownedReplicaSets(dep);
    const key = templateKey(dep.spec?.template);
    let current = rss.find((rs) => templateKey(rs.spec?.template) === key);
    const revisions = rss.map((rs) => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
    const maxRev = Math.max(0, ...revisions);
    const replicas = dep.spec?.replicas ?? 1;
    let revision = current ? Number(current.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? maxRev) : maxRev + 1;
    const annotations = (rs?: KubeObject) => ({
      ...(rs?.metadata.annotations ?? {}),
      'deployment.kubernetes.io/desired-replicas': String(replicas),
      'deployment.kubernetes.io/max-replicas': String(replicas + Math.ceil(replicas * 0.25)),
      'deployment.kubernetes.io/revision': String(revision),
    });
    if (!current) {
      const hash = templateHash(dep.spec.template);
      const labels = { ...(dep.spec.template.metadata?.labels ?? {}), 'pod-template-hash': hash };
      current = this.store.put({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: {
          name: `${dep.metadata.name}-${hash}`,
          namespace: dep.metadata.namespace,
          uid: this.prng.uuid(),
          resourceVersion: '',
          generation: 1,
          creationTimestamp: isoTime(now),
          labels,
          annotations: annotations(),
          ownerReferences: [ownerRef(dep)],
        },
        spec: {
          replicas,
          selector: { matchLabels: { ...(dep.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
          template: { metadata: { ...(dep.spec.template.metadata ?? {}), labels }, spec: dep.spec.template.spec },
        },
        status: { replicas: 0, observedGeneration: 1 },
      });
    } else if (current.spec?.replicas !== replicas || (revision < maxRev && rss.some((r) => r !== current && (r.spec?.replicas ?? 0) > 0))) {
      if (revision < maxRev) revision = maxRev + 1; // rollback to an older template
      current = this.store.put({
        ...current,
        metadata: { ...current.metadata, generation: (current.metadata.generation ?? 1) + 1, annotations: annotations(current) },
        spec: { ...current.spec, replicas },
      });
    }
    for (const rs of rss) {
      if (rs.metadata.uid === current.metadata.uid || (rs.spec?.replicas ?? 0) === 0) continue;
      const scaled = this.store.put({ ...rs, metadata: { ...rs.metadata, generation: (rs.metadata.generation ?? 1) + 1 }, spec: { ...rs.spec, replicas: 0 } });
      this.reconcileReplicaSet(scaled);
    }
    this.reconcileReplicaSet(current);
    // revision history limit
    const limit = dep.spec?.revisionHistoryLimit ?? 10;
    const old = this.ownedReplicaSets(dep)
      .filter((rs) => rs.metadata.uid !== current!.metadata.uid && (rs.spec?.replicas ?? 0) === 0)
      .sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
    for (const rs of old.slice(0, Math.max(0, old.length - limit))) {
      if (this.livePods(rs).length === 0) this.store.remove(this.d.replicasets!, rs.metadata.namespace, rs.metadata.name);
    }
    const fresh = this.store.get(this.d.deployments!, dep.metadata.namespace, dep.metadata.name);
    if (fresh) {
      if (fresh.metadata.annotations?.['deployment.kubernetes.io/revision'] !== String(revision)) {
        this.store.put({ ...fresh, metadata: { ...fresh.metadata, annotations: { ...(fresh.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': String(revision) } } });
      }
      this.updateDeploymentStatus(this.store.get(this.d.deployments!, dep.metadata.namespace, dep.metadata.name)!);
    }
  }

  private updateDeploymentStatus(dep: KubeObject): void {
    const rss = this.ownedReplicaSets(dep);
    const key = templateKey(dep.spec?.template);
    let replicas = 0;
    let ready = 0;
    let updated = 0;
    for (const rs of rss) {
      const pods = this.livePods(rs);
      replicas += pods.length;
      const r = pods.filter((p) => p.status?.phase === 'Running' && (p.status?.containerStatuses ?? []).every((c: { ready?: boolean }) => c.ready)).length;
      ready += r;
      if (templateKey(rs.spec?.template) === key) updated += pods.length;
    }
    const want = dep.spec?.replicas ?? 1;
    const maxUnavailable = Math.floor(want * 0.25);
    const available = ready >= want - maxUnavailable;
    const now = isoTime(this.clock());
    const prevConds = (dep.status?.conditions ?? []) as { type: string; status: string; lastTransitionTime?: string }[];
    const cond = (type: string, status: string, reason: string, message: string) => {
      const prev = prevConds.find((c) => c.type === type);
      return { type, status, lastUpdateTime: now, lastTransitionTime: prev && prev.status === status ? prev.lastTransitionTime : now, reason, message };
    };
    const currentRs = rss.find((rs) => templateKey(rs.spec?.template) === key);
    const status = {
      observedGeneration: dep.metadata.generation ?? 1,
      replicas,
      updatedReplicas: updated,
      readyReplicas: ready,
      availableReplicas: ready,
      ...(want - ready > 0 ? { unavailableReplicas: want - ready } : {}),
      conditions: [
        cond('Available', available ? 'True' : 'False', available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable', available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.'),
        updated === want && ready === want
          ? cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${currentRs?.metadata.name ?? ''}" has successfully progressed.`)
          : cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${currentRs?.metadata.name ?? ''}" is progressing.`),
      ],
    };
    const strip = (s: unknown) => canonicalJson({ ...(s as object), conditions: ((s as { conditions?: { type: string; status: string }[] })?.conditions ?? []).map((c) => [c.type, c.status]) });
    if (strip(status) === strip(dep.status)) return;
    this.store.put({ ...dep, metadata: { ...dep.metadata }, status });
    this.refreshPdbs(dep);
  }

  // ---- StatefulSets and DaemonSets -------------------------------------------------

  reconcileStatefulSet(sts: KubeObject): void {
    const want = sts.spec?.replicas ?? 1;
    const hash = templateHash(sts.spec.template);
    const revision = `${sts.metadata.name}-${hash}`;
    const pods = new Map(this.livePods(sts).map((p) => [p.metadata.name, p]));
    const templVolumes = (sts.spec.template.spec?.volumes ?? []) as unknown[];
    const hasClaims = (sts.spec.volumeClaimTemplates ?? []).length > 0;
    for (let i = 0; i < want; i++) {
      const name = `${sts.metadata.name}-${i}`;
      const existing = pods.get(name);
      if (existing && existing.metadata.labels?.['controller-revision-hash'] === revision) continue;
      if (existing) {
        // rolling update: replace the pod (same name) once it is gone
        this.deletePod(existing, 0);
      }
      if (this.store.get(this.d.pods!, sts.metadata.namespace, name)) continue;
      this.createPod(sts, sts.spec.template, name, undefined, {
        labels: { ...(sts.spec.template.metadata?.labels ?? {}), 'apps.kubernetes.io/pod-index': String(i), 'controller-revision-hash': revision, 'statefulset.kubernetes.io/pod-name': name },
        specExtra: {
          hostname: name,
          subdomain: sts.spec.serviceName ?? sts.metadata.name,
          ...(hasClaims ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `data-${name}` } }, ...templVolumes] } : {}),
        },
      });
    }
    for (const [name, p] of pods) {
      const idx = Number(name.slice(sts.metadata.name.length + 1));
      if (idx >= want) this.deletePod(p);
    }
    const fresh = this.store.get(this.d.statefulsets!, sts.metadata.namespace, sts.metadata.name);
    if (fresh) this.updateStatefulSetStatus(fresh);
  }

  private updateStatefulSetStatus(sts: KubeObject): void {
    const pods = this.livePods(sts);
    const ready = pods.filter((p) => p.status?.phase === 'Running').length;
    const revision = `${sts.metadata.name}-${templateHash(sts.spec.template)}`;
    const updated = pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === revision).length;
    const status = {
      ...(sts.status ?? {}),
      observedGeneration: sts.metadata.generation ?? 1,
      replicas: pods.length,
      readyReplicas: ready,
      availableReplicas: ready,
      currentReplicas: updated,
      updatedReplicas: updated,
      currentRevision: revision,
      updateRevision: revision,
    };
    if (canonicalJson(status) === canonicalJson(sts.status)) return;
    this.store.put({ ...sts, metadata: { ...sts.metadata }, status });
    this.refreshPdbs(sts);
  }

  reconcileDaemonSet(ds: KubeObject): void {
    const hash = templateHash(ds.spec.template);
    const pods = this.livePods(ds);
    const byNode = new Map(pods.map((p) => [p.spec?.nodeName as string, p]));
    for (const node of this.store.iterate(this.d.nodes!)) {
      const existing = byNode.get(node.metadata.name);
      if (existing && existing.metadata.labels?.['controller-revision-hash'] === hash) continue;
      if (existing) this.deletePod(existing, 0);
      this.createPod(ds, ds.spec.template, this.freshPodName(ds.metadata.namespace!, `${ds.metadata.name}-`), `${ds.metadata.name}-`, {
        node: node.metadata.name,
        labels: { ...(ds.spec.template.metadata?.labels ?? {}), 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
        specExtra: {
          affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] }] } } },
        },
      });
    }
    const fresh = this.store.get(this.d.daemonsets!, ds.metadata.namespace, ds.metadata.name);
    if (fresh) this.updateDaemonSetStatus(fresh);
  }

  private updateDaemonSetStatus(ds: KubeObject): void {
    const pods = this.livePods(ds);
    const ready = pods.filter((p) => p.status?.phase === 'Running').length;
    const n = this.store.count(this.d.nodes!);
    const hash = templateHash(ds.spec.template);
    const status = {
      currentNumberScheduled: pods.length,
      desiredNumberScheduled: n,
      numberAvailable: ready,
      numberMisscheduled: 0,
      numberReady: ready,
      ...(n - ready > 0 ? { numberUnavailable: n - ready } : {}),
      observedGeneration: ds.metadata.generation ?? 1,
      updatedNumberScheduled: pods.filter((p) => p.metadata.labels?.['controller-revision-hash'] === hash).length,
    };
    if (canonicalJson(status) === canonicalJson(ds.status)) return;
    this.store.put({ ...ds, metadata: { ...ds.metadata }, status });
  }

  /** Keep PodDisruptionBudgets that select a workload's pods in step with them. */
  refreshPdbs(workload: KubeObject): void {
    const ns = workload.metadata.namespace;
    const labels = workload.spec?.template?.metadata?.labels as Record<string, string> | undefined;
    for (const pdb of this.store.iterate(this.d.pdbs!, ns)) {
      if (!matchesLabelSelectorSpec(pdb.spec?.selector, labels)) continue;
      const expected = workload.spec?.replicas ?? 0;
      const healthy = workload.status?.readyReplicas ?? 0;
      const resolve = (v: number | string) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((expected * Number(v.slice(0, -1))) / 100) : Number(v));
      const desired = pdb.spec.minAvailable !== undefined ? resolve(pdb.spec.minAvailable) : Math.max(0, expected - resolve(pdb.spec.maxUnavailable ?? 1));
      const allowed = Math.max(0, healthy - desired);
      const s = pdb.status ?? {};
      if (s.currentHealthy === healthy && s.desiredHealthy === desired && s.expectedPods === expected && s.disruptionsAllowed === allowed) continue;
      const prev = (s.conditions ?? [])[0] as { status?: string; lastTransitionTime?: string } | undefined;
      const status = allowed > 0 ? 'True' : 'False';
      this.store.put({
        ...pdb,
        metadata: { ...pdb.metadata },
        status: {
          ...s,
          observedGeneration: pdb.metadata.generation ?? 1,
          currentHealthy: healthy,
          desiredHealthy: desired,
          expectedPods: expected,
          disruptionsAllowed: allowed,
          conditions: [
            {
              type: 'DisruptionAllowed',
              status,
              reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
              message: '',
              observedGeneration: pdb.metadata.generation ?? 1,
              lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : isoTime(this.clock()),
            },
          ],
        },
      });
    }
  }

  // ---- generic ---------------------------------------------------------------------

  /** React to a write through the API. */
  afterWrite(def: ResourceDef, obj: KubeObject, prev: KubeObject | undefined): void {
    if (def === this.d.deployments) {
      if (!prev || canonicalJson(prev.spec) !== canonicalJson(obj.spec)) this.reconcileDeployment(obj);
    } else if (def === this.d.replicasets) {
      if (!prev || prev.spec?.replicas !== obj.spec?.replicas) this.reconcileReplicaSet(obj);
    } else if (def === this.d.statefulsets) {
      if (!prev || canonicalJson(prev.spec) !== canonicalJson(obj.spec)) this.reconcileStatefulSet(obj);
    } else if (def === this.d.daemonsets) {
      if (!prev || canonicalJson(prev.spec?.template) !== canonicalJson(obj.spec?.template)) this.reconcileDaemonSet(obj);
    } else if (def === this.d.pods && !prev) {
      this.trackStart(obj);
    } else if (def === this.d.nodes && !prev) {
      this.scheduler.addNodeObject(obj);
    }
  }

  /** Delete an object and (unless orphaning) everything it owns. Pods terminate gracefully. */
  deleteCascade(def: ResourceDef, obj: KubeObject, propagation: 'Background' | 'Foreground' | 'Orphan' = 'Background', graceMs?: number): KubeObject | undefined {
    const deps = this.store.dependentsOf(obj.metadata.uid);
    let gone: KubeObject | undefined;
    if (def === this.d.pods) gone = this.deletePod(obj, graceMs);
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
    if (def === this.d.pods) {
      const o = obj.metadata.ownerReferences?.find((r) => r.controller);
      if (o?.kind === 'ReplicaSet') {
        const rs = this.store.get(this.d.replicasets!, obj.metadata.namespace, o.name);
        if (rs) this.reconcileReplicaSet(rs);
      }
    }
    return gone;
  }

}
