import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { DomainError } from '../errors';
import { burnRateThresholds } from './burn-rate.compute';
import { HOUR_MS } from '../lib/duration';
import * as repo from './slo.repo';
import { sloFilterSchema, sloIdSchema, sloPageInputSchema, type BackfillDto, type BudgetPolicyDto, type SloDetail, type SloFilter, type SloListItem, type SloOverview, type SloPage, type SloPageInput } from './slo-api.schema';
import { policyFor } from './slo-policy.compute';
import type { BudgetSummary } from './slo-summary.compute';
import { describeWindow, rulesPeriodDays } from './slo-windows.compute';
import { errorBudgetRatio } from './slo.schema';
import { BUCKET_MS, fullReport } from './slo-recompute.service';
import { evaluationInstant } from './slo-state.compute';
import { figuresFor, type StateFigures } from './slo-state.service';
import { pageOfSlos, sloOverviewOf, sortSlos } from './slo-list.compute';
import { freshMemo } from '../lib/fresh-memo';
import { onFactChange } from '../lib/fact-changes';
import { factGeneration } from '../database/notifications';

const OVERVIEW_WORST = 5;

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

// The SLO lists of now, per team/service filter, shared by every viewer: the
// overview, the SLO list and team pages ask for them far more often than the
// figures change (a bucket every 5 minutes). A write through the slo domain in
// this process announces 'slos' and drops them at once. Another process's
// writes (the worker's sampler, another web replica) arrive as a database
// notice (server/database/notifications.ts) and move the lists' generation,
// at most once a second however many notices a backfill storm sends; a list
// is recomputed at each bucket boundary anyway, and kept no longer than
// LIST_FRESH_MS should the notices stop (connection lost, not listening).
const LIST_FRESH_MS = 60_000;
const listMemo = freshMemo<SloListItem[]>({ freshMs: LIST_FRESH_MS, staleMs: 2 * LIST_FRESH_MS, max: 64 });
const remoteGeneration = factGeneration(['slos']);
onFactChange((topic) => {
  if (topic === 'slos') listMemo.clear();
});
// Sorted views of a memoized list, dropped with it (keyed by the list's identity).
const sortedViews = new WeakMap<readonly SloListItem[], Map<string, SloListItem[]>>();

async function computeList(filter: { teamId?: string; serviceId?: string }, now: number): Promise<SloListItem[]> {
  const rows = await repo.listSlos(db(), filter);
  const figures = await figuresFor(rows, now);
  return rows.map((row) => listItem(row, figures.get(row.id)!));
}

/** Every SLO matching the team/service filter, in service order (shared: do not mutate). */
async function sloList(filter: { teamId?: string; serviceId?: string }, now: number): Promise<readonly SloListItem[]> {
  // The evaluation instant (`stale` and the figures of SLOs without a stored state depend on it) and other processes' writes.
  const version = async () => `${evaluationInstant(Date.now(), BUCKET_MS)}|${remoteGeneration()}`;
  return listMemo.asOf(JSON.stringify([filter.teamId ?? '', filter.serviceId ?? '']), now, version, (at) => computeList(filter, at));
}

export async function listSlos(ctx: RequestContext, filter: SloFilter = {}, now = Date.now()): Promise<SloListItem[]> {
  authorizeRead(ctx);
  const f = sloFilterSchema.parse(filter);
  const items = await sloList(f, now);
  return f.band ? items.filter((i) => i.band === f.band) : [...items];
}

/** One page of the SLO list, filtered and sorted on the server. */
export async function sloPage(ctx: RequestContext, input: SloPageInput, now = Date.now()): Promise<SloPage> {
  authorizeRead(ctx);
  const f = sloPageInputSchema.parse(input);
  const items = await sloList(f, now);
  const views = sortedViews.get(items) ?? new Map<string, SloListItem[]>();
  sortedViews.set(items, views);
  const viewKey = `${f.band ?? ''}|${f.sort}`;
  let sorted = views.get(viewKey);
  if (!sorted) {
    sorted = sortSlos(f.band ? items.filter((i) => i.band === f.band) : items, f.sort);
    views.set(viewKey, sorted);
  }
  return pageOfSlos(sorted, f.page, f.pageSize);
}

/** The overview's error-budget card: counts per band and the worst SLOs, without sending the list. */
export async function sloOverview(ctx: RequestContext, now = Date.now()): Promise<SloOverview> {
  authorizeRead(ctx);
  return sloOverviewOf(await sloList({}, now), OVERVIEW_WORST);
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
