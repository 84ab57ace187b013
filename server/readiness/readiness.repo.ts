import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { ExemptionScope, GateOutcome, LiveRow, ResultRecord, SnapshotRecord, SnapshotRow } from './live.compute';
import { LIVE_KINDS } from './live.compute';
import { WORKLOAD_KINDS } from './inventory.compute';
import type { ExemptionStatus } from './live.schema';

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

export interface StoredResult extends ResultRecord {
  teamId: string | null;
  serviceId: string | null;
}

const INSERT_BATCH = 2_000;

/** Replaces a cluster's results in one go (called inside a transaction, so readers never see half). */
export async function replaceResults(db: Db, clusterId: string, results: readonly StoredResult[], evaluatedAt: Date): Promise<void> {
  await db.readinessResult.deleteMany({ where: { clusterId } });
  for (let i = 0; i < results.length; i += INSERT_BATCH) {
    await db.readinessResult.createMany({
      data: results.slice(i, i + INSERT_BATCH).map((r) => ({
        clusterId,
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
        byArea: json(r.byArea),
        failingChecks: r.failingChecks,
        checks: json(r.checks),
        evaluatedAt,
      })),
    });
  }
}

export async function upsertEvaluation(
  db: Db,
  data: { clusterId: string; evaluatedAt: Date; syncedAt: Date | null; durationMs: number; workloads: number; score: number },
): Promise<void> {
  await db.readinessEvaluation.upsert({ where: { clusterId: data.clusterId }, create: data, update: data });
}

const scoredSelect = {
  clusterId: true,
  kind: true,
  namespace: true,
  name: true,
  teamLabel: true,
  teamId: true,
  serviceId: true,
  score: true,
  passed: true,
  exempt: true,
  failedWarnings: true,
  failedDangers: true,
  byArea: true,
  failingChecks: true,
  cluster: { select: { name: true } },
  team: { select: { name: true } },
  service: { select: { name: true } },
} as const;

export async function listScoredResults(
  db: Db,
  filter: { clusterId?: string; serviceIds?: string[]; checkIds?: string[] | null },
) {
  const rows = await db.readinessResult.findMany({
    where: {
      ...(filter.clusterId ? { clusterId: filter.clusterId } : {}),
      ...(filter.serviceIds ? { serviceId: { in: filter.serviceIds } } : {}),
      ...(filter.checkIds ? { failingChecks: { hasSome: filter.checkIds } } : {}),
    },
    select: scoredSelect,
  });
  return rows.map(({ cluster, team, service, ...r }) => ({
    ...r,
    clusterName: cluster.name,
    teamName: team?.name ?? null,
    serviceName: service?.name ?? null,
  }));
}

export async function snapshotRows(db: Db): Promise<SnapshotRow[]> {
  return listScoredResults(db, {});
}

export async function findResult(db: Db, ref: { clusterId: string; kind: string; namespace: string; name: string }) {
  const row = await db.readinessResult.findUnique({
    where: { clusterId_kind_namespace_name: ref },
    include: { cluster: { select: { name: true } }, team: { select: { name: true } }, service: { select: { name: true } } },
  });
  return row;
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

// ---------------------------------------------------------------- snapshots

export async function replaceSnapshots(db: Db, day: Date, records: readonly SnapshotRecord[]): Promise<void> {
  await db.readinessSnapshot.deleteMany({ where: { day } });
  for (let i = 0; i < records.length; i += INSERT_BATCH) {
    await db.readinessSnapshot.createMany({
      data: records.slice(i, i + INSERT_BATCH).map((r) => ({
        day,
        scope: r.scope,
        key: r.key,
        label: r.label,
        score: r.score,
        passed: r.passed,
        exempt: r.exempt,
        failedWarnings: r.failedWarnings,
        failedDangers: r.failedDangers,
        workloads: r.workloads,
      })),
    });
  }
}

export async function snapshotSeries(db: Db, scope: SnapshotRecord['scope'], key: string, since: Date) {
  return db.readinessSnapshot.findMany({
    where: { scope, key, day: { gte: since } },
    select: { day: true, score: true, failedDangers: true },
    orderBy: { day: 'asc' },
  });
}

// ---------------------------------------------------------------- exemptions

const exemptionInclude = { cluster: { select: { name: true } } } as const;
export type ExemptionRow = Prisma.ReadinessExemptionGetPayload<{ include: typeof exemptionInclude }>;

/** Approved, not revoked, not expired at `now`: what the engine applies. */
export async function activeExemptionScopes(db: Db, now: Date): Promise<ExemptionScope[]> {
  return db.readinessExemption.findMany({
    where: { status: 'approved', revokedAt: null, expiresAt: { gt: now } },
    select: { clusterId: true, namespace: true, kind: true, name: true, checkId: true, expiresAt: true },
  });
}

export async function insertExemption(
  db: Db,
  data: {
    clusterId: string | null;
    namespace: string | null;
    kind: string | null;
    name: string | null;
    checkId: string;
    reason: string;
    expiresAt: Date;
    requestedById: string | null;
    requestedByLabel: string;
  },
): Promise<ExemptionRow> {
  return db.readinessExemption.create({ data, include: exemptionInclude });
}

export async function findExemption(db: Db, id: string): Promise<ExemptionRow | null> {
  return db.readinessExemption.findUnique({ where: { id }, include: exemptionInclude });
}

export async function updateExemption(
  db: Db,
  id: string,
  data: {
    status?: ExemptionStatus;
    approverId?: string | null;
    approverLabel?: string | null;
    decidedAt?: Date;
    approvedAt?: Date;
    decisionNote?: string | null;
    revokedAt?: Date;
    revokedById?: string | null;
    revokedByLabel?: string | null;
  },
): Promise<ExemptionRow> {
  return db.readinessExemption.update({ where: { id }, data, include: exemptionInclude });
}

export async function listExemptions(db: Db, stateFilter: string | undefined, now: Date): Promise<ExemptionRow[]> {
  const state: Prisma.ReadinessExemptionWhereInput =
    stateFilter === 'active'
      ? { status: 'approved', revokedAt: null, expiresAt: { gt: now } }
      : stateFilter === 'expired'
        ? { status: 'approved', revokedAt: null, expiresAt: { lte: now } }
        : stateFilter === 'approved'
          ? { status: 'approved', expiresAt: { gt: now } }
          : stateFilter
            ? { status: stateFilter as ExemptionStatus }
            : {};
  return db.readinessExemption.findMany({ where: state, include: exemptionInclude, orderBy: { createdAt: 'desc' }, take: 1_000 });
}

/** Clusters whose latest evaluation still applied an exemption that has expired since. */
export async function clustersWithExpiredExemptions(db: Db, now: Date): Promise<string[]> {
  const evaluations = await db.readinessEvaluation.findMany({ select: { clusterId: true, evaluatedAt: true } });
  const out: string[] = [];
  for (const e of evaluations) {
    const expired = await db.readinessExemption.count({
      where: { status: 'approved', revokedAt: null, expiresAt: { gt: e.evaluatedAt, lte: now }, OR: [{ clusterId: e.clusterId }, { clusterId: null }] },
    });
    if (expired > 0) out.push(e.clusterId);
  }
  return out;
}

/** Clusters an exemption can touch: its own, or all when it has none. */
export async function clusterIdsFor(db: Db, clusterId: string | null): Promise<string[]> {
  if (clusterId) return [clusterId];
  return (await db.cluster.findMany({ where: { disabled: false }, select: { id: true } })).map((c) => c.id);
}
