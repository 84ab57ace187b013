import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { DomainError } from '../errors';
import { burnRateThresholds } from './burn-rate.compute';
import { HOUR_MS } from '../lib/duration';
import * as repo from './slo.repo';
import { sloFilterSchema, sloIdSchema, type BackfillDto, type BudgetPolicyDto, type SloDetail, type SloFilter, type SloListItem } from './slo-api.schema';
import { policyFor } from './slo-policy.compute';
import type { BudgetSummary } from './slo-summary.compute';
import { describeWindow, rulesPeriodDays } from './slo-windows.compute';
import { errorBudgetRatio } from './slo.schema';
import { BUCKET_MS, fullReport } from './slo-recompute.service';
import { evaluationInstant } from './slo-state.compute';
import { figuresFor, type StateFigures } from './slo-state.service';

// What the SLO pages and APIs read: the list (SLO list, overview, team and
// service pages, reports), one SLO's detail, a service's budget policy. The
// list and the policy read the precomputed state (slo-state.service.ts); the
// detail page draws the window's timeline and day table from the buckets.

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view SLOs');

export function backfillDto(row: repo.SloRow): BackfillDto {
  const s = row.sampler;
  const total = s?.backfillTotal ?? 0;
  const done = s?.backfillDone ?? 0;
  return {
    status: s?.status ?? 'idle',
    done,
    total,
    percent: total > 0 ? Math.min(100, Math.round((done / total) * 100)) : s?.status === 'ok' ? 100 : 0,
    lastBucket: s?.lastBucket ?? null,
    lastError: s?.lastError ?? null,
    lastErrorAt: s?.lastErrorAt ?? null,
  };
}

function listItem(row: repo.SloRow, { summary, evaluatedAt, stale }: Pick<StateFigures, 'evaluatedAt' | 'stale'> & { summary: BudgetSummary }): SloListItem {
  const noData = summary.dataState === 'no-data';
  return {
    id: row.id,
    serviceId: row.serviceId,
    serviceSlug: row.serviceSlug,
    serviceName: row.serviceName,
    teamId: row.teamId,
    teamName: row.teamName,
    name: row.name,
    description: row.description,
    objective: row.objective,
    windowLabel: describeWindow(row.definition.window),
    source: row.source,
    dataState: summary.dataState,
    sli: summary.sli,
    remainingPercent: summary.budget.remainingPercent,
    remainingMinutes: summary.budget.remainingMinutes,
    totalMinutes: summary.budget.totalMinutes,
    burnRate1h: summary.burnRates.find((b) => b.window === '1h')?.burnRate ?? null,
    band: noData ? 'no-data' : summary.policy.band,
    evaluatedAt: new Date(evaluatedAt).toISOString(),
    stale,
    backfill: backfillDto(row),
  };
}

export async function listSlos(ctx: RequestContext, filter: SloFilter = {}, now = Date.now()): Promise<SloListItem[]> {
  authorizeRead(ctx);
  const f = sloFilterSchema.parse(filter);
  const rows = await repo.listSlos(db(), { teamId: f.teamId, serviceId: f.serviceId });
  const figures = await figuresFor(rows, now);
  const items = rows.map((row) => listItem(row, figures.get(row.id)!));
  return f.band ? items.filter((i) => i.band === f.band) : items;
}

function hourlySeries(stored: repo.StoredBucket[], from: number, to: number, budgetRatio: number): SloDetail['series'] {
  const hours = new Map<number, { bad: number; total: number }>();
  for (const b of stored) {
    if (b.missing || b.start < from || b.start >= to) continue;
    const h = Math.floor(b.start / HOUR_MS) * HOUR_MS;
    const e = hours.get(h) ?? { bad: 0, total: 0 };
    e.bad += b.bad;
    e.total += b.total;
    hours.set(h, e);
  }
  const out: SloDetail['series'] = [];
  for (let h = Math.floor(from / HOUR_MS) * HOUR_MS; h < to; h += HOUR_MS) {
    const e = hours.get(h);
    const ratio = e && e.total > 0 ? e.bad / e.total : null;
    out.push({ t: h + HOUR_MS, sli: ratio === null ? null : 1 - ratio, burn1h: ratio === null ? null : ratio / budgetRatio });
  }
  return out;
}

export async function getSlo(ctx: RequestContext, input: { id: string }, now = Date.now()): Promise<SloDetail> {
  authorizeRead(ctx);
  const { id } = sloIdSchema.parse(input);
  const row = await repo.findSlo(db(), id);
  if (!row) throw new DomainError('NOT_FOUND', 'SLO not found');
  const at = evaluationInstant(now, BUCKET_MS);
  const { report, stored } = await fullReport(db(), row, at);
  const item = listItem(row, { summary: { ...report, events: { bad: report.events.bad, total: report.events.total } }, evaluatedAt: at, stale: false });
  // One point per hour is plenty for a 30-day chart (the timeline only goes down).
  const step = Math.max(1, Math.round(HOUR_MS / BUCKET_MS));
  const timeline = report.timeline.filter((_, i) => i % step === 0 || i === report.timeline.length - 1).map((p) => ({ t: p.t, remainingPercent: p.remainingPercent, missing: p.missing }));
  return {
    ...item,
    slo: row.definition,
    dataSourceId: row.dataSourceId,
    dataSourceName: row.dataSourceName,
    sourceRef: row.sourceRef,
    bucketMs: BUCKET_MS,
    report: { ...report, timeline },
    series: hourlySeries(stored, report.window.start, Math.min(at, report.window.end), errorBudgetRatio(row.objective)),
    thresholds: burnRateThresholds(rulesPeriodDays(row.definition.window)),
  };
}

// ---------------------------------------------------------------------------
// Budget policy for the change gate and triage

export async function budgetPolicy(ctx: RequestContext, serviceId: string, now = Date.now()): Promise<BudgetPolicyDto> {
  authorizeRead(ctx);
  const service = await repo.findServiceById(db(), serviceId);
  if (!service) throw new DomainError('NOT_FOUND', 'Service not found');
  const rows = await repo.listSlos(db(), { serviceId });
  const figures = await figuresFor(rows, now);
  const slos = rows
    .map((row) => {
      const { summary, evaluatedAt, stale } = figures.get(row.id)!;
      return {
        id: row.id,
        name: row.name,
        objective: row.objective,
        window: describeWindow(row.definition.window),
        dataState: summary.dataState,
        sli: summary.sli,
        band: summary.dataState === 'no-data' ? ('no-data' as const) : summary.policy.band,
        budget: {
          totalMinutes: summary.budget.totalMinutes,
          consumedMinutes: summary.budget.consumedMinutes,
          remainingMinutes: summary.budget.remainingMinutes,
          remainingPercent: summary.budget.remainingPercent,
        },
        burnRates: summary.burnRates.map((b) => ({ window: b.window, burnRate: b.burnRate, status: b.status })),
        evaluatedAt: new Date(evaluatedAt).toISOString(),
        stale,
      };
    })
    // Worst first: no-data last, then by remaining budget.
    .sort((a, b) => (a.dataState === b.dataState ? a.budget.remainingPercent - b.budget.remainingPercent : a.dataState === 'no-data' ? 1 : -1));
  const worst = slos.find((s) => s.dataState === 'ok');
  const oldest = slos.map((s) => s.evaluatedAt).sort()[0];
  return {
    service,
    band: worst ? worst.band : 'no-data',
    policy: worst ? policyFor(worst.budget.remainingPercent) : null,
    evaluatedAt: oldest ?? new Date(evaluationInstant(now, BUCKET_MS)).toISOString(),
    slos,
  };
}
