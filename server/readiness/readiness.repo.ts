import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { GateOutcome } from './launch-gate.compute';
import type { SnapshotRecord, SnapshotRow } from './snapshot.compute';
import type { ResultRecord } from './stored-results.compute';
import { LIVE_KINDS, type LiveRow } from './live-rows.compute';
import { WORKLOAD_KINDS } from './workload.compute';

// Readiness tables (prisma/schema.prisma "---- readiness ----") and the reads of
// the inventory, catalog and SLO tables the live evaluation needs.

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

// ---------------------------------------------------------------- clusters and inventory

export async function listClusters(db: Db) {
  const rows = await db.cluster.findMany({
    select: { id: true, name: true, disabled: true, lastSyncedAt: true, readinessEvaluation: true },
    orderBy: { name: 'asc' },
  });
  return rows;
}

export async function findClusterByIdOrName(db: Db, idOrName: string) {
  return db.cluster.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] }, select: { id: true, name: true, lastSyncedAt: true } });
}

/**
 * The rows the engine needs: LIVE_KINDS only, and no controller-owned workloads
 * (the engine evaluates those through their owner and would skip them): 150k
 * ReplicaSet-owned Pods are never read.
 */
export async function loadLiveRows(db: Db, clusterId: string): Promise<LiveRow[]> {
  return db.inventoryObject.findMany({
    where: {
      clusterId,
      kind: { in: [...LIVE_KINDS] },
      OR: [{ ownerKind: null }, { kind: { notIn: [...WORKLOAD_KINDS] } }],
    },
    select: { kind: true, namespace: true, name: true, labels: true, annotations: true, ownerKind: true, ownerName: true, data: true },
  });
}

export async function teamsBySlug(db: Db): Promise<Map<string, { id: string; name: string }>> {
  const rows = await db.team.findMany({ select: { id: true, slug: true, name: true } });
  return new Map(rows.map((r) => [r.slug, { id: r.id, name: r.name }]));
}

export async function servicesBySlug(db: Db): Promise<Map<string, { id: string; name: string; teamId: string }>> {
  const rows = await db.service.findMany({ select: { id: true, slug: true, name: true, teamId: true } });
  return new Map(rows.map((r) => [r.slug, { id: r.id, name: r.name, teamId: r.teamId }]));
}

/** Runwell's own SLOs, named by their service's slug (the engine's sloMissing matches service names). */
export async function knownSloServices(db: Db): Promise<string[]> {
  const rows = await db.slo.findMany({ select: { service: { select: { slug: true } } }, distinct: ['serviceId'] });
  return rows.map((r) => r.service.slug);
}

// ---------------------------------------------------------------- results

interface StoredResult extends ResultRecord {
  teamId: string | null;
  serviceId: string | null;
}

/** JSON text of a result's JSON columns and the digest of the whole row (stored-results.compute digestOf). */
export interface SerializedResult {
  result: StoredResult;
  byAreaJson: string;
  checksJson: string;
  digest: string;
}

const INSERT_BATCH = 5_000;

// Raw INSERT ... SELECT FROM json_to_recordset($3) ... ON CONFLICT, as the
// inventory collectors write: one JSON document per batch. Column arrays
// (unnest) cost Node ~0.8 s for a first evaluation's 87,500 rows, escaping the
// JSON columns into array literals; JSON.stringify of the rows costs ~0.15 s.
const RESULT_COLUMNS = [
  ['kind', 'text'],
  ['namespace', 'text'],
  ['name', 'text'],
  ['teamLabel', 'text'],
  ['teamId', 'text'],
  ['serviceKey', 'text'],
  ['serviceId', 'text'],
  ['score', 'int'],
  ['passed', 'int'],
  ['exempt', 'int'],
  ['failedWarnings', 'int'],
  ['failedDangers', 'int'],
  ['failingChecks', 'text[]'],
  ['digest', 'text'],
  ['byArea', 'json'],
  ['checks', 'json'],
] as const;

