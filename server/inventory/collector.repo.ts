import pg from 'pg';
import { resolveDatabaseUrlSync } from '../database/database-url';
import { createPool } from '../database/pg-client';
import type { Db } from '../database/tx';
import type { ClusterSyncState } from './collector.compute';
import { encodeRows, ROW_COLUMNS } from './encode.compute';
import type { InventoryRow } from './transform.compute';

// Inventory writes are raw SQL: one INSERT ... SELECT FROM jsonb_to_recordset($3)
// ... ON CONFLICT per batch, the whole batch being one JSON parameter
// (encode.compute.ts says why), which is several times faster than createMany +
// updates for 150k pods.

const UPSERT_SQL = `
INSERT INTO "InventoryObject" ("clusterId", ${ROW_COLUMNS.map(([c]) => `"${c}"`).join(', ')}, "listEpoch", "syncedAt")
SELECT $1, ${ROW_COLUMNS.map(([c]) => `t."${c}"`).join(', ')}, $2::int, clock_timestamp()
FROM jsonb_to_recordset($3::jsonb) AS t(${ROW_COLUMNS.map(([c, type]) => `"${c}" ${type}`).join(', ')})
ON CONFLICT ("clusterId", "kind", "namespace", "name") DO UPDATE SET
${ROW_COLUMNS.filter(([c]) => !['kind', 'namespace', 'name'].includes(c))
  .map(([c]) => `  "${c}" = EXCLUDED."${c}"`)
  .join(',\n')},
  "listEpoch" = EXCLUDED."listEpoch",
  "syncedAt" = EXCLUDED."syncedAt"`;

// Every write moves its kinds' InventoryKindVersion (after the write: a reader
// that computed from the new rows under the old version only recomputes once
// more), so figures derived from those kinds know when to recompute.
const BUMP_SQL = `
INSERT INTO "InventoryKindVersion" ("clusterId", kind, version, "changedAt")
SELECT $1, k, 1, now() FROM unnest($2::text[]) AS k
ON CONFLICT ("clusterId", kind) DO UPDATE SET version = "InventoryKindVersion".version + 1, "changedAt" = now()`;

const kindsOf = (rows: ReadonlyArray<{ kind: string }>) => [...new Set(rows.map((r) => r.kind))].sort();

export async function upsertObjects(db: Db, clusterId: string, rows: InventoryRow[], epoch: number): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(UPSERT_SQL, clusterId, epoch, encodeRows(rows));
  await db.$executeRawUnsafe(BUMP_SQL, clusterId, kindsOf(rows));
}

/** The versions of these kinds, all clusters, as one string (see InventoryKindVersion): equal strings, unchanged inventory. */
export async function kindVersions(db: Db, kinds: readonly string[]): Promise<string> {
  const rows = await db.$queryRawUnsafe<Array<{ v: string | null }>>(
    `SELECT string_agg("clusterId" || '/' || kind || '/' || version, ',' ORDER BY "clusterId", kind) AS v FROM "InventoryKindVersion" WHERE kind = ANY($1::text[])`,
    [...kinds],
  );
  return rows[0]?.v ?? '';
}

// The collectors' own writes (list pages, watch batches) go through a small
// pg pool of their own instead of Prisma's: its sessions run with
// synchronous_commit = off, because the inventory is a cache of cluster state,
// not a record: a crash may lose the last few hundred milliseconds of commits
// (never corrupt anything), and the collector rebuilds them by relisting
// anyway, while the initial sync and churn no longer wait for a WAL flush per
// batch. Everything else in the database keeps the default (durable) commits.
let writePool: pg.Pool | null = null;

const poolSize = (v: string | undefined) => (v && /^[1-9]\d{0,2}$/.test(v) ? Number(v) : 8);

