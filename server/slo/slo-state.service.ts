import { db, inTransaction } from '../database/tx';
import { announceFactChange } from '../lib/fact-changes';
import * as repo from './slo.repo';
import * as stateRepo from './slo-state.repo';
import * as bucketsRepo from './slo-buckets.repo';
import { BUCKET_MS, evaluate } from './slo-recompute.service';
import type { BudgetSlo } from './slo-budget.compute';
import { advanceNeeds, advanceState, applyBucketChanges, changeNeeds, definitionKey, evaluationInstant } from './slo-state.compute';
import type { BudgetSummary } from './slo-summary.compute';

// The precomputed budget state (docs/slo.md, "Precomputed state"): written by
// the sampler (bucket writes, tick, backfill) through this service, read by
// every page and API that shows budget, burn rates or band.
//
// Reading never writes and never recomputes a state that exists: a state
// older than STALE_AFTER_MS (the sampler is down or failing) is shown as it
// is, flagged `stale`. Without a usable state (a new SLO before its first
// sampler tick, a definition changed since, or figures asked "as of" an
// instant before the state, like monthly reports) the figures are recomputed
// from the buckets for that request (slo-recompute.service.ts); the sampler's
// next tick builds the state (at most MAX_FULL_PER_TICK from scratch per tick,
// so a fresh install with 1,000 SLOs does not stall one tick).

/** Older than three buckets: the sampler missed at least two ticks. */
const STALE_AFTER_MS = 3 * BUCKET_MS;

type StateSlo = Pick<repo.SloRow, 'id' | 'seq' | 'definition'>;

// A full recompute reads the whole window of buckets (8,640 per 30 days):
// few per transaction. An incremental step reads a few buckets per range.
const FULL_CHUNK = 25;
const INCREMENTAL_CHUNK = 1000;
export const MAX_FULL_PER_TICK = 100;

/**
 * Move the states of these SLOs to `target` (a bucket boundary): incrementally
 * from the stored state, or from scratch when it is missing, for another
 * definition, or would be subtracted from more than re-added. A state already
 * at or past `target` is kept. Returns the figures of the states written.
 */
export async function refreshStates(rows: readonly StateSlo[], target: number, opts: { maxFull?: number } = {}): Promise<Map<string, BudgetSummary>> {
  const out = new Map<string, BudgetSummary>();
  if (rows.length === 0) return out;
  const peek = await stateRepo.loadStates(db(), rows.map((r) => r.id));
  const incremental = (r: StateSlo) => {
    const s = peek.get(r.id)?.data;
    return !!s && s.key === definitionKey(r.definition, BUCKET_MS) && s.instant <= target;
  };
  const inc = rows.filter(incremental);
  const full = rows.filter((r) => !incremental(r)).slice(0, opts.maxFull ?? rows.length);
  for (let i = 0; i < inc.length; i += INCREMENTAL_CHUNK) await refreshChunk(inc.slice(i, i + INCREMENTAL_CHUNK), peek, target, out);
  for (let i = 0; i < full.length; i += FULL_CHUNK) await refreshChunk(full.slice(i, i + FULL_CHUNK), peek, target, out);
  if (out.size > 0) announceFactChange('slos');
  return out;
}

/**
 * Read, compute, then write in a short transaction: a full recompute can take
 * seconds, so no lock is held while buckets load. A state that changed in the
 * meantime (its row version moved: late buckets were patched in, or another
 * updater won) is left as the other writer made it; the next tick moves it.
 */
async function refreshChunk(rows: readonly StateSlo[], prev: Map<string, stateRepo.StoredState>, target: number, out: Map<string, BudgetSummary>): Promise<void> {
  const key = (r: StateSlo) => definitionKey(r.definition, BUCKET_MS);
  const todo = rows.filter((r) => {
    const p = prev.get(r.id)?.data;
    return !(p && p.key === key(r) && p.instant >= target);
  });
  const needs = todo.flatMap((r) => advanceNeeds(prev.get(r.id)?.data ?? null, r.definition, target, BUCKET_MS).map((n) => ({ seq: r.seq, ...n })));
  const buckets = await stateRepo.loadBucketRanges(db(), needs);
  const writes = todo.map((r) => {
    const m = buckets.get(r.seq);
    const { state, summary } = advanceState(prev.get(r.id)?.data ?? null, r.definition, target, BUCKET_MS, (s) => m?.get(s));
    return { sloId: r.id, data: state, summary };
  });
  await inTransaction(async (tx) => {
    const now = await stateRepo.lockStates(tx, writes.map((w) => w.sloId));
    const unchanged = writes.filter((w) => now.get(w.sloId) === prev.get(w.sloId)?.version);
    await stateRepo.saveStates(tx, unchanged);
    for (const w of unchanged) out.set(w.sloId, w.summary);
  });
}

/**
 * Store buckets (insert or overwrite) and, in the same transaction, patch the
 * state for those before its instant (late data, backfill re-runs): each one's
 * old contribution is swapped for its new one. Buckets at or after the
 * instant are counted when the state next advances.
 */
