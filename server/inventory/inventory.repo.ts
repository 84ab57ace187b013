import type { Db } from '../database/tx';
import { Prisma } from '../generated/prisma/client';

// Read-side queries over InventoryObject for the cluster pages. Paginated in
// SQL (a cluster may hold 150k pods); JSON fields are extracted in SQL.

const like = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface NodeRecord {
  name: string;
  zone: string | null;
  instanceType: string | null;
  kubeletVersion: string | null;
  unschedulable: boolean | null;
  conditions: { type?: string; status?: string }[] | null;
  creationTimestamp: Date | null;
  allocatable: Record<string, string> | null;
  pods: bigint;
  total: bigint;
}

export async function listNodes(
  db: Db,
  clusterId: string,
  f: { search?: string; zone?: string; status?: 'ready' | 'not-ready' | 'cordoned'; page: number; pageSize: number },
): Promise<NodeRecord[]> {
  const ready = Prisma.sql`EXISTS (SELECT 1 FROM jsonb_array_elements(COALESCE(n.data->'status'->'conditions', '[]'::jsonb)) c WHERE c->>'type' = 'Ready' AND c->>'status' = 'True')`;
  const conditions = [
    Prisma.sql`n."clusterId" = ${clusterId}`,
    Prisma.sql`n.kind = 'Node'`,
    ...(f.search ? [Prisma.sql`(n.name ILIKE ${like(f.search)} OR n.data->'status'->'nodeInfo'->>'kubeletVersion' ILIKE ${like(f.search)})`] : []),
    ...(f.zone ? [Prisma.sql`n.labels->>'topology.kubernetes.io/zone' = ${f.zone}`] : []),
    ...(f.status === 'ready' ? [ready] : f.status === 'not-ready' ? [Prisma.sql`NOT ${ready}`] : f.status === 'cordoned' ? [Prisma.sql`(n.data->'spec'->>'unschedulable')::boolean IS TRUE`] : []),
  ];
  return db.$queryRaw<NodeRecord[]>`
    SELECT n.name,
           n.labels->>'topology.kubernetes.io/zone' AS zone,
           n.labels->>'node.kubernetes.io/instance-type' AS "instanceType",
           n.data->'status'->'nodeInfo'->>'kubeletVersion' AS "kubeletVersion",
           (n.data->'spec'->>'unschedulable')::boolean AS unschedulable,
           n.data->'status'->'conditions' AS conditions,
           n."creationTimestamp",
           n.data->'status'->'allocatable' AS allocatable,
           (SELECT count(*) FROM "InventoryObject" p WHERE p."clusterId" = n."clusterId" AND p.kind = 'Pod' AND p."nodeName" = n.name AND COALESCE(p.phase, '') NOT IN ('Succeeded', 'Failed')) AS pods,
           count(*) OVER () AS total
    FROM "InventoryObject" n
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY n.name
    OFFSET ${(f.page - 1) * f.pageSize} LIMIT ${f.pageSize}`;
}

export async function zones(db: Db, clusterId: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ zone: string }[]>`
    SELECT DISTINCT labels->>'topology.kubernetes.io/zone' AS zone FROM "InventoryObject"
    WHERE "clusterId" = ${clusterId} AND kind = 'Node' AND labels ? 'topology.kubernetes.io/zone' ORDER BY 1`;
  return rows.map((r) => r.zone);
}

export async function counts(db: Db, clusterId: string): Promise<Record<string, number>> {
  const rows = await db.$queryRaw<{ kind: string; n: bigint }[]>`
    SELECT kind, count(*) AS n FROM "InventoryObject"
    WHERE "clusterId" = ${clusterId} AND (kind IN ('Node', 'Pod', 'Namespace') OR (kind IN ('Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job') AND NOT (kind = 'Job' AND "ownerKind" = 'CronJob')))
    GROUP BY kind`;
  return Object.fromEntries(rows.map((r) => [r.kind, Number(r.n)]));
}

export interface NamespaceRecord {
  name: string;
  team: string | null;
  phase: string | null;
  creationTimestamp: Date | null;
  pods: bigint;
  workloads: bigint;
  total: bigint;
}

