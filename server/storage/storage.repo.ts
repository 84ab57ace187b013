import type { Db } from '../database/tx';
import type { PvcObject, PvObject, StorageClassObject } from './storage.compute';

// Reads PersistentVolumeClaims, PersistentVolumes and StorageClasses from the
// inventory the collectors keep; only the fields the storage signals need
// leave Postgres (the primary key starts with clusterId, kind).

type Scope = { clusterIds: readonly string[] };

export async function clusters(db: Db): Promise<{ id: string; name: string }[]> {
  return db.cluster.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

export async function loadPvcs(db: Db, scope: Scope): Promise<PvcObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<Omit<PvcObject, 'createdAt'> & { createdAt: Date | null }>>(
    `SELECT "clusterId", namespace, name, labels, team, phase, "creationTimestamp" AS "createdAt",
            data->'spec'->>'storageClassName' AS "storageClass", data->'spec'->>'volumeName' AS "volumeName",
            data->'spec'->'resources'->'requests'->>'storage' AS requested, data->'status'->'capacity'->>'storage' AS capacity
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'PersistentVolumeClaim'`,
    scope.clusterIds,
  );
  return rows.map((r) => ({ ...r, labels: r.labels ?? {}, createdAt: r.createdAt ? r.createdAt.getTime() : null }));
}

export async function loadPvs(db: Db, scope: Scope): Promise<PvObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<{ clusterId: string; name: string; createdAt: Date | null; reclaimPolicy: string | null }>>(
    `SELECT "clusterId", name, "creationTimestamp" AS "createdAt", data->'spec'->>'persistentVolumeReclaimPolicy' AS "reclaimPolicy"
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'PersistentVolume'`,
    scope.clusterIds,
  );
  return rows.map((r) => ({ ...r, createdAt: r.createdAt ? r.createdAt.getTime() : null }));
}

export async function loadStorageClasses(db: Db, scope: Scope): Promise<StorageClassObject[]> {
  if (scope.clusterIds.length === 0) return [];
  const rows = await db.$queryRawUnsafe<Array<Omit<StorageClassObject, 'isDefault' | 'allowVolumeExpansion'> & { annotations: Record<string, string> | null; allowVolumeExpansion: boolean | null }>>(
    `SELECT "clusterId", name, annotations, data->>'provisioner' AS provisioner, data->>'reclaimPolicy' AS "reclaimPolicy",
            data->>'volumeBindingMode' AS "volumeBindingMode", (data->>'allowVolumeExpansion')::boolean AS "allowVolumeExpansion"
       FROM "InventoryObject" WHERE "clusterId" = ANY($1::text[]) AND kind = 'StorageClass'`,
    scope.clusterIds,
  );
  return rows.map(({ annotations, ...r }) => ({
    ...r,
    allowVolumeExpansion: r.allowVolumeExpansion === true,
    isDefault: (annotations ?? {})['storageclass.kubernetes.io/is-default-class'] === 'true',
  }));
}