function collectorPool(): pg.Pool {
  if (!writePool) {
    // An idle connection dropped by the server is logged and dropped; the next query opens a new one.
    writePool = createPool(
      {
        connectionString: resolveDatabaseUrlSync(),
        max: poolSize(process.env.RUNWELL_INVENTORY_DB_POOL),
        idleTimeoutMillis: 30_000,
        // idle connections must not keep a finished process (CLI, test) alive
        allowExitOnIdle: true,
        options: '-c synchronous_commit=off',
      },
      'inventory',
    );
  }
  return writePool;
}

/** upsertObjects for the collectors: same statement, on the asynchronous-commit pool. */
export async function upsertObjectsForCollector(clusterId: string, rows: InventoryRow[], epoch: number): Promise<void> {
  if (rows.length === 0) return;
  await collectorPool().query(UPSERT_SQL, [clusterId, epoch, encodeRows(rows)]);
  await collectorPool().query(BUMP_SQL, [clusterId, kindsOf(rows)]);
}
export async function deleteObjects(db: Db, clusterId: string, keys: { kind: string; namespace: string; name: string }[]): Promise<number> {
  if (keys.length === 0) return 0;
  const deleted = await db.$executeRawUnsafe(
    `DELETE FROM "InventoryObject" o USING unnest($2::text[], $3::text[], $4::text[]) AS k(kind, namespace, name)
     WHERE o."clusterId" = $1 AND o.kind = k.kind AND o.namespace = k.namespace AND o.name = k.name`,
    clusterId,
    keys.map((k) => k.kind),
    keys.map((k) => k.namespace),
    keys.map((k) => k.name),
  );
  if (deleted > 0) await db.$executeRawUnsafe(BUMP_SQL, clusterId, kindsOf(keys));
  return deleted;
}

/** After a complete list: rows the list did not write are gone from the cluster. */
export async function sweepObjects(db: Db, clusterId: string, kind: string, epoch: number): Promise<number> {
  const deleted = await db.$executeRawUnsafe(
    `DELETE FROM "InventoryObject" WHERE "clusterId" = $1 AND kind = $2 AND "listEpoch" < $3::int`,
    clusterId,
    kind,
    epoch,
  );
  if (deleted > 0) await db.$executeRawUnsafe(BUMP_SQL, clusterId, [kind]);
  return deleted;
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

/**
 * Marks `holder` as a live collecting worker until now() + ttl, forgets workers
 * whose mark expired (SKIP LOCKED: two workers cleaning up at once must not
 * deadlock), and counts the live workers (this one included) and the enabled
 * clusters they share.
 */
export async function markCollectorWorker(db: Db, holder: string, ttlMs: number): Promise<{ workers: number; clusters: number }> {
  const rows = await db.$queryRawUnsafe<{ workers: bigint; clusters: bigint }[]>(
    `WITH gone AS (
       DELETE FROM "CollectorWorker" WHERE holder IN (
         SELECT holder FROM "CollectorWorker" WHERE "expiresAt" <= now() AND holder <> $1 FOR UPDATE SKIP LOCKED)
     ), me AS (
       INSERT INTO "CollectorWorker" (holder, "seenAt", "expiresAt") VALUES ($1, now(), now() + ($2::int * interval '1 millisecond'))
       ON CONFLICT (holder) DO UPDATE SET "seenAt" = EXCLUDED."seenAt", "expiresAt" = EXCLUDED."expiresAt"
     )
     SELECT 1 + (SELECT count(*) FROM "CollectorWorker" WHERE "expiresAt" > now() AND holder <> $1) AS workers,
            (SELECT count(*) FROM "Cluster" WHERE NOT disabled) AS clusters`,
    holder,
    ttlMs,
  );
  return { workers: Number(rows[0]!.workers), clusters: Number(rows[0]!.clusters) };
}

/** A worker stopping gracefully leaves at once, so the others' shares grow without waiting for its mark to expire. */
export async function forgetCollectorWorker(db: Db, holder: string): Promise<void> {
  await db.collectorWorker.deleteMany({ where: { holder } });
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
