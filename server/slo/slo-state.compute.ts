import { SLI_WINDOWS, type SliWindow } from './burn-rate.compute';
import { MINUTE_MS, parseDuration } from '../lib/duration';
import { errorBudgetRatio, objectiveRatio, type SloBudgeting } from './slo.schema';
import { budgetStanding, sliceBadness, type BudgetSlo, type BurnRateReport } from './slo-budget.compute';
import { sliceMs, type Slot } from './slo-buckets.compute';
import type { BudgetSummary } from './slo-summary.compute';
import { windowBounds } from './slo-windows.compute';
import { exactAddTo, exactValue, type ExactSum } from './exact-sum.compute';

// The precomputed budget state of one SLO (docs/slo.md, "Precomputed state").
//
// At an instant T (a bucket boundary) an SLO has nine ranges [from, T): its
// compliance window and the burn-rate windows 5m..3d. Each range is a run of
// UNITS (a bucket for occurrences, a slice for time-slice methods) and the state
// keeps, per range, the sums over its complete units [lo, hi) (lo = from rounded
// up to a unit, hi = T rounded down): bad and total events and bad slice time as
// exact sums (exact-sum.compute.ts), present and judged time and slice counts as
// integers. Units cut by the range's edges (a slice the window starts or ends
// inside) are judged from their buckets whenever the figures are produced.
//
// Moving from T to T' subtracts the units that left each range and adds those
// that entered (a calendar window that rolled over starts afresh: re-adding is
// cheaper than subtracting the whole last period). A bucket rewritten before T
// (late data, a backfill) replaces its unit's old contribution with the new one.
// Because the sums are exact, the result equals a full recomputation no matter
// how it was reached (slo-state.compute.test.ts proves it against computeBudget
// over random bucket sequences).
//
// Everything here is pure: the service loads the buckets `advanceNeeds` /
// `changeNeeds` name and passes them in as a lookup.

type RangeKey = 'window' | SliWindow;

type Acc = {
  bad: ExactSum;
  total: ExactSum;
  /** Time covered by buckets with data. */
  presentMs: number;
  /** Time of slices with traffic (time-slice methods). */
  judgedMs: number;
  /** Bad slice time: slice length x badness (time-slice methods). */
  badMs: ExactSum;
  good: number;
  badSlices: number;
  noData: number;
};

type RangeState = { lo: number; hi: number; acc: Acc };

export type SloStateData = { version: 1; instant: number; key: string; ranges: Partial<Record<RangeKey, RangeState>> };

/** Buckets as stored; absent = missing. */
export type BucketLookup = (start: number) => Slot | undefined;
export type BucketRange = { from: number; to: number };
export type BucketChange = { start: number; before: Slot | undefined };

type Spec = { key: RangeKey; from: number; to: number; lo: number; hi: number };

/** What the state depends on besides buckets: another objective, window or method means a full recompute. */
export function definitionKey(slo: BudgetSlo, bucketMs: number): string {
  return canonical([slo.objective, slo.window, slo.budgeting, bucketMs]);
}

/** JSON with object keys sorted (jsonb reorders keys; the key must not depend on where a definition was read from). */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Where budgets are evaluated: the end of the newest complete bucket, so every window is whole buckets. */
export function evaluationInstant(now: number, bucketMs: number): number {
  return Math.floor(now / bucketMs) * bucketMs;
}

function unitOf(budgeting: SloBudgeting, bucketMs: number): number {
  return budgeting.method === 'occurrences' ? bucketMs : sliceMs(budgeting.timesliceSize, bucketMs);
}

