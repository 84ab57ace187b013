import type { Db } from '../database/tx';
import type { ClusterSyncState } from './collector.compute';
import type { InventoryRow } from './transform.compute';

// Inventory writes are raw SQL: one INSERT ... SELECT FROM unnest(arrays) ...
// ON CONFLICT per batch sends 17 parameters however many rows there are, which
// is several times faster than createMany + updates for 150k pods.

const COLUMNS = [
  ['kind', 'text'],
  ['namespace', 'text'],
  ['name', 'text'],
  ['uid', 'text'],
  ['resourceVersion', 'text'],
  ['labels', 'text'],
  ['annotations', 'text'],
  ['ownerKind', 'text'],
  ['ownerName', 'text'],
  ['ownerUid', 'text'],
  ['team', 'text'],
  ['nodeName', 'text'],
  ['phase', 'text'],
  ['creationTimestamp', 'text'],
  ['data', 'text'],
] as const;

const JSON_COLUMNS = new Set(['labels', 'annotations', 'data']);

const UPSERT_SQL = `
INSERT INTO "InventoryObject" ("clusterId", ${COLUMNS.map(([c]) => `"${c}"`).join(', ')}, "listEpoch", "syncedAt")
SELECT $1, ${COLUMNS.map(([c]) => (JSON_COLUMNS.has(c) ? `t."${c}"::jsonb` : c === 'creationTimestamp' ? `t."${c}"::timestamptz` : `t."${c}"`)).join(', ')}, $2::int, clock_timestamp()
FROM unnest(${COLUMNS.map((_, i) => `$${i + 3}::text[]`).join(', ')}) AS t(${COLUMNS.map(([c]) => `"${c}"`).join(', ')})
ON CONFLICT ("clusterId", "kind", "namespace", "name") DO UPDATE SET
${COLUMNS.filter(([c]) => !['kind', 'namespace', 'name'].includes(c))
  .map(([c]) => `  "${c}" = EXCLUDED."${c}"`)
  .join(',\n')},
  "listEpoch" = EXCLUDED."listEpoch",
  "syncedAt" = EXCLUDED."syncedAt"`;

function columnArrays(rows: InventoryRow[]): (string | null)[][] {
  const cols = (pickFn: (r: InventoryRow) => string | null) => rows.map(pickFn);
  return [
    cols((r) => r.kind),
    cols((r) => r.namespace),
    cols((r) => r.name),
    cols((r) => r.uid),
    cols((r) => r.resourceVersion),
    cols((r) => JSON.stringify(r.labels)),
    cols((r) => JSON.stringify(r.annotations)),
    cols((r) => r.ownerKind),
    cols((r) => r.ownerName),
    cols((r) => r.ownerUid),
    cols((r) => r.team),
    cols((r) => r.nodeName),
    cols((r) => r.phase),
    cols((r) => (r.creationTimestamp ? r.creationTimestamp.toISOString() : null)),
    // \u0000 cannot be stored in jsonb; Kubernetes strings never need it.
    cols((r) => JSON.stringify(r.data).replace(/\\u0000/g, '')),
  ];
}

export async function upsertObjects(db: Db, clusterId: string, rows: InventoryRow[], epoch: number): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(UPSERT_SQL, clusterId, epoch, ...columnArrays(rows));
}

export async function deleteObjects(db: Db, clusterId: string, keys: { kind: string; namespace: string; name: string }[]): Promise<number> {
  if (keys.length === 0) return 0;
  return db.$executeRawUnsafe(
    `DELETE FROM "InventoryObject" o USING unnest($2::text[], $3::text[], $4::text[]) AS k(kind, namespace, name)
     WHERE o."clusterId" = $1 AND o.kind = k.kind AND o.namespace = k.namespace AND o.name = k.name`,
    clusterId,
    keys.map((k) => k.kind),
    keys.map((k) => k.namespace),
    keys.map((k) => k.name),
  );
}

/** After a complete list: rows the list did not write are gone from the cluster. */
export async function sweepObjects(db: Db, clusterId: string, kind: string, epoch: number): Promise<number> {
  return db.$executeRawUnsafe(
    `DELETE FROM "InventoryObject" WHERE "clusterId" = $1 AND kind = $2 AND "listEpoch" < $3::int`,
    clusterId,
    kind,
    epoch,
  );
}

