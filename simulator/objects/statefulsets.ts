// StatefulSets: ordinal Pods and one bound PVC/PV per Pod when they claim storage.

import { ownerRef, templateHash } from '../builders/identity';
import { buildPodTemplate, workloadLabels } from '../builders/pod-template';
import { frozenAnnotations, type WorkloadPlan } from '../plan';
import type { KubeObject } from '../types';
import { attachments } from './attachments';
import { meta, type Ctx } from './context';
import { makePods, workloadStartTimes } from './pods';
import { pvcAndPv } from './storage';

export function materializeStatefulSet(c: Ctx, w: WorkloadPlan): void {
  const { created, rollout } = workloadStartTimes(c, w);
  const labels = workloadLabels(w);
  const tpl = buildPodTemplate(w, w.image);
  const hash = templateHash(tpl);
  const revision = `${w.name}-${hash}`;
  const vol = w.volume;
  const sts: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, { generation: Math.max(1, w.revisions), labels, ...(w.annotations || w.frozen ? { annotations: { ...(w.annotations ?? {}), ...(frozenAnnotations(w.frozen) ?? {}) } } : {}) }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { app: w.name } },
      serviceName: w.name,
      template: tpl,
      ...(vol
        ? {
            volumeClaimTemplates: [
              {
                apiVersion: 'v1',
                kind: 'PersistentVolumeClaim',
                metadata: { name: 'data' },
                spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: `${vol.sizeGi}Gi` } }, storageClassName: vol.storageClass, volumeMode: 'Filesystem' },
                status: { phase: 'Pending' },
              },
            ],
          }
        : {}),
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      minReadySeconds: 0,
    },
  };
  const baseLabels = { ...(tpl.metadata.labels as Record<string, string>), 'controller-revision-hash': revision };
  const templVolumes = (tpl.spec.volumes as unknown[]) ?? [];
  const { pods, ready } = makePods(c, w, w.replicas, [ownerRef(sts)], baseLabels, tpl.spec, rollout, (i) => {
    const name = `${w.name}-${i}`;
    return {
      name,
      labels: { ...baseLabels, 'apps.kubernetes.io/pod-index': String(i), 'statefulset.kubernetes.io/pod-name': name },
      specExtra: {
        hostname: name,
        subdomain: w.name,
        ...(vol ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `data-${name}` } }, ...templVolumes] } : {}),
      },
    };
  });
  sts.status = {
    observedGeneration: sts.metadata.generation,
    replicas: w.replicas,
    readyReplicas: ready,
    currentReplicas: w.replicas,
    updatedReplicas: w.replicas,
    availableReplicas: ready,
    currentRevision: revision,
    updateRevision: revision,
    collisionCount: 0,
  };
  c.out.push(sts, ...pods);
  if (vol) {
    pods.forEach((p, i) => pvcAndPv(c, w.namespace, `data-${w.name}-${i}`, vol, created + i * 30_000, p.spec.nodeName as string | undefined, { app: w.name }, p.spec.nodeName !== undefined));
  }
  attachments(c, w, sts, ready, created);
}