function specs(slo: BudgetSlo, instant: number, bucketMs: number): Spec[] {
  if (instant % bucketMs !== 0) throw new RangeError('the state instant must be a bucket boundary');
  const u = unitOf(slo.budgeting, bucketMs);
  const starts: Array<{ key: RangeKey; from: number }> = [{ key: 'window', from: windowBounds(slo.window, instant).start }];
  for (const w of SLI_WINDOWS) {
    const ms = parseDuration(w);
    if (ms >= u) starts.push({ key: w, from: instant - ms });
  }
  return starts.map(({ key, from }) => {
    const lo = Math.ceil(from / u) * u;
    return { key, from, to: instant, lo, hi: Math.max(lo, Math.floor(instant / u) * u) };
  });
}

const emptyAcc = (): Acc => ({ bad: [], total: [], presentMs: 0, judgedMs: 0, badMs: [], good: 0, badSlices: 0, noData: 0 });
const cloneAcc = (a: Acc): Acc => ({ ...a, bad: [...a.bad], total: [...a.total], badMs: [...a.badMs] });

/** The buckets starting in [from, to), absent ones as missing. */
function slotsIn(from: number, to: number, bucketMs: number, get: BucketLookup): Slot[] {
  const out: Slot[] = [];
  for (let s = Math.ceil(from / bucketMs) * bucketMs; s < to; s += bucketMs) out.push(get(s) ?? { start: s, missing: true, bad: 0, total: 0 });
  return out;
}

/**
 * Add (sign 1) or remove (-1) one unit's contribution. For time slices the
 * slots are one slice (or the part of it inside a range), judged as a whole
 * exactly as computeBudget's judgeSlices does.
 */
function addUnit(acc: Acc, budgeting: SloBudgeting, slots: readonly Slot[], bucketMs: number, sign: 1 | -1): void {
  let bad = 0;
  let total = 0;
  for (const s of slots) {
    if (s.missing) continue;
    bad += s.bad;
    total += s.total;
    exactAddTo(acc.bad, sign * s.bad);
    exactAddTo(acc.total, sign * s.total);
    acc.presentMs += sign * bucketMs;
  }
  if (budgeting.method === 'occurrences' || slots.length === 0) return;
  if (total <= 0) {
    acc.noData += sign;
    return;
  }
  const badness = sliceBadness(budgeting, bad, total);
  const spanMs = slots.length * bucketMs;
  acc.judgedMs += sign * spanMs;
  exactAddTo(acc.badMs, sign * badness * spanMs);
  if (budgeting.method === 'timeslices') {
    if (badness) acc.badSlices += sign;
    else acc.good += sign;
  }
}

function addUnits(acc: Acc, budgeting: SloBudgeting, r: BucketRange, unit: number, bucketMs: number, get: BucketLookup, sign: 1 | -1): void {
  if (budgeting.method === 'occurrences') {
    // A unit is one bucket: only buckets with data add anything.
    for (let s = r.from; s < r.to; s += bucketMs) {
      const b = get(s);
      if (!b || b.missing) continue;
      exactAddTo(acc.bad, sign * b.bad);
      exactAddTo(acc.total, sign * b.total);
      acc.presentMs += sign * bucketMs;
    }
    return;
  }
  for (let u = r.from; u < r.to; u += unit) addUnit(acc, budgeting, slotsIn(u, u + unit, bucketMs, get), bucketMs, sign);
}

const edges = (s: Spec): BucketRange[] => [
  { from: s.from, to: Math.min(s.lo, s.to) },
  { from: s.hi, to: s.to },
];

type Plan = { base: RangeState | undefined; sub: BucketRange | null; add: BucketRange };

/** Incremental when the new units overlap the old and that is less work than starting afresh. */
function planRange(prev: RangeState | undefined, s: Spec): Plan {
  if (prev && s.lo >= prev.lo && s.hi >= prev.hi && s.lo <= prev.hi && s.lo - prev.lo + (s.hi - prev.hi) <= s.hi - s.lo) {
    return { base: prev, sub: { from: prev.lo, to: s.lo }, add: { from: prev.hi, to: s.hi } };
  }
  return { base: undefined, sub: null, add: { from: s.lo, to: s.hi } };
}