export async function nextListEpoch(db: Db, clusterId: string, kind: string): Promise<number> {
  const rows = await db.$queryRawUnsafe<{ epoch: number }[]>(
    `SELECT (COALESCE(MAX("listEpoch"), 0) + 1)::int AS epoch FROM "InventoryObject" WHERE "clusterId" = $1 AND kind = $2`,
    clusterId,
    kind,
  );
  return rows[0]?.epoch ?? 1;
}

export async function countObjects(db: Db, clusterId: string, kind: string): Promise<number> {
  return db.inventoryObject.count({ where: { clusterId, kind } });
}

export type SyncStatusPatch = Partial<{
  state: ClusterSyncState;
  resourceVersion: string | null;
  objectCount: number;
  listedSoFar: number;
  estimatedTotal: number | null;
  lastListAt: Date;
  lastEventAt: Date;
  lagMs: number | null;
  lastError: string | null;
}>;

export async function updateSyncStatus(db: Db, clusterId: string, kind: string, patch: SyncStatusPatch): Promise<void> {
  await db.clusterSyncStatus.upsert({
    where: { clusterId_kind: { clusterId, kind } },
    create: { clusterId, kind, ...patch },
    update: patch,
  });
}

export async function listSyncStatuses(db: Db, clusterId: string) {
  return db.clusterSyncStatus.findMany({ where: { clusterId }, orderBy: { kind: 'asc' } });
}

export async function updateClusterSync(
  db: Db,
  clusterId: string,
  patch: Partial<{ syncState: ClusterSyncState; lastSyncedAt: Date; lastError: string | null; serverGitVersion: string; serverMinor: string }>,
): Promise<void> {
  await db.cluster.updateMany({ where: { id: clusterId }, data: patch });
}

// ---- leases (the database clock decides; see leaseDecision in collector.compute.ts) ----

/** Takes or renews the lease; true when `holder` owns it afterwards. */
export async function acquireLease(db: Db, clusterId: string, holder: string, ttlMs: number): Promise<boolean> {
  const rows = await db.$queryRawUnsafe<{ holder: string }[]>(
    `INSERT INTO "ClusterLease" ("clusterId", holder, "acquiredAt", "renewedAt", "expiresAt")
     SELECT c.id, $2, now(), now(), now() + ($3::int * interval '1 millisecond') FROM "Cluster" c WHERE c.id = $1
     ON CONFLICT ("clusterId") DO UPDATE SET
       holder = EXCLUDED.holder,
       "acquiredAt" = CASE WHEN "ClusterLease".holder = EXCLUDED.holder THEN "ClusterLease"."acquiredAt" ELSE now() END,
       "renewedAt" = now(),
       "expiresAt" = EXCLUDED."expiresAt"
     WHERE "ClusterLease".holder = EXCLUDED.holder OR "ClusterLease"."expiresAt" <= now()
     RETURNING holder`,
    clusterId,
    holder,
    ttlMs,
  );
  return rows.length === 1;
}

export async function releaseLease(db: Db, clusterId: string, holder: string): Promise<void> {
  await db.clusterLease.deleteMany({ where: { clusterId, holder } });
}

export async function findLease(db: Db, clusterId: string) {
  return db.clusterLease.findUnique({ where: { clusterId } });
}

/** Enabled clusters whose lease is free, expired or already ours (database clock). */
export async function claimableClusterIds(db: Db, holder: string): Promise<string[]> {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT c.id FROM "Cluster" c LEFT JOIN "ClusterLease" l ON l."clusterId" = c.id
     WHERE NOT c.disabled AND (l."clusterId" IS NULL OR l.holder = $1 OR l."expiresAt" <= now())
     ORDER BY c."createdAt"`,
    holder,
  );
  return rows.map((r) => r.id);
}

export async function findClusterForCollector(db: Db, clusterId: string) {
  return db.cluster.findUnique({
    where: { id: clusterId },
    select: {
      id: true,
      name: true,
      connectionKind: true,
      apiUrl: true,
      sealedCredentials: true,
      caData: true,
      kubeContext: true,
      insecureSkipTlsVerify: true,
      disabled: true,
    },
  });
}
