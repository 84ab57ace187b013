import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { ExemptionScope } from './exemption-scopes.compute';
import type { ExemptionStatus } from './readiness-api.schema';

// ReadinessExemption (prisma/schema.prisma "---- readiness ----"): the exemption
// workflow's rows (exemption.service.ts) and the scopes the live engine applies.

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