function usable(prev: SloStateData | null, slo: BudgetSlo, target: number, bucketMs: number): SloStateData | null {
  return prev && prev.version === 1 && prev.key === definitionKey(slo, bucketMs) && prev.instant <= target ? prev : null;
}

/** Merged, non-empty bucket ranges. */
export function mergeRanges(ranges: readonly BucketRange[]): BucketRange[] {
  const sorted = ranges.filter((r) => r.from < r.to).sort((a, b) => a.from - b.from);
  const out: BucketRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && r.from <= last.to) last.to = Math.max(last.to, r.to);
    else out.push({ ...r });
  }
  return out;
}

/** The bucket ranges `advanceState` reads to move `prev` (null = none: full recompute) to `target`. */
export function advanceNeeds(prev: SloStateData | null, slo: BudgetSlo, target: number, bucketMs: number): BucketRange[] {
  const base = usable(prev, slo, target, bucketMs);
  return mergeRanges(
    specs(slo, target, bucketMs).flatMap((s) => {
      const p = planRange(base?.ranges[s.key], s);
      return [...(p.sub ? [p.sub] : []), p.add, ...edges(s)];
    }),
  );
}

export type StateResult = { state: SloStateData; summary: BudgetSummary };

/** The state at `target` from `prev` (or from scratch when prev is null, another definition's, or newer). */
export function advanceState(prev: SloStateData | null, slo: BudgetSlo, target: number, bucketMs: number, get: BucketLookup): StateResult {
  const base = usable(prev, slo, target, bucketMs);
  const unit = unitOf(slo.budgeting, bucketMs);
  const ranges: SloStateData['ranges'] = {};
  for (const s of specs(slo, target, bucketMs)) {
    const p = planRange(base?.ranges[s.key], s);
    const acc = p.base ? cloneAcc(p.base.acc) : emptyAcc();
    if (p.sub) addUnits(acc, slo.budgeting, p.sub, unit, bucketMs, get, -1);
    addUnits(acc, slo.budgeting, p.add, unit, bucketMs, get, 1);
    ranges[s.key] = { lo: s.lo, hi: s.hi, acc };
  }
  const state: SloStateData = { version: 1, instant: target, key: definitionKey(slo, bucketMs), ranges };
  return { state, summary: stateSummary(state, slo, bucketMs, get) };
}

/** The bucket ranges `applyBucketChanges` reads for buckets rewritten at `starts`. */
export function changeNeeds(state: SloStateData, slo: BudgetSlo, bucketMs: number, starts: readonly number[]): BucketRange[] {
  const unit = unitOf(slo.budgeting, bucketMs);
  const units = [...new Set(starts.filter((s) => s < state.instant).map((s) => Math.floor(s / unit) * unit))];
  return mergeRanges([...units.map((u) => ({ from: u, to: u + unit })), ...specs(slo, state.instant, bucketMs).flatMap(edges)]);
}

/**
 * Buckets before the state's instant were rewritten (late data, backfill):
 * `get` answers with the new values, `changes` hold the old ones (undefined =
 * there was none). Each touched unit inside a range's sums swaps its old
 * contribution for its new one. The state must be for this definition.
 */
export function applyBucketChanges(state: SloStateData, slo: BudgetSlo, bucketMs: number, changes: readonly BucketChange[], get: BucketLookup): StateResult {
  if (state.key !== definitionKey(slo, bucketMs)) throw new RangeError('the state is for another definition; recompute it');
  const unit = unitOf(slo.budgeting, bucketMs);
  const before = new Map(changes.filter((c) => c.start < state.instant).map((c) => [c.start, c.before]));
  const oldGet: BucketLookup = (s) => (before.has(s) ? before.get(s) : get(s));
  const units = [...new Set([...before.keys()].map((s) => Math.floor(s / unit) * unit))];
  const ranges: SloStateData['ranges'] = {};
  for (const [key, r] of Object.entries(state.ranges) as Array<[RangeKey, RangeState]>) {
    const acc = cloneAcc(r.acc);
    for (const u of units) {
      if (u < r.lo || u >= r.hi) continue;
      addUnit(acc, slo.budgeting, slotsIn(u, u + unit, bucketMs, oldGet), bucketMs, -1);
      addUnit(acc, slo.budgeting, slotsIn(u, u + unit, bucketMs, get), bucketMs, 1);
    }
    ranges[key] = { ...r, acc };
  }
  const next = { ...state, ranges };
  return { state: next, summary: stateSummary(next, slo, bucketMs, get) };
}