const UPSERT_RESULTS_SQL = `
INSERT INTO "ReadinessResult" ("clusterId", ${RESULT_COLUMNS.map(([c]) => `"${c}"`).join(', ')}, "evaluatedAt")
SELECT $1, ${RESULT_COLUMNS.map(([c]) => `t."${c}"`).join(', ')}, $2::timestamptz
FROM json_to_recordset($3::json) AS t(${RESULT_COLUMNS.map(([c, type]) => `"${c}" ${type}`).join(', ')})
ON CONFLICT ("clusterId", "kind", "namespace", "name") DO UPDATE SET
${RESULT_COLUMNS.filter(([c]) => !['kind', 'namespace', 'name'].includes(c))
  .map(([c]) => `  "${c}" = EXCLUDED."${c}"`)
  .join(',\n')},
  "evaluatedAt" = EXCLUDED."evaluatedAt"`;

/** One result as a JSON object, its JSON columns spliced in as the text the digest was taken of. */
function resultJson({ result: r, byAreaJson, checksJson, digest }: SerializedResult): string {
  const plain = JSON.stringify({
    kind: r.kind,
    namespace: r.namespace,
    name: r.name,
    teamLabel: r.teamLabel,
    teamId: r.teamId,
    serviceKey: r.serviceKey,
    serviceId: r.serviceId,
    score: r.score,
    passed: r.passed,
    exempt: r.exempt,
    failedWarnings: r.failedWarnings,
    failedDangers: r.failedDangers,
    failingChecks: r.failingChecks,
    digest,
  });
  return `${plain.slice(0, -1)},"byArea":${byAreaJson},"checks":${checksJson}}`;
}

/** Key of a stored result within its cluster. */
export const resultKey = (r: { kind: string; namespace: string; name: string }) => `${r.kind}\u0000${r.namespace}\u0000${r.name}`;

/** The digest of every stored result of a cluster, by resultKey: what an evaluation compares against to write only changes. */
export async function resultDigests(db: Db, clusterId: string): Promise<Map<string, string>> {
  const rows = await db.$queryRawUnsafe<Array<{ kind: string; namespace: string; name: string; digest: string }>>(
    'SELECT kind, namespace, name, digest FROM "ReadinessResult" WHERE "clusterId" = $1',
    clusterId,
  );
  return new Map(rows.map((r) => [resultKey(r), r.digest]));
}

/** Upsert these results (new or changed ones) in statements of INSERT_BATCH rows. */
export async function upsertResults(db: Db, clusterId: string, results: readonly SerializedResult[], evaluatedAt: Date): Promise<void> {
  for (let i = 0; i < results.length; i += INSERT_BATCH) {
    const document = `[${results.slice(i, i + INSERT_BATCH).map(resultJson).join(',')}]`;
    await db.$executeRawUnsafe(UPSERT_RESULTS_SQL, clusterId, evaluatedAt.toISOString(), document);
  }
}

/** Delete the results of objects no longer reported (keys from resultKey). */
export async function deleteResults(db: Db, clusterId: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  const parts = keys.map((k) => k.split('\u0000'));
  await db.$executeRawUnsafe(
    `DELETE FROM "ReadinessResult" r USING unnest($2::text[], $3::text[], $4::text[]) AS g(kind, namespace, name)
     WHERE r."clusterId" = $1 AND r.kind = g.kind AND r.namespace = g.namespace AND r.name = g.name`,
    clusterId,
    parts.map((p) => p[0]!),
    parts.map((p) => p[1]!),
    parts.map((p) => p[2]!),
  );
}

/** Moves whenever a cluster is evaluated (results may have changed): the version of figures derived from the results. */
export async function resultsVersion(db: Db): Promise<string> {
  const [row] = await db.$queryRawUnsafe<Array<{ v: string | null }>>(
    `SELECT count(*) || '@' || coalesce(max(extract(epoch FROM "evaluatedAt")), 0) AS v FROM "ReadinessEvaluation"`,
  );
  return row?.v ?? '';
}

