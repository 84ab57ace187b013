// Storage objects: a claim with the volume the CSI driver provisioned for it
// (in the zone of the node that mounts it), and the cluster's StorageClasses.

import { isoTime, type WorkloadPlan } from '../plan';
import { meta, type Ctx } from './context';

export function pvcAndPv(
  c: Ctx,
  namespace: string,
  claim: string,
  vol: NonNullable<WorkloadPlan['volume']>,
  created: number,
  nodeName: string | undefined,
  labels: Record<string, string>,
  bound = true,
): void {
  const zone = (nodeName && c.scheduler.get(nodeName)?.zone) ?? c.plan.zones[0]!;
  const pvcUid = c.prng.uuid();
  const pvName = `pvc-${pvcUid}`;
  const size = `${vol.sizeGi}Gi`;
  c.out.push({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: meta(claim, namespace, pvcUid, created, {
      labels,
      annotations: bound
        ? {
            'pv.kubernetes.io/bind-completed': 'yes',
            'pv.kubernetes.io/bound-by-controller': 'yes',
            'volume.beta.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
            'volume.kubernetes.io/selected-node': nodeName ?? '',
            'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com',
          }
        : { 'volume.kubernetes.io/storage-provisioner': 'ebs.csi.aws.com' },
      finalizers: ['kubernetes.io/pvc-protection'],
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      resources: { requests: { storage: size } },
      storageClassName: vol.storageClass,
      volumeMode: 'Filesystem',
      ...(bound ? { volumeName: pvName } : {}),
    },
    status: bound ? { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: size } } : { phase: 'Pending' },
  });
  if (!bound) return;
  c.out.push({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: meta(pvName, undefined, c.prng.uuid(), created + 2000, {
      annotations: { 'pv.kubernetes.io/provisioned-by': 'ebs.csi.aws.com', 'volume.kubernetes.io/provisioner-deletion-secret-name': '', 'volume.kubernetes.io/provisioner-deletion-secret-namespace': '' },
      finalizers: ['external-provisioner.volume.kubernetes.io/finalizer', 'kubernetes.io/pv-protection'],
    }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: size },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: claim, namespace, uid: pvcUid },
      csi: { driver: 'ebs.csi.aws.com', fsType: 'ext4', volumeHandle: `vol-0${c.prng.hex(16)}` },
      nodeAffinity: { required: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [zone] }] }] } },
      persistentVolumeReclaimPolicy: 'Delete',
      storageClassName: vol.storageClass,
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound', lastPhaseTransitionTime: isoTime(created + 2000) },
  });
}

export function storageClasses(c: Ctx, created: number): void {
  const sc = (name: string, provisioner: string, params: Record<string, string>, isDefault: boolean, binding = 'WaitForFirstConsumer') => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: meta(name, undefined, c.prng.uuid(), created, isDefault ? { annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } } : {}),
    provisioner,
    parameters: params,
    reclaimPolicy: 'Delete',
    volumeBindingMode: binding,
    allowVolumeExpansion: true,
  });
  c.out.push(
    sc('gp3', 'ebs.csi.aws.com', { type: 'gp3', encrypted: 'true' }, true),
    sc('gp2', 'kubernetes.io/aws-ebs', { type: 'gp2', fsType: 'ext4' }, false),
    sc('io2', 'ebs.csi.aws.com', { type: 'io2', iopsPerGB: '50', encrypted: 'true' }, false),
    sc('efs', 'efs.csi.aws.com', { provisioningMode: 'efs-ap', fileSystemId: `fs-0${c.prng.hex(16)}`, directoryPerms: '700' }, false, 'Immediate'),
  );
}