type Totals = { bad: number; total: number; presentMs: number; errorRatio: number | null; badMs: number };

function totals(acc: Acc, budgeting: SloBudgeting): Totals {
  const bad = exactValue(acc.bad);
  const total = exactValue(acc.total);
  const badMs = exactValue(acc.badMs);
  const errorRatio = budgeting.method === 'occurrences' ? (total > 0 ? bad / total : null) : acc.judgedMs > 0 ? badMs / acc.judgedMs : null;
  return { bad, total, presentMs: acc.presentMs, errorRatio, badMs };
}

/** The headline figures (what budgetSummary / computeBudget report) from a state and its ranges' edge buckets. */
function stateSummary(state: SloStateData, slo: BudgetSlo, bucketMs: number, get: BucketLookup): BudgetSummary {
  const now = state.instant;
  const ranges = new Map<RangeKey, Totals>();
  for (const s of specs(slo, now, bucketMs)) {
    const stored = state.ranges[s.key];
    if (!stored) throw new RangeError(`the state has no sums for ${s.key}`);
    const acc = cloneAcc(stored.acc);
    for (const e of edges(s)) if (e.from < e.to) addUnit(acc, slo.budgeting, slotsIn(e.from, e.to, bucketMs, get), bucketMs, 1);
    ranges.set(s.key, totals(acc, slo.budgeting));
  }
  const bounds = windowBounds(slo.window, now);
  const budgetRatio = errorBudgetRatio(slo.objective);
  const totalMinutes = (budgetRatio * bounds.lengthMs) / MINUTE_MS;
  const w = ranges.get('window')!;
  const consumedMinutes =
    w.errorRatio === null ? 0 : slo.budgeting.method === 'occurrences' ? (w.errorRatio * w.presentMs) / MINUTE_MS : w.badMs / MINUTE_MS;
  const burnRates: BurnRateReport[] = SLI_WINDOWS.map((window) => {
    const windowMs = parseDuration(window);
    const r = ranges.get(window);
    if (!r) return { window, windowMs, status: 'too-coarse', errorRatio: null, burnRate: null, coverage: 0 };
    const coverage = r.presentMs / windowMs;
    if (r.errorRatio === null) return { window, windowMs, status: 'no-data', errorRatio: null, burnRate: null, coverage };
    return { window, windowMs, status: coverage >= 1 - 1e-9 ? 'ok' : 'partial', errorRatio: r.errorRatio, burnRate: r.errorRatio / budgetRatio, coverage };
  });
  const hour = burnRates.find((b) => b.window === '1h')!;
  return {
    method: slo.budgeting.method,
    window: { start: bounds.start, end: bounds.end, lengthMs: bounds.lengthMs, elapsedMs: bounds.elapsedMs },
    dataState: w.errorRatio === null ? 'no-data' : 'ok',
    coverage: { observedMs: w.presentMs, ratio: bounds.elapsedMs > 0 ? w.presentMs / bounds.elapsedMs : 0 },
    events: { bad: w.bad, total: w.total },
    sli: w.errorRatio === null ? null : 1 - w.errorRatio,
    objective: objectiveRatio(slo.objective),
    ...budgetStanding(totalMinutes, consumedMinutes, hour.burnRate, bounds, now, slo.window.type),
    burnRates,
  };
}