export async function upsertEvaluation(
  db: Db,
  data: { clusterId: string; evaluatedAt: Date; syncedAt: Date | null; durationMs: number; workloads: number; score: number },
): Promise<void> {
  await db.readinessEvaluation.upsert({ where: { clusterId: data.clusterId }, create: data, update: data });
}

export interface ScoredResultRow {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  teamLabel: string | null;
  teamId: string | null;
  teamName: string | null;
  serviceId: string | null;
  serviceName: string | null;
  score: number;
  passed: number;
  exempt: number;
  failedWarnings: number;
  failedDangers: number;
  byArea: unknown;
  failingChecks: string[];
}

/** Scores of stored results with cluster, team and service names: one SQL join (30k rows in well under a second). */
export async function listScoredResults(
  db: Db,
  filter: { clusterId?: string; serviceId?: string; checkIds?: string[] | null },
): Promise<ScoredResultRow[]> {
  const where: string[] = [];
  const params: unknown[] = [];
  if (filter.clusterId) {
    params.push(filter.clusterId);
    where.push(`r."clusterId" = $${params.length}`);
  }
  if (filter.serviceId) {
    params.push(filter.serviceId);
    where.push(`r."serviceId" = $${params.length}`);
  }
  if (filter.checkIds) {
    params.push(filter.checkIds);
    where.push(`r."failingChecks" && $${params.length}::text[]`);
  }
  return db.$queryRawUnsafe<ScoredResultRow[]>(
    // Team and service ids through the joins: an id whose team or service was
    // deleted since the evaluation reads as null (the columns carry no foreign key).
    `SELECT r."clusterId", c.name AS "clusterName", r.kind, r.namespace, r.name, r."teamLabel", t.id AS "teamId", t.name AS "teamName",
            s.id AS "serviceId", s.name AS "serviceName", r.score, r.passed, r.exempt, r."failedWarnings", r."failedDangers", r."byArea", r."failingChecks"
       FROM "ReadinessResult" r
       JOIN "Cluster" c ON c.id = r."clusterId"
       LEFT JOIN "Team" t ON t.id = r."teamId"
       LEFT JOIN "Service" s ON s.id = r."serviceId"
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''}`,
    ...params,
  );
}

/** The team (null when none resolves) and encoded checks of every stored result of these kinds. */
export async function encodedChecksOfKinds(db: Db, kinds: readonly string[]): Promise<Array<{ teamId: string | null; checks: unknown }>> {
  return db.$queryRawUnsafe(
    `SELECT t.id AS "teamId", r.checks FROM "ReadinessResult" r LEFT JOIN "Team" t ON t.id = r."teamId" WHERE r.kind = ANY($1::text[])`,
    [...kinds],
  );
}

export async function snapshotRows(db: Db): Promise<SnapshotRow[]> {
  return listScoredResults(db, {});
}

export async function findResult(db: Db, ref: { clusterId: string; kind: string; namespace: string; name: string }) {
  const row = await db.readinessResult.findUnique({
    where: { clusterId_kind_namespace_name: ref },
    include: { cluster: { select: { name: true, readinessEvaluation: { select: { evaluatedAt: true } } } } },
  });
  if (!row) return null;
  // No foreign keys on these ids (schema.prisma says why): one that no longer resolves is null.
  const [team, service] = await Promise.all([
    row.teamId ? db.team.findUnique({ where: { id: row.teamId }, select: { name: true } }) : null,
    row.serviceId ? db.service.findUnique({ where: { id: row.serviceId }, select: { name: true } }) : null,
  ]);
  return { ...row, teamId: team ? row.teamId : null, serviceId: service ? row.serviceId : null, team, service };
}

// ---------------------------------------------------------------- gates

export async function allServiceIds(db: Db): Promise<string[]> {
  return (await db.service.findMany({ select: { id: true } })).map((r) => r.id);
}

