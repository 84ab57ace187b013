// The Deployment and ReplicaSet controllers: a template change rolls out a new
// ReplicaSet (or rolls back to an old one) and scales the others to zero,
// ReplicaSets keep their pod count, statuses follow the pods.

import { ownerRef, templateHash } from '../builders/identity';
import { canonicalJson } from '../canonical-json';
import { isoTime } from '../plan';
import type { KubeObject } from '../types';
import { refreshPdbs } from './disruption-budgets';
import type { ControllerKit } from './kit';

/** A pod template without the labels its controller adds: equal keys, same template. */
function templateKey(template: { metadata?: { labels?: Record<string, string>; [k: string]: unknown }; spec?: unknown } | undefined): string {
  if (!template) return '';
  const labels = { ...(template.metadata?.labels ?? {}) };
  delete labels['pod-template-hash'];
  delete labels['controller-revision-hash'];
  delete labels['pod-template-generation'];
  return canonicalJson({ metadata: { ...(template.metadata ?? {}), labels }, spec: template.spec });
}

export function reconcileReplicaSet(k: ControllerKit, rs: KubeObject): void {
  const pods = k.kubelet.livePods(rs);
  const want = rs.spec?.replicas ?? 1;
  if (pods.length < want) {
    for (let i = pods.length; i < want; i++) {
      k.kubelet.createPod(rs, rs.spec.template, k.kubelet.freshPodName(rs.metadata.namespace!, `${rs.metadata.name}-`), `${rs.metadata.name}-`);
    }
  } else if (pods.length > want) {
    // delete not-ready pods first, then the newest
    const rank = (p: KubeObject) => (p.status?.phase !== 'Running' ? 0 : 1);
    const victims = [...pods].sort((a, b) => rank(a) - rank(b) || (a.metadata.creationTimestamp < b.metadata.creationTimestamp ? 1 : -1)).slice(0, pods.length - want);
    for (const p of victims) k.kubelet.deletePod(p);
  }
  const current = k.store.get(k.defs.replicasets!, rs.metadata.namespace, rs.metadata.name);
  if (current) updateReplicaSetStatus(k, current);
}

export function updateReplicaSetStatus(k: ControllerKit, rs: KubeObject): KubeObject {
  const pods = k.kubelet.livePods(rs);
  const ready = pods.filter((p) => p.status?.phase === 'Running' && (p.status?.containerStatuses ?? []).every((c: { ready?: boolean }) => c.ready)).length;
  const status = { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata.generation ?? 1 };
  if (canonicalJson(status) === canonicalJson(rs.status)) return rs;
  return k.store.put({ ...rs, metadata: { ...rs.metadata }, status });
}

export function ownedReplicaSets(k: ControllerKit, dep: KubeObject): KubeObject[] {
  return k.store
    .dependentsOf(dep.metadata.uid)
    .filter((d) => d.def === k.defs.replicasets)
    .map((d) => d.object);
}

export function reconcileDeployment(k: ControllerKit, dep: KubeObject): void {
  const now = k.clock();
  const rss = ownedReplicaSets(k, dep);
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
    current = k.store.put({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${dep.metadata.name}-${hash}`,
        namespace: dep.metadata.namespace,
        uid: k.prng.uuid(),
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
    current = k.store.put({
      ...current,
      metadata: { ...current.metadata, generation: (current.metadata.generation ?? 1) + 1, annotations: annotations(current) },
      spec: { ...current.spec, replicas },
    });
  }
  for (const rs of rss) {
    if (rs.metadata.uid === current.metadata.uid || (rs.spec?.replicas ?? 0) === 0) continue;
    const scaled = k.store.put({ ...rs, metadata: { ...rs.metadata, generation: (rs.metadata.generation ?? 1) + 1 }, spec: { ...rs.spec, replicas: 0 } });
    reconcileReplicaSet(k, scaled);
  }
  reconcileReplicaSet(k, current);
  // revision history limit
  const limit = dep.spec?.revisionHistoryLimit ?? 10;
  const old = ownedReplicaSets(k, dep)
    .filter((rs) => rs.metadata.uid !== current!.metadata.uid && (rs.spec?.replicas ?? 0) === 0)
    .sort((a, b) => Number(a.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0) - Number(b.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0));
  for (const rs of old.slice(0, Math.max(0, old.length - limit))) {
    if (k.kubelet.livePods(rs).length === 0) k.store.remove(k.defs.replicasets!, rs.metadata.namespace, rs.metadata.name);
  }
  const fresh = k.store.get(k.defs.deployments!, dep.metadata.namespace, dep.metadata.name);
  if (fresh) {
    if (fresh.metadata.annotations?.['deployment.kubernetes.io/revision'] !== String(revision)) {
      k.store.put({ ...fresh, metadata: { ...fresh.metadata, annotations: { ...(fresh.metadata.annotations ?? {}), 'deployment.kubernetes.io/revision': String(revision) } } });
    }
    updateDeploymentStatus(k, k.store.get(k.defs.deployments!, dep.metadata.namespace, dep.metadata.name)!);
  }
}

export function updateDeploymentStatus(k: ControllerKit, dep: KubeObject): void {
  const rss = ownedReplicaSets(k, dep);
  const key = templateKey(dep.spec?.template);
  let replicas = 0;
  let ready = 0;
  let updated = 0;
  for (const rs of rss) {
    const pods = k.kubelet.livePods(rs);
    replicas += pods.length;
    const r = pods.filter((p) => p.status?.phase === 'Running' && (p.status?.containerStatuses ?? []).every((c: { ready?: boolean }) => c.ready)).length;
    ready += r;
    if (templateKey(rs.spec?.template) === key) updated += pods.length;
  }
  const want = dep.spec?.replicas ?? 1;
  const maxUnavailable = Math.floor(want * 0.25);
  const available = ready >= want - maxUnavailable;
  const now = isoTime(k.clock());
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
  k.store.put({ ...dep, metadata: { ...dep.metadata }, status });
  refreshPdbs(k, dep);
}