export async function listNamespaces(db: Db, clusterId: string, f: { search?: string; page: number; pageSize: number }): Promise<NamespaceRecord[]> {
  const search = f.search ? Prisma.sql`AND (n.name ILIKE ${like(f.search)} OR n.team ILIKE ${like(f.search)})` : Prisma.empty;
  return db.$queryRaw<NamespaceRecord[]>`
    WITH per AS (
      SELECT namespace,
             count(*) FILTER (WHERE kind = 'Pod' AND COALESCE(phase, '') NOT IN ('Succeeded', 'Failed')) AS pods,
             count(*) FILTER (WHERE kind IN ('Deployment', 'StatefulSet', 'DaemonSet', 'CronJob')) AS workloads
      FROM "InventoryObject" WHERE "clusterId" = ${clusterId} AND kind IN ('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'CronJob')
      GROUP BY namespace
    )
    SELECT n.name, n.team, n.phase, n."creationTimestamp", COALESCE(per.pods, 0) AS pods, COALESCE(per.workloads, 0) AS workloads, count(*) OVER () AS total
    FROM "InventoryObject" n LEFT JOIN per ON per.namespace = n.name
    WHERE n."clusterId" = ${clusterId} AND n.kind = 'Namespace' ${search}
    ORDER BY n.name
    OFFSET ${(f.page - 1) * f.pageSize} LIMIT ${f.pageSize}`;
}

export interface WorkloadRecord {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  team: string | null;
  namespaceTeam: string | null;
  data: { spec?: Record<string, unknown>; status?: Record<string, unknown> };
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp: Date | null;
  total: bigint;
}

const DESIRED = Prisma.sql`CASE w.kind WHEN 'DaemonSet' THEN (w.data->'status'->>'desiredNumberScheduled')::int WHEN 'CronJob' THEN NULL WHEN 'Job' THEN COALESCE((w.data->'spec'->>'completions')::int, 1) ELSE COALESCE((w.data->'spec'->>'replicas')::int, 1) END`;
const READY = Prisma.sql`CASE w.kind WHEN 'DaemonSet' THEN COALESCE((w.data->'status'->>'numberReady')::int, 0) WHEN 'CronJob' THEN NULL WHEN 'Job' THEN COALESCE((w.data->'status'->>'succeeded')::int, 0) ELSE COALESCE((w.data->'status'->>'readyReplicas')::int, 0) END`;

export async function listWorkloads(
  db: Db,
  clusterId: string,
  f: { kind?: string; namespace?: string; team?: string; unhealthy?: boolean; search?: string; page: number; pageSize: number },
): Promise<WorkloadRecord[]> {
  const conditions = [
    Prisma.sql`w."clusterId" = ${clusterId}`,
    f.kind ? Prisma.sql`w.kind = ${f.kind}` : Prisma.sql`w.kind IN ('Deployment', 'StatefulSet', 'DaemonSet', 'CronJob', 'Job')`,
    // Jobs of a CronJob are shown under their CronJob.
    Prisma.sql`NOT (w.kind = 'Job' AND w."ownerKind" = 'CronJob')`,
    ...(f.namespace ? [Prisma.sql`w.namespace = ${f.namespace}`] : []),
    ...(f.team ? [Prisma.sql`COALESCE(w.team, ns.team) = ${f.team}`] : []),
    ...(f.unhealthy ? [Prisma.sql`${READY} < ${DESIRED}`] : []),
    ...(f.search ? [Prisma.sql`(w.name ILIKE ${like(f.search)} OR w.namespace ILIKE ${like(f.search)} OR w.data::text ILIKE ${like(f.search)})`] : []),
  ];
  return db.$queryRaw<WorkloadRecord[]>`
    SELECT w.kind, w.namespace, w.name, w.uid, w.team, ns.team AS "namespaceTeam", w.data, w.labels, w.annotations, w."creationTimestamp", count(*) OVER () AS total
    FROM "InventoryObject" w
    LEFT JOIN "InventoryObject" ns ON ns."clusterId" = w."clusterId" AND ns.kind = 'Namespace' AND ns.namespace = '' AND ns.name = w.namespace
    WHERE ${Prisma.join(conditions, ' AND ')}
    ORDER BY w.namespace, w.name, w.kind
    OFFSET ${(f.page - 1) * f.pageSize} LIMIT ${f.pageSize}`;
}

export async function findWorkload(db: Db, clusterId: string, kind: string, namespace: string, name: string): Promise<Omit<WorkloadRecord, 'total'> | null> {
  const rows = await db.$queryRaw<WorkloadRecord[]>`
    SELECT w.kind, w.namespace, w.name, w.uid, w.team, ns.team AS "namespaceTeam", w.data, w.labels, w.annotations, w."creationTimestamp", 1::bigint AS total
    FROM "InventoryObject" w
    LEFT JOIN "InventoryObject" ns ON ns."clusterId" = w."clusterId" AND ns.kind = 'Namespace' AND ns.namespace = '' AND ns.name = w.namespace
    WHERE w."clusterId" = ${clusterId} AND w.kind = ${kind} AND w.namespace = ${namespace} AND w.name = ${name}`;
  return rows[0] ?? null;
}

