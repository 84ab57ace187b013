// The storage domain's bad actor (docs/domains.md "Storage"): a claim that
// stays Pending because its StorageClass names a provisioner quota that ran
// out, 47 minutes old when the cluster is built (a warning that turns critical
// at an hour). Only where the shop's search namespace exists.

import { HOUR, isoTime } from '../plan';
import type { Prng } from '../prng';
import type { KubeObject } from '../types';

export function pendingClaims(out: readonly KubeObject[], prng: Prng, now: number): KubeObject[] {
  if (!out.some((o) => o.kind === 'Namespace' && o.metadata.name === 'search')) return [];
  const created = now - (47 / 60) * HOUR;
  return [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: {
        name: 'search-indexer-snapshots',
        namespace: 'search',
        uid: prng.uuid(),
        resourceVersion: '',
        creationTimestamp: isoTime(created),
        labels: { app: 'search-indexer', 'app.kubernetes.io/part-of': 'search-indexer' },
        annotations: { 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' },
        finalizers: ['kubernetes.io/pvc-protection'],
      },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '500Gi' } }, storageClassName: 'io2', volumeMode: 'Filesystem' },
      status: { phase: 'Pending' },
    },
  ];
}
