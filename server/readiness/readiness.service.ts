import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { exportKyvernoPolicies } from './kyverno.compute';
import { checkIdsFor, checkInfo, severityById } from './check-filter.compute';
import { exemptionCovers, expandExemptions } from './exemption-scopes.compute';
import { DEFAULT_GATE_CONFIG, type GateConfig, type GateOutcome, launchGate } from './launch-gate.compute';
import { LIVE_KINDS, rowsToItems, serviceKeys } from './live-rows.compute';
import { aggregate, byArea, decodeAreas, encodeAreas, total } from './scorecard.compute';
import { snapshotDay, snapshotRecords, teamDisplayName, teamKeyOf } from './snapshot.compute';
import { decodeChecks, digestOf, toResultRecord } from './stored-results.compute';
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
import { refKey } from './exemptions.compute';
import { activeChecks, evaluateReadiness } from './readiness.compute';
import * as exemptionRepo from './exemption.repo';
import * as repo from './readiness.repo';
import { DEFAULT_CONFIG, type ReadinessConfig } from './readiness.schema';

// Live readiness (docs/readiness.md, "Live evaluation"): the pure engine over each
// cluster's inventory, stored per workload; scorecards, daily snapshots, launch
// gates; the exemption workflow is exemption.service.ts.

/** The engine config used for live clusters (the CLI's --config equivalent; defaults for now). */
const LIVE_CONFIG: ReadinessConfig = DEFAULT_CONFIG;
const GATE_CONFIG: GateConfig = DEFAULT_GATE_CONFIG;

/** A cluster is re-evaluated at least this often even when no collector reported a change (a safety net). */
const REEVALUATE_AFTER_MS = 15 * 60_000;
const DAY_MS = 24 * 3600_000;

// ---------------------------------------------------------------- evaluation

export interface EvaluationSummary {
  clusterId: string;
  workloads: number;
  /** Results whose figures changed and were written (the rest were already stored). */
  written: number;
  score: number;
  durationMs: number;
  loadMs: number;
  evaluateMs: number;
  storeMs: number;
}

/** Evaluates one cluster's stored inventory and replaces its results. No authorization: jobs and services call it. */
export async function runEvaluation(clusterId: string, now: Date = new Date()): Promise<EvaluationSummary> {
  const started = performance.now();
  const client = db();
  const cluster = await repo.findClusterByIdOrName(client, clusterId);
  if (!cluster) throw new DomainError('NOT_FOUND', 'Cluster not found');
  const [rows, scopes, teams, services, sloServices] = await Promise.all([
    repo.loadLiveRows(client, cluster.id),
    exemptionRepo.activeExemptionScopes(client, now),
    repo.teamsBySlug(client),
    repo.servicesBySlug(client),
    repo.knownSloServices(client),
  ]);
  const loaded = performance.now();
  const items = rowsToItems(rows);
  const objects = items.map(({ object }) => ({ kind: object.kind, namespace: object.metadata?.namespace ?? null, name: object.metadata?.name ?? '' }));
  const report = evaluateReadiness(items, {
    now,
    config: LIVE_CONFIG,
    exemptions: expandExemptions(scopes, cluster.id, objects, now),
    knownSlos: sloServices.map((service) => ({ service })),
  });
  const keys = serviceKeys(items);
  const results = report.objects.map((object) => {
    const record = toResultRecord(object, keys.get(refKey(object)) ?? null);
    const service = record.serviceKey ? services.get(record.serviceKey) : undefined;
    const team = record.teamLabel ? teams.get(record.teamLabel) : undefined;
    const result = { ...record, serviceId: service?.id ?? null, teamId: team?.id ?? service?.teamId ?? null };
    const byAreaJson = JSON.stringify(encodeAreas(result.byArea));
    const checksJson = JSON.stringify(result.checks);
    const digest = digestOf(`${result.teamLabel}|${result.teamId}|${result.serviceKey}|${result.serviceId}|${result.score}|${byAreaJson}|${checksJson}`);
    return { result, byAreaJson, checksJson, digest };
  });
  const evaluated = performance.now();
  let written = 0;
  await inTransaction(async (tx) => {
    written = (await repo.syncResults(tx, cluster.id, results, now)).written;
    await repo.upsertEvaluation(tx, {
      clusterId: cluster.id,
      evaluatedAt: now,
      syncedAt: cluster.lastSyncedAt,
      durationMs: Math.round(performance.now() - started),
      workloads: results.length,
      score: report.score,
    });
  });
  const stored = performance.now();
  return {
    clusterId: cluster.id,
    workloads: results.length,
    written,
    score: report.score,
    durationMs: Math.round(stored - started),
    loadMs: Math.round(loaded - started),
    evaluateMs: Math.round(evaluated - loaded),
    storeMs: Math.round(stored - evaluated),
  };
}