export interface PodRecord {
  name: string;
  nodeName: string | null;
  phase: string | null;
  status: Record<string, unknown> | null;
  creationTimestamp: Date | null;
  total: bigint;
}

/** Pods owned by the workload directly or through one level of ReplicaSets/Jobs (Deployments, CronJobs). */
export async function podsOf(db: Db, clusterId: string, uid: string, page: number, pageSize: number): Promise<PodRecord[]> {
  return db.$queryRaw<PodRecord[]>`
    WITH owners AS (
      SELECT ${uid}::text AS uid
      UNION ALL
      SELECT uid FROM "InventoryObject" WHERE "clusterId" = ${clusterId} AND "ownerUid" = ${uid} AND kind IN ('ReplicaSet', 'Job')
    )
    SELECT p.name, p."nodeName", p.phase, p.data->'status' AS status, p."creationTimestamp", count(*) OVER () AS total
    FROM "InventoryObject" p
    WHERE p."clusterId" = ${clusterId} AND p.kind = 'Pod' AND p."ownerUid" IN (SELECT uid FROM owners)
    ORDER BY p.name
    OFFSET ${(page - 1) * pageSize} LIMIT ${pageSize}`;
}

export async function clusterExists(db: Db, clusterId: string): Promise<{ name: string; serverGitVersion: string | null } | null> {
  return db.cluster.findUnique({ where: { id: clusterId }, select: { name: true, serverGitVersion: true } });
}

export interface MaintenanceNodeRecord {
  name: string;
  zone: string | null;
  nodeInfo: Record<string, string> | null;
  creationTimestamp: Date | null;
  conditions: { type?: string; status?: string }[] | null;
  unschedulable: boolean | null;
}

/** Every node's version and OS facts (5,000 nodes is ~1 MB: read whole, grouped in compute). */
export async function maintenanceNodes(db: Db, clusterId: string): Promise<MaintenanceNodeRecord[]> {
  return maintenanceNodesOf(db, [clusterId]);
}

/** Every enabled cluster with its control-plane version (the maintenance domain's fleet summary). */
export async function enabledClusterVersions(db: Db): Promise<{ id: string; serverGitVersion: string | null }[]> {
  return db.cluster.findMany({ where: { disabled: false }, select: { id: true, serverGitVersion: true }, orderBy: { name: 'asc' } });
}

/** maintenanceNodes for several clusters in one read, each row with its cluster (by cluster, then name). */
export async function maintenanceNodesOf(db: Db, clusterIds: readonly string[]): Promise<(MaintenanceNodeRecord & { clusterId: string })[]> {
  if (clusterIds.length === 0) return [];
  return db.$queryRaw<(MaintenanceNodeRecord & { clusterId: string })[]>`
    SELECT "clusterId", name, labels->>'topology.kubernetes.io/zone' AS zone, data->'status'->'nodeInfo' AS "nodeInfo", "creationTimestamp",
           data->'status'->'conditions' AS conditions, (data->'spec'->>'unschedulable')::boolean AS unschedulable
    FROM "InventoryObject" WHERE "clusterId" = ANY(${[...clusterIds]}) AND kind = 'Node' ORDER BY "clusterId", name`;
}

/** Objects of these kinds across every cluster, with the cluster's name (the change ledger's GitOps feed; the maturity model's canary, chaos and KEDA objects). */
export async function objectsOfKinds(db: Db, kinds: readonly string[]) {
  return db.inventoryObject.findMany({
    where: { kind: { in: [...kinds] } },
    select: { clusterId: true, kind: true, namespace: true, name: true, labels: true, annotations: true, data: true, creationTimestamp: true, cluster: { select: { name: true } } },
  });
}

/** Workloads (with their pod template's metadata) in these namespaces of one cluster. */
export async function workloadsInNamespaces(db: Db, clusterId: string, namespaces: readonly string[]) {
  if (namespaces.length === 0) return [];
  return db.$queryRaw<{ namespace: string; kind: string; name: string; labels: unknown; annotations: unknown; template: unknown }[]>`
    SELECT namespace, kind, name, labels, annotations, data->'spec'->'template'->'metadata' AS template
    FROM "InventoryObject"
    WHERE "clusterId" = ${clusterId} AND kind IN ('Deployment', 'StatefulSet', 'DaemonSet') AND namespace = ANY(${[...namespaces]})`;
}
