import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { freshMemo } from '../lib/fresh-memo';
import { exportKyvernoPolicies } from './kyverno.compute';
import { checkIdsFor, checkInfo, severityById } from './check-filter.compute';
import { exemptionCovers } from './exemption-scopes.compute';
import { aggregate, byArea, decodeAreas, total } from './scorecard.compute';
import { snapshotDay, snapshotRecords, teamDisplayName, teamKeyOf } from './snapshot.compute';
import { checkPassRates, decodeChecks, type PassRate } from './stored-results.compute';
import {
  evaluateInputSchema,
  type ExemptionDto,
  kyvernoInputSchema,
  type OverviewDto,
  type OverviewInput,
  overviewInputSchema,
  type ScorecardDto,
  type ServiceReadinessDto,
  type TrendPoint,
  type WorkloadDetailDto,
  type WorkloadRefInput,
  workloadRefSchema,
} from './readiness-api.schema';
import { activeChecks } from './readiness.compute';
import * as exemptionRepo from './exemption.repo';
import * as repo from './readiness.repo';
import { evaluateDue, GATE_CONFIG, LIVE_CONFIG } from './evaluation.service';

// Live readiness (docs/readiness.md, "Live evaluation"): the pure engine over each
// cluster's inventory, stored per workload; scorecards, daily snapshots, launch
// gates; the exemption workflow is exemption.service.ts.

const DAY_MS = 24 * 3600_000;

/** The "readiness.snapshot" job: today's (UTC) scorecards for every scope, replacing an earlier run of the same day. */
export async function takeSnapshot(now: Date = new Date()): Promise<number> {
  const day = snapshotDay(now);
  const records = snapshotRecords(await repo.snapshotRows(db()));
  await inTransaction((tx) => repo.replaceSnapshots(tx, day, records));
  return records.length;
}

/** "Evaluate now" from the UI or CLI. */
export async function evaluateClusterNow(ctx: RequestContext, input: { clusterId: string }, now: Date = new Date()) {
  authorize(ctx, 'cluster.manage', 'Only engineers, incident commanders and admins can start an evaluation');
  const { clusterId } = evaluateInputSchema.parse(input);
  const [summary] = await evaluateDue(now, { clusterId });
  if (!summary) throw new DomainError('NOT_FOUND', 'Cluster not found');
  return summary;
}

// ---------------------------------------------------------------- reading

function scorecards(cards: Map<string, ReturnType<typeof total>>, labelOf: (key: string) => string): ScorecardDto[] {
  return [...cards].map(([key, card]) => ({ key, label: labelOf(key), ...card })).sort((a, b) => a.score - b.score || a.label.localeCompare(b.label));
}

function dayString(day: Date): string {
  return day.toISOString().slice(0, 10);
}

/** Snapshot history plus today's live figure when today has no snapshot yet (a new install shows a point at once). */
function withLivePoint(series: Array<{ day: Date; score: number; failedDangers: number }>, live: { score: number; failedDangers: number } | null, now: Date): TrendPoint[] {
  const points: TrendPoint[] = series.map((s) => ({ day: dayString(s.day), score: s.score, failedDangers: s.failedDangers }));
  const today = dayString(snapshotDay(now));
  if (live && points[points.length - 1]?.day !== today) points.push({ day: today, score: live.score, failedDangers: live.failedDangers, live: true });
  return points;
}

/** Changes whenever a cluster's results are evaluated (see resultsVersion). */
export const readinessVersion = () => repo.resultsVersion(db());

/** Per check, team and overall, the share of the objects the check applies to that pass it (the maturity assessment's replica and PDB markers). */
export async function checkPassRate<Id extends string>(ctx: RequestContext, checkIds: readonly Id[]): Promise<Record<Id, { byTeam: Map<string, PassRate>; org: PassRate }>> {
  authorize(ctx, 'app.read', 'You may not view readiness');
  const active = new Map<string, { kinds: readonly string[] }>(activeChecks(LIVE_CONFIG).map(({ check }) => [check.id, check]));
  const kinds = new Set<string>();
  for (const id of checkIds) {
    const check = active.get(id);
    if (!check) throw new DomainError('NOT_FOUND', `No active check "${id}"`);
    for (const kind of check.kinds) kinds.add(kind);
  }
  const rows = await repo.encodedChecksOfKinds(db(), [...kinds]);
  return Object.fromEntries(checkIds.map((id) => [id, checkPassRates(rows, id)])) as Record<Id, { byTeam: Map<string, PassRate>; org: PassRate }>;
}

type ResultFigures = Pick<OverviewDto, 'total' | 'byArea' | 'byCluster' | 'byTeam' | 'byNamespace' | 'offenders'>;

