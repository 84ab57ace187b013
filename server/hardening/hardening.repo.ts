import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';

// kube-bench runs (owned here); reads clusters and the collected Trivy
// VulnerabilityReports (InventoryObject, owned by the collectors).

export async function findCluster(db: Db, idOrName: string) {
  return db.cluster.findFirst({ where: { OR: [{ id: idOrName }, { name: idOrName }] }, select: { id: true, name: true } });
}

export type NewRun = {
  clusterId: string;
  node: string;
  benchmark: string;
  nodeTypes: string[];
  pass: number;
  fail: number;
  warn: number;
  info: number;
  score: number | null;
  findings: Prisma.InputJsonValue;
  source: string;
  uploadedById: string | null;
  uploadedBy: string;
  runAt: Date;
};

export async function insertRun(db: Db, run: NewRun) {
  return db.kubeBenchRun.create({ data: run, select: { id: true } });
}

/** The node's latest run before `runAt` (the baseline a drop is measured against). */
export async function previousRun(db: Db, clusterId: string, node: string, runAt: Date) {
  return db.kubeBenchRun.findFirst({ where: { clusterId, node, runAt: { lt: runAt } }, orderBy: { runAt: 'desc' }, select: { score: true, runAt: true } });
}

/** The latest run of every node, with its findings. */
export async function latestRuns(db: Db) {
  return db.kubeBenchRun.findMany({
    distinct: ['clusterId', 'node'],
    orderBy: [{ clusterId: 'asc' }, { node: 'asc' }, { runAt: 'desc' }],
    include: { cluster: { select: { name: true } } },
  });
}

/** Every run since `since`, without findings (trend and previous scores). */
export async function runsSince(db: Db, since: Date) {
  return db.kubeBenchRun.findMany({ where: { runAt: { gte: since } }, select: { clusterId: true, node: true, runAt: true, pass: true, fail: true, score: true }, orderBy: { runAt: 'asc' } });
}

export async function listClusters(db: Db) {
  return db.cluster.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** Collected Trivy Operator VulnerabilityReports (the collectors keep their summary and critical/high findings), or its ConfigAuditReports (summary and failed checks). */
export async function vulnerabilityReports(db: Db, limit: number, kind: 'VulnerabilityReport' | 'ConfigAuditReport' = 'VulnerabilityReport') {
  return db.inventoryObject.findMany({
    where: { kind },
    select: { namespace: true, name: true, labels: true, data: true, creationTimestamp: true, cluster: { select: { name: true } } },
    take: limit,
  });
}

/** A team by slug (the platform team, when a cluster names no owner). */
export async function teamWithSlug(db: Db, slug: string) {
  return db.team.findUnique({ where: { slug }, select: { slug: true } });
}

/** The team of each cluster's kube-system Namespace (its runwell.io/team label): who a cluster-wide finding goes to. */
export async function clusterOwnerTeams(db: Db) {
  return db.inventoryObject.findMany({ where: { kind: 'Namespace', name: 'kube-system', team: { not: null } }, select: { clusterId: true, team: true } });
}

/** Falco events (alerts Falcosidekick sent through Alertmanager: source="falco") since `since`, per cluster label, rule and priority; `recent` counts those since `recentSince`. */
export async function falcoEvents(db: Db, since: Date, recentSince: Date) {
  return db.$queryRaw<{ cluster: string; rule: string; priority: string; events: number; recent: number; last: Date }[]>`
    SELECT COALESCE(NULLIF(labels->>'cluster', ''), '') AS cluster, COALESCE(labels->>'rule', '') AS rule, COALESCE(labels->>'priority', '') AS priority,
           count(*)::int AS events, (count(*) FILTER (WHERE "startsAt" >= ${recentSince}))::int AS recent, max("startsAt") AS last
    FROM "Alert"
    WHERE labels->>'source' = 'falco' AND "startsAt" >= ${since}
    GROUP BY 1, 2, 3`;
}