export async function writeBuckets(row: StateSlo, buckets: readonly repo.StoredBucket[]): Promise<void> {
  if (buckets.length === 0) return;
  await inTransaction(async (tx) => {
    await stateRepo.lockStates(tx, [row.id]);
    const prev = (await stateRepo.loadStates(tx, [row.id])).get(row.id)?.data;
    const state = prev && prev.key === definitionKey(row.definition, BUCKET_MS) ? prev : null;
    const late = state ? buckets.map((b) => b.start).filter((s) => s < state.instant) : [];
    const range = late.length ? [{ seq: row.seq, from: Math.min(...late), to: Math.max(...late) + BUCKET_MS }] : [];
    const before = (await stateRepo.loadBucketRanges(tx, range)).get(row.seq);
    await repo.upsertBuckets(tx, row.seq, buckets);
    if (!state) return;
    if (late.length === 0) return stateRepo.touchState(tx, row.id); // an updater computing from older buckets must not write
    const needs = changeNeeds(state, row.definition, BUCKET_MS, late).map((n) => ({ seq: row.seq, ...n }));
    const after = (await stateRepo.loadBucketRanges(tx, needs)).get(row.seq);
    const changes = late.map((start) => ({ start, before: before?.get(start) }));
    const next = applyBucketChanges(state, row.definition, BUCKET_MS, changes, (s) => after?.get(s));
    await stateRepo.saveStates(tx, [{ sloId: row.id, data: next.state, summary: next.summary }]);
  });
  announceFactChange('slos');
}

/**
 * writeBuckets for many SLOs at once (the sampler's tick): buckets at or after
 * each state's instant, the usual case, are stored for all of them in one
 * transaction (states touched, so an updater computing from older buckets does
 * not write); SLOs whose new buckets are late for their state take writeBuckets.
 */
export async function writeBucketsMany(items: ReadonlyArray<{ row: StateSlo; buckets: readonly repo.StoredBucket[] }>): Promise<void> {
  const todo = items.filter((i) => i.buckets.length > 0);
  if (todo.length === 0) return;
  const late: typeof todo = [];
  await inTransaction(async (tx) => {
    const ids = todo.map((i) => i.row.id);
    await stateRepo.lockStates(tx, ids);
    const states = await stateRepo.stateInstants(tx, ids);
    const onTime = todo.filter((i) => {
      const st = states.get(i.row.id);
      const isLate = !!st && st.key === definitionKey(i.row.definition, BUCKET_MS) && i.buckets.some((b) => b.start < st.instant);
      if (isLate) late.push(i);
      return !isLate;
    });
    await bucketsRepo.upsertBucketsMany(tx, onTime.map((i) => ({ seq: i.row.seq, buckets: i.buckets })));
    await stateRepo.touchStates(tx, onTime.filter((i) => states.has(i.row.id)).map((i) => i.row.id));
  });
  announceFactChange('slos');
  for (const i of late) await writeBuckets(i.row, i.buckets);
}

export type StateFigures = { summary: BudgetSummary; evaluatedAt: number; stale: boolean };

/** The figures of these SLOs at `now`: the stored states (one statement); see the file comment for the exceptions. */
export async function figuresFor(rows: readonly repo.SloRow[], now: number): Promise<Map<string, StateFigures>> {
  const at = evaluationInstant(now, BUCKET_MS);
  const stored = await stateRepo.readSummaries(db(), rows.map((r) => r.id));
  const out = new Map<string, StateFigures>();
  for (const row of rows) {
    const s = stored.get(row.id);
    if (s && s.definitionKey === definitionKey(row.definition, BUCKET_MS) && s.evaluatedAt <= at) out.set(row.id, { summary: s.summary, evaluatedAt: s.evaluatedAt, stale: at - s.evaluatedAt > STALE_AFTER_MS });
  }
  const asOf = rows.filter((r) => !out.has(r.id));
  for (const { row, summary } of await evaluate(db(), asOf, now)) out.set(row.id, { summary, evaluatedAt: at, stale: false });
  return out;
}

/**
 * The remaining budget of every SLO with data, per service (the change gate
 * calls this per CI request, alert triage per webhook): one statement over
 * Slo, Service and SloState; only SLOs without a usable state take figuresFor.
 */
export async function remainingBudgetsByService(serviceIds: readonly string[], now = Date.now()): Promise<Map<string, { remainingPercent: number; slo: string }[]>> {
  const at = evaluationInstant(now, BUCKET_MS);
  const out = new Map<string, { remainingPercent: number; slo: string }[]>();
  const add = (serviceId: string, remainingPercent: number, slo: string) => out.set(serviceId, [...(out.get(serviceId) ?? []), { remainingPercent, slo }]);
  const rows = await stateRepo.serviceBudgets(db(), serviceIds);
  const others = new Set<string>();
  for (const r of rows) {
    const key = definitionKey({ objective: r.objective, window: r.window, budgeting: r.budgeting } as BudgetSlo, BUCKET_MS);
    if (r.definitionKey !== key || r.evaluatedAt === null || r.evaluatedAt > at || r.remainingPercent === null) others.add(r.sloId);
    else if (r.dataState !== 'no-data') add(r.serviceId, r.remainingPercent, r.slo);
  }
  if (others.size > 0) {
    const full = (await repo.listSlos(db(), { serviceIds: [...new Set(rows.filter((r) => others.has(r.sloId)).map((r) => r.serviceId))] })).filter((r) => others.has(r.id));
    const figures = await figuresFor(full, now);
    for (const row of full) {
      const f = figures.get(row.id)!;
      if (f.summary.dataState !== 'no-data') add(row.serviceId, f.summary.budget.remainingPercent, `${row.serviceSlug}/${row.name}`);
    }
  }
  return out;
}