// The scorecards over every stored result (87,500 rows for a 150k-pod cluster:
// ~0.55 s per read) change only when a cluster is evaluated: they are computed
// once per results version and filter, and read from this memo until then
// (names of a renamed team or cluster follow within freshMs).
const resultFiguresMemo = freshMemo<ResultFigures>({ freshMs: 30_000, staleMs: 5 * 60_000, max: 50 });

async function resultFigures(filter: { clusterId?: string; checkIds: string[] | null }): Promise<ResultFigures> {
  const rows = await repo.listScoredResults(db(), { clusterId: filter.clusterId, checkIds: filter.checkIds });
  const teamLabels = new Map(rows.map((r) => [teamKeyOf(r) ?? '', teamDisplayName(r) ?? '(none)']));
  const clusterNames = new Map(rows.map((r) => [r.clusterId, r.clusterName]));
  const offenders = [...rows]
    .sort((a, b) => b.failedDangers - a.failedDangers || a.score - b.score || a.name.localeCompare(b.name))
    .filter((r) => r.failedDangers + r.failedWarnings > 0)
    .slice(0, 25)
    .map((r) => ({
      clusterName: r.clusterName,
      kind: r.kind,
      namespace: r.namespace,
      name: r.name,
      score: r.score,
      failedDangers: r.failedDangers,
      failedWarnings: r.failedWarnings,
      teamLabel: teamDisplayName(r),
      failingChecks: r.failingChecks,
    }));
  return {
    total: { key: 'all', label: 'All workloads', ...total(rows) },
    byArea: byArea(rows),
    byCluster: scorecards(aggregate(rows, (r) => r.clusterId), (k) => clusterNames.get(k) ?? k),
    byTeam: scorecards(aggregate(rows, (r) => teamKeyOf(r) ?? ''), (k) => teamLabels.get(k) || '(no team)'),
    byNamespace: scorecards(aggregate(rows, (r) => `${r.clusterName}/${r.namespace}`), (k) => k).slice(0, 50),
    offenders,
  };
}

export async function getOverview(ctx: RequestContext, input: OverviewInput = {}, now: Date = new Date()): Promise<OverviewDto> {
  authorize(ctx, 'app.read', 'You may not view readiness');
  const filter = overviewInputSchema.parse(input);
  const client = db();
  const checkIds = checkIdsFor(filter, LIVE_CONFIG);
  const figuresKey = JSON.stringify([filter.clusterId ?? null, checkIds]);
  const [figures, clusters, gateRows] = await Promise.all([
    resultFiguresMemo.asOf(figuresKey, now.getTime(), readinessVersion, () => resultFigures({ clusterId: filter.clusterId, checkIds })),
    repo.listClusters(client),
    repo.listGates(client),
  ]);
  const card = figures.total;
  const since = new Date(snapshotDay(now).getTime() - (filter.days - 1) * DAY_MS);
  const unfiltered = !filter.clusterId && !checkIds;
  const series = unfiltered
    ? await repo.snapshotSeries(client, 'overall', 'all', since)
    : filter.clusterId && !checkIds
      ? await repo.snapshotSeries(client, 'cluster', filter.clusterId, since)
      : [];
  return {
    ...figures,
    gates: gateRows.map((s) => ({
      serviceId: s.id,
      serviceSlug: s.slug,
      serviceName: s.name,
      teamName: s.team.name,
      status: s.readinessGate?.status ?? 'unknown',
      score: s.readinessGate?.score ?? 100,
      workloads: s.readinessGate?.workloads ?? 0,
      failedDangers: s.readinessGate?.failedDangers ?? 0,
      reasons: (s.readinessGate?.reasons ?? []) as OverviewDto['gates'][number]['reasons'],
      evaluatedAt: s.readinessGate?.evaluatedAt ?? null,
    })),
    trend: unfiltered || (filter.clusterId && !checkIds) ? withLivePoint(series, card.workloads ? card : null, now) : [],
    clusters: clusters.map((c) => ({
      clusterId: c.id,
      clusterName: c.name,
      evaluatedAt: c.readinessEvaluation?.evaluatedAt ?? null,
      lastSyncedAt: c.lastSyncedAt,
      workloads: c.readinessEvaluation?.workloads ?? 0,
    })),
    requiredAreas: GATE_CONFIG.requiredAreas,
  };
}