export async function writeGates(db: Db, gates: ReadonlyMap<string, GateOutcome>, now: Date): Promise<void> {
  const existing = new Map(
    (await db.readinessGate.findMany({ where: { serviceId: { in: [...gates.keys()] } }, select: { serviceId: true, status: true, changedAt: true } })).map((g) => [g.serviceId, g]),
  );
  for (const [serviceId, gate] of gates) {
    const before = existing.get(serviceId);
    const data = {
      status: gate.status,
      score: gate.score,
      workloads: gate.workloads,
      failedDangers: gate.failedDangers,
      reasons: json(gate.reasons.slice(0, 200)),
      evaluatedAt: now,
      changedAt: before && before.status === gate.status ? before.changedAt : now,
    };
    await db.readinessGate.upsert({ where: { serviceId }, create: { serviceId, ...data }, update: data });
  }
}

export async function listGates(db: Db) {
  const services = await db.service.findMany({
    select: { id: true, slug: true, name: true, team: { select: { name: true } }, readinessGate: true },
    orderBy: { name: 'asc' },
  });
  return services;
}

export async function findGate(db: Db, serviceId: string) {
  return db.readinessGate.findUnique({ where: { serviceId } });
}

// ---------------------------------------------------------------- snapshots

/** Replaces one day's snapshot rows (unnest insert: 30k rows per day for a 150k-pod cluster). */
export async function replaceSnapshots(db: Db, day: Date, records: readonly SnapshotRecord[]): Promise<void> {
  const dayText = day.toISOString().slice(0, 10);
  await db.$executeRawUnsafe('DELETE FROM "ReadinessSnapshot" WHERE day = $1::date', dayText);
  for (let i = 0; i < records.length; i += INSERT_BATCH) {
    const r = records.slice(i, i + INSERT_BATCH);
    await db.$executeRawUnsafe(
      `INSERT INTO "ReadinessSnapshot" (day, scope, key, label, score, passed, exempt, "failedWarnings", "failedDangers", workloads)
       SELECT $1::date, t.scope::"ReadinessSnapshotScope", t.key, t.label, t.score, t.passed, t.exempt, t.fw, t.fd, t.workloads
         FROM unnest($2::text[], $3::text[], $4::text[], $5::int[], $6::int[], $7::int[], $8::int[], $9::int[], $10::int[])
           AS t(scope, key, label, score, passed, exempt, fw, fd, workloads)`,
      dayText,
      r.map((x) => x.scope),
      r.map((x) => x.key),
      r.map((x) => x.label),
      r.map((x) => x.score),
      r.map((x) => x.passed),
      r.map((x) => x.exempt),
      r.map((x) => x.failedWarnings),
      r.map((x) => x.failedDangers),
      r.map((x) => x.workloads),
    );
  }
}

export async function snapshotSeries(db: Db, scope: SnapshotRecord['scope'], key: string, since: Date) {
  return db.readinessSnapshot.findMany({
    where: { scope, key, day: { gte: since } },
    select: { day: true, score: true, failedDangers: true },
    orderBy: { day: 'asc' },
  });
}

/**
 * When each cluster's inventory last changed, for the kinds readiness reads (Pods
 * excluded: their churn never changes a workload's checks): the latest list or
 * watch event of its collectors (ClusterSyncStatus, one row per cluster and kind).
 */
export async function lastInventoryChanges(db: Db, kinds: readonly string[]): Promise<Map<string, Date>> {
  const rows = await db.$queryRawUnsafe<Array<{ clusterId: string; at: Date | null }>>(
    `SELECT "clusterId", max(greatest("lastEventAt", "lastListAt")) AS at FROM "ClusterSyncStatus" WHERE kind = ANY($1::text[]) GROUP BY "clusterId"`,
    [...kinds],
  );
  return new Map(rows.filter((r) => r.at).map((r) => [r.clusterId, new Date(r.at!)]));
}
