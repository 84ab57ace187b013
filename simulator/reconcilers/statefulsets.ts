// The StatefulSet controller: ordinal pods with stable names and claims,
// replaced one by one when the template changes.

import { templateHash } from '../builders/identity';
import { canonicalJson } from '../canonical-json';
import type { KubeObject } from '../types';
import { refreshPdbs } from './disruption-budgets';
import type { ControllerKit } from './kit';

export function reconcileStatefulSet(k: ControllerKit, sts: KubeObject): void {
  const want = sts.spec?.replicas ?? 1;
  const hash = templateHash(sts.spec.template);
  const revision = `${sts.metadata.name}-${hash}`;
  const pods = new Map(k.kubelet.livePods(sts).map((p) => [p.metadata.name, p]));
  const templVolumes = (sts.spec.template.spec?.volumes ?? []) as unknown[];
  const hasClaims = (sts.spec.volumeClaimTemplates ?? []).length > 0;
  for (let i = 0; i < want; i++) {
    const name = `${sts.metadata.name}-${i}`;
    const existing = pods.get(name);
    if (existing && existing.metadata.labels?.['controller-revision-hash'] === revision) continue;
    if (existing) {
      // rolling update: replace the pod (same name) once it is gone
      k.kubelet.deletePod(existing, 0);
    }
    if (k.store.get(k.defs.pods!, sts.metadata.namespace, name)) continue;
    k.kubelet.createPod(sts, sts.spec.template, name, undefined, {
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
    if (idx >= want) k.kubelet.deletePod(p);
  }
  const fresh = k.store.get(k.defs.statefulsets!, sts.metadata.namespace, sts.metadata.name);
  if (fresh) updateStatefulSetStatus(k, fresh);
}

function updateStatefulSetStatus(k: ControllerKit, sts: KubeObject): void {
  const pods = k.kubelet.livePods(sts);
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
  k.store.put({ ...sts, metadata: { ...sts.metadata }, status });
  refreshPdbs(k, sts);
}
