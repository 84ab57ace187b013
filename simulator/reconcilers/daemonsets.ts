// The DaemonSet controller: one pod per node, pinned by node affinity.

import { templateHash } from '../builders/identity';
import { canonicalJson } from '../canonical-json';
import type { KubeObject } from '../types';
import type { ControllerKit } from './kit';

export function reconcileDaemonSet(k: ControllerKit, ds: KubeObject): void {
  const hash = templateHash(ds.spec.template);
  const pods = k.kubelet.livePods(ds);
  const byNode = new Map(pods.map((p) => [p.spec?.nodeName as string, p]));
  for (const node of k.store.iterate(k.defs.nodes!)) {
    const existing = byNode.get(node.metadata.name);
    if (existing && existing.metadata.labels?.['controller-revision-hash'] === hash) continue;
    if (existing) k.kubelet.deletePod(existing, 0);
    k.kubelet.createPod(ds, ds.spec.template, k.kubelet.freshPodName(ds.metadata.namespace!, `${ds.metadata.name}-`), `${ds.metadata.name}-`, {
      node: node.metadata.name,
      labels: { ...(ds.spec.template.metadata?.labels ?? {}), 'controller-revision-hash': hash, 'pod-template-generation': String(ds.metadata.generation ?? 1) },
      specExtra: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] }] } } },
      },
    });
  }
  const fresh = k.store.get(k.defs.daemonsets!, ds.metadata.namespace, ds.metadata.name);
  if (fresh) updateDaemonSetStatus(k, fresh);
}

export function updateDaemonSetStatus(k: ControllerKit, ds: KubeObject): void {
  const pods = k.kubelet.livePods(ds);
  const ready = pods.filter((p) => p.status?.phase === 'Running').length;
  const n = k.store.count(k.defs.nodes!);
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
  k.store.put({ ...ds, metadata: { ...ds.metadata }, status });
}