/** Recomputes every catalog service's launch gate from the stored results. */
export async function recomputeGates(now: Date = new Date()): Promise<Map<string, GateOutcome>> {
  const client = db();
  const [rows, serviceIds] = await Promise.all([repo.listScoredResults(client, {}), repo.allServiceIds(client)]);
  const severities = severityById(LIVE_CONFIG);
  const byService = new Map<string, typeof rows>(serviceIds.map((id) => [id, []]));
  for (const row of rows) if (row.serviceId) byService.get(row.serviceId)?.push(row);
  const gates = new Map<string, GateOutcome>();
  for (const [serviceId, serviceRows] of byService) gates.set(serviceId, launchGate(serviceRows, GATE_CONFIG, severities));
  await inTransaction((tx) => repo.writeGates(tx, gates, now));
  return gates;
}

/**
 * The "readiness.evaluate" job: every enabled, synced cluster whose inventory
 * changed since its last evaluation (a list or watch event of a kind readiness
 * reads, Pods aside), that had an applied exemption expire since then, or that was
 * last evaluated 15 minutes ago or more; then the launch gates. `clusterId` forces one.
 */
export async function evaluateDue(now: Date = new Date(), options: { clusterId?: string; log?: (line: string) => void } = {}): Promise<EvaluationSummary[]> {
  const client = db();
  const [clusters, expiredList, changes] = await Promise.all([
    repo.listClusters(client),
    exemptionRepo.clustersWithExpiredExemptions(client, now),
    repo.lastInventoryChanges(client, LIVE_KINDS.filter((k) => k !== 'Pod')),
  ]);
  const expired = new Set(expiredList);
  const due = clusters.filter((c) => {
    if (options.clusterId) return c.id === options.clusterId || c.name === options.clusterId;
    if (c.disabled || !c.lastSyncedAt) return false;
    const e = c.readinessEvaluation;
    if (!e) return true;
    const changed = changes.get(c.id);
    if (changed && changed > e.evaluatedAt) return true;
    if (expired.has(c.id)) return true;
    return now.getTime() - e.evaluatedAt.getTime() >= REEVALUATE_AFTER_MS;
  });
  const out: EvaluationSummary[] = [];
  for (const cluster of due) {
    const summary = await runEvaluation(cluster.id, now);
    options.log?.(`${cluster.name}: ${summary.workloads} objects, score ${summary.score}, ${summary.durationMs} ms`);
    out.push(summary);
  }
  if (due.length > 0 || options.clusterId) await recomputeGates(now);
  return out;
}

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

export async function getOverview(ctx: RequestContext, input: OverviewInput = {}, now: Date = new Date()): Promise<OverviewDto> {
  authorize(ctx, 'app.read', 'You may not view readiness');
  const filter = overviewInputSchema.parse(input);
  const client = db();
  const checkIds = checkIdsFor(filter, LIVE_CONFIG);
  const [rows, clusters, gateRows] = await Promise.all([
    repo.listScoredResults(client, { clusterId: filter.clusterId, checkIds }),
    repo.listClusters(client),
    repo.listGates(client),
  ]);
  const card = total(rows);
  const clusterNames = new Map(clusters.map((c) => [c.id, c.name]));
  const teamLabels = new Map(rows.map((r) => [teamKeyOf(r) ?? '', teamDisplayName(r) ?? '(none)']));
  const since = new Date(snapshotDay(now).getTime() - (filter.days - 1) * DAY_MS);
  const unfiltered = !filter.clusterId && !checkIds;
  const series = unfiltered
    ? await repo.snapshotSeries(client, 'overall', 'all', since)
    : filter.clusterId && !checkIds
      ? await repo.snapshotSeries(client, 'cluster', filter.clusterId, since)
      : [];
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
    total: { key: 'all', label: 'All workloads', ...card },
    byArea: byArea(rows),
    byCluster: scorecards(aggregate(rows, (r) => r.clusterId), (k) => clusterNames.get(k) ?? k),
    byTeam: scorecards(aggregate(rows, (r) => teamKeyOf(r) ?? ''), (k) => teamLabels.get(k) || '(no team)'),
    byNamespace: scorecards(aggregate(rows, (r) => `${r.clusterName}/${r.namespace}`), (k) => k).slice(0, 50),
    offenders,
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
    trend: unfiltered || (filter.clusterId && !checkIds) ? withLivePoint(series, rows.length ? card : null, now) : [],
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