/** The service page's readiness card: gate and workloads of one catalog service. */
export async function serviceReadiness(ctx: RequestContext, serviceId: string): Promise<ServiceReadinessDto> {
  authorize(ctx, 'app.read', 'You may not view readiness');
  const client = db();
  const [rows, gate] = await Promise.all([repo.listScoredResults(client, { serviceId }), repo.findGate(client, serviceId)]);
  const workloads = [...rows]
    .sort((a, b) => b.failedDangers - a.failedDangers || a.score - b.score || a.clusterName.localeCompare(b.clusterName) || a.name.localeCompare(b.name))
    .map((r) => ({ clusterId: r.clusterId, clusterName: r.clusterName, kind: r.kind, namespace: r.namespace, name: r.name, score: r.score, failedDangers: r.failedDangers, failedWarnings: r.failedWarnings }));
  return {
    gate: {
      status: gate?.status ?? 'unknown',
      score: gate?.score ?? 100,
      workloads: gate?.workloads ?? 0,
      failedDangers: gate?.failedDangers ?? 0,
      reasons: (gate?.reasons ?? []) as ServiceReadinessDto['gate']['reasons'],
      evaluatedAt: gate?.evaluatedAt ?? null,
    },
    score: rows.length ? total(rows).score : null,
    workloads,
  };
}

export async function getWorkload(ctx: RequestContext, input: WorkloadRefInput, now: Date = new Date()): Promise<WorkloadDetailDto> {
  authorize(ctx, 'app.read', 'You may not view readiness');
  const ref = workloadRefSchema.parse(input);
  const client = db();
  const cluster = await repo.findClusterByIdOrName(client, ref.cluster);
  if (!cluster) throw new DomainError('NOT_FOUND', `No cluster "${ref.cluster}"`);
  const row = await repo.findResult(client, { clusterId: cluster.id, kind: ref.kind, namespace: ref.namespace, name: ref.name });
  if (!row) throw new DomainError('NOT_FOUND', `No readiness result for ${ref.kind} ${ref.namespace}/${ref.name}`);
  const checks = decodeChecks(row.checks, severityById(LIVE_CONFIG)).map((c) => {
    const info = checkInfo(c.id);
    return {
      id: c.id,
      area: c.area,
      severity: c.severity,
      status: c.status,
      title: info?.title ?? c.id,
      message: c.message ?? (c.status === 'exempt' ? 'Exempted' : (info?.passMessage ?? '')),
      fix: info?.fix ?? '',
    };
  });
  const since = new Date(snapshotDay(now).getTime() - 89 * DAY_MS);
  const series = await repo.snapshotSeries(client, 'workload', `${cluster.id}/${row.kind}/${row.namespace}/${row.name}`, since);
  const exemptions = (await exemptionRepo.listExemptions(client, undefined, now))
    .filter((e) => exemptionCovers(e, cluster.id, { kind: row.kind, namespace: row.namespace, name: row.name }))
    .map((e) => toExemptionDto(e, now));
  const counts = { passed: row.passed, exempt: row.exempt, failedWarnings: row.failedWarnings, failedDangers: row.failedDangers, score: row.score };
  return {
    clusterId: cluster.id,
    clusterName: cluster.name,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    teamLabel: row.teamLabel,
    teamName: row.team?.name ?? null,
    serviceKey: row.serviceKey,
    serviceId: row.serviceId,
    serviceName: row.service?.name ?? null,
    score: row.score,
    counts,
    byArea: decodeAreas(row.byArea),
    checks,
    evaluatedAt: row.cluster.readinessEvaluation?.evaluatedAt ?? row.evaluatedAt,
    history: withLivePoint(series, counts, now),
    exemptions,
  };
}

export function kyvernoExport(ctx: RequestContext, input: { action?: 'Audit' | 'Enforce' } = {}): string {
  authorize(ctx, 'app.read', 'You may not export policies');
  const { action } = kyvernoInputSchema.parse(input);
  return exportKyvernoPolicies(activeChecks(LIVE_CONFIG), { action, config: LIVE_CONFIG });
}

// ---------------------------------------------------------------- exemptions (the workflow: exemption.service.ts)

export function toExemptionDto(row: exemptionRepo.ExemptionRow, now: Date): ExemptionDto {
  const state =
    row.status === 'approved' && row.revokedAt === null && row.expiresAt.getTime() <= now.getTime() ? 'expired' : row.status;
  return {
    id: row.id,
    clusterId: row.clusterId,
    clusterName: row.cluster?.name ?? null,
    namespace: row.namespace,
    kind: row.kind,
    name: row.name,
    checkId: row.checkId,
    reason: row.reason,
    status: row.status,
    state,
    expiresAt: row.expiresAt,
    requestedById: row.requestedById,
    requestedByLabel: row.requestedByLabel,
    approverLabel: row.approverLabel,
    decidedAt: row.decidedAt,
    approvedAt: row.approvedAt,
    decisionNote: row.decisionNote,
    revokedAt: row.revokedAt,
    revokedByLabel: row.revokedByLabel,
    createdAt: row.createdAt,
  };
}
