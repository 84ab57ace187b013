import { db } from '../database/tx';
import { resolveTarget } from '../datasources/datasources.service';
import { PrometheusError, queryRange, sumByTimestamp, type PrometheusTarget } from '../integrations/prometheus/client';
import { DAY_MS } from '../lib/duration';
import { announceFactChange } from '../lib/fact-changes';
import * as repo from './slo.repo';
import { BUCKET_MS } from './slo-recompute.service';
import { MAX_FULL_PER_TICK, refreshStates, writeBuckets, writeBucketsMany } from './slo-state.service';
import * as bucketsRepo from './slo-buckets.repo';
import { batchedQuery, planBatches, splitBatched } from './slo-batch.compute';
import { bucketRangeFor } from './slo-buckets.compute';
import { bucketFromSamples, bucketQueries, type BucketQueries, bucketStarts } from './slo-sampling.compute';

// The SLI sampler: asks Prometheus for bad and total event COUNTS per 5-minute
// bucket and stores them (docs/slo.md, "Sampler").
//  - Each bucket [s, s + 5m) is the user's rate query over [5m] evaluated at
//    s + 5m, times 300 s: Prometheus' increase semantics, so counter resets are
//    handled by Prometheus itself. A range query with step = 5m evaluates many
//    buckets in one request (a one-day backfill chunk is 288 points).
//  - Counts are upserted: re-running any range is idempotent.
//  - No sample for the total query = missing bucket. Prometheus unreachable =
//    the chunk's buckets are marked missing where nothing is stored yet (never
//    zeros), the error is recorded, and the work is retried (pg-boss backoff for
//    backfills; the next schedule tick for live sampling, which does not move
//    past a failed bucket).

/** Wait this long after a bucket ends before sampling it, so its last scrape has landed. */
const SCRAPE_DELAY_MS = 60_000;
/** Live sampling catches up at most this far back; older gaps need a backfill. */
const CATCH_UP_MS = DAY_MS;
const BACKFILL_CHUNK_MS = DAY_MS;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

function newestCompleteBucketEnd(now: number): number {
  return Math.floor((now - SCRAPE_DELAY_MS) / BUCKET_MS) * BUCKET_MS;
}

type Sampled = { buckets: repo.StoredBucket[]; missing: number };

/** Buckets [from, to) from the values a query answered for each bucket's end. */
function toBuckets(q: BucketQueries, starts: readonly number[], values: (end: number) => { bad?: number; total?: number; errorRatio?: number }): repo.StoredBucket[] {
  return starts.map((s): repo.StoredBucket => {
    const b = bucketFromSamples(q, s, values(s + BUCKET_MS));
    if ('missing' in b) return { start: s, bad: 0, total: 0, missing: true };
    const total = Math.max(0, b.total);
    const bad = 'bad' in b ? b.bad : total - b.good;
    return { start: s, bad: Math.min(Math.max(bad, 0), total), total, missing: false };
  });
}

/** One SLO's buckets in [from, to) (bucket boundaries), queried on their own. */
async function queryBuckets(row: repo.SloRow, target: PrometheusTarget, starts: readonly number[]): Promise<repo.StoredBucket[]> {
  const q = bucketQueries(row.definition.sli, BUCKET_MS);
  const first = starts[0]! + BUCKET_MS;
  const last = starts[starts.length - 1]! + BUCKET_MS;
  if (q.kind === 'events') {
    const [bad, total] = await Promise.all([queryRange(target, q.bad, first, last, BUCKET_MS), queryRange(target, q.total, first, last, BUCKET_MS)]);
    const b = sumByTimestamp(bad);
    const t = sumByTimestamp(total);
    return toBuckets(q, starts, (end) => ({ bad: b.get(end), total: t.get(end) }));
  }
  const r = sumByTimestamp(await queryRange(target, q.errorRatio, first, last, BUCKET_MS));
  return toBuckets(q, starts, (end) => ({ errorRatio: r.get(end) }));
}

/** Query and store buckets in [from, to) (bucket boundaries). Throws PrometheusError after marking the range missing. */
export async function sampleRange(row: repo.SloRow, target: PrometheusTarget, from: number, to: number): Promise<Sampled> {
  const starts = bucketStarts(from, to, BUCKET_MS);
  if (starts.length === 0) return { buckets: [], missing: 0 };
  try {
    const buckets = await queryBuckets(row, target, starts);
    await writeBuckets(row, buckets);
    return { buckets, missing: buckets.filter((b) => b.missing).length };
  } catch (error) {
    if (error instanceof PrometheusError) await repo.insertMissing(db(), row.seq, starts);
    throw error;
  }
}

export type BatchOutcome = { buckets: Map<string, repo.StoredBucket[]>; failed: Map<string, Error>; queries: number };

/**
 * Many SLOs' buckets in [from, to) from one data source, in batched queries
 * (slo-batch.compute.ts): at 10,000 SLOs a tick asks ~8 queries, not 20,000.
 * A batch Prometheus rejects as a query (one SLO's PromQL does not fit in a
 * batch, e.g. it returns a scalar) is split in halves and asked again, down to
 * single SLOs, which are then asked with their own queries: a bad SLO costs a
 * few queries and fails alone. Any other error (unreachable, timeout) fails
 * the batch's SLOs.
 */
export async function sampleBatched(rows: readonly repo.SloRow[], target: PrometheusTarget, from: number, to: number): Promise<BatchOutcome> {
  const out: BatchOutcome = { buckets: new Map(), failed: new Map(), queries: 0 };
  const starts = bucketStarts(from, to, BUCKET_MS);
  if (starts.length === 0) return out;
  const first = starts[0]! + BUCKET_MS;
  const last = starts[starts.length - 1]! + BUCKET_MS;
  const queries = rows.map((row) => bucketQueries(row.definition.sli, BUCKET_MS));
  const partsOf = (i: number) => {
    const q = queries[i]!;
    return q.kind === 'events' ? [{ key: `${i}.b`, expr: q.bad }, { key: `${i}.t`, expr: q.total }] : [{ key: `${i}.r`, expr: q.errorRatio }];
  };
  const alone = async (i: number) => {
    out.queries += queries[i]!.kind === 'events' ? 2 : 1;
    try {
      out.buckets.set(rows[i]!.id, await queryBuckets(rows[i]!, target, starts));
    } catch (error) {
      if (!(error instanceof PrometheusError)) throw error;
      out.failed.set(rows[i]!.id, error);
    }
  };
  const ask = async (members: readonly number[]): Promise<void> => {
    try {
      out.queries++;
      const values = splitBatched(await queryRange(target, batchedQuery(members.flatMap(partsOf)), first, last, BUCKET_MS));
      for (const i of members) {
        const q = queries[i]!;
        const v = (part: string) => values.get(`${i}.${part}`);
        out.buckets.set(rows[i]!.id, toBuckets(q, starts, (end) => (q.kind === 'events' ? { bad: v('b')?.get(end), total: v('t')?.get(end) } : { errorRatio: v('r')?.get(end) })));
      }
    } catch (error) {
      if (!(error instanceof PrometheusError)) throw error;
      if (error.kind !== 'bad_query') for (const i of members) out.failed.set(rows[i]!.id, error);
      else if (members.length === 1) await alone(members[0]!);
      else {
        const mid = Math.ceil(members.length / 2);
        await ask(members.slice(0, mid));
        await ask(members.slice(mid));
      }
    }
  };
  // An SLO belongs to the batch holding its first part; both its parts are asked together.
  for (const batch of planBatches(rows.flatMap((_, i) => partsOf(i)))) {
    await ask(batch.filter((p) => !p.key.endsWith('.t')).map((p) => Number(p.key.split('.')[0])));
  }
  return out;
}

export type BackfillOutcome = { status: 'ok' | 'error' | 'gone'; chunks: number; missing: number; error?: string };

/** Sampler-state writes show in the SLO lists (backfill progress, errors), so the lists are told. */
async function setSamplerState(sloId: string, data: Parameters<typeof repo.updateSamplerState>[2]): Promise<void> {
  await repo.updateSamplerState(db(), sloId, data);
  announceFactChange('slos');
}

/**
 * Sample the SLO's whole window (and the 3 days the burn rates need) in
 * one-day chunks, updating progress after each. Retryable Prometheus errors are
 * rethrown after being recorded, so the job's retry with backoff runs again.
 */
export async function backfillSlo(sloId: string, now: number, opts: { target?: PrometheusTarget; onChunk?: (done: number, total: number) => void } = {}): Promise<BackfillOutcome> {
  const row = await repo.findSlo(db(), sloId);
  if (!row) return { status: 'gone', chunks: 0, missing: 0 };
  const target = opts.target ?? (await resolveTarget(db(), row.dataSourceId))?.target;
  if (!target) {
    await setSamplerState(sloId, { status: 'error', lastError: 'No Prometheus data source: add one in Settings > Data sources', lastErrorAt: new Date(now) });
    return { status: 'error', chunks: 0, missing: 0, error: 'no data source' };
  }
  const end = newestCompleteBucketEnd(now);
  const from = Math.floor(bucketRangeFor(row.definition, end).from / BUCKET_MS) * BUCKET_MS;
  const chunks: Array<[number, number]> = [];
  for (let s = from; s < end; s += BACKFILL_CHUNK_MS) chunks.push([s, Math.min(s + BACKFILL_CHUNK_MS, end)]);
  await setSamplerState(sloId, {
    status: 'backfilling',
    backfillFrom: new Date(from),
    backfillTo: new Date(end),
    backfillDone: 0,
    backfillTotal: chunks.length,
  });
  let missing = 0;
  for (const [i, [a, b]] of chunks.entries()) {
    try {
      missing += (await sampleRange(row, target, a, b)).missing;
    } catch (error) {
      const message = (error as Error).message;
      const retryable = error instanceof PrometheusError && error.retryable;
      await setSamplerState(sloId, { status: retryable ? 'backfilling' : 'error', lastError: message, lastErrorAt: new Date(now) });
      if (retryable) throw error;
      return { status: 'error', chunks: i, missing, error: message };
    }
    await repo.incrementBackfill(db(), sloId);
    announceFactChange('slos');
    opts.onChunk?.(i + 1, chunks.length);
  }
  await setSamplerState(sloId, { status: 'ok', lastBucket: new Date(end - BUCKET_MS), lastError: null, lastSuccessAt: new Date(now) });
  await refreshStates([row], end);
  return { status: 'ok', chunks: chunks.length, missing };
}

export type SweepOutcome = { sampled: number; failed: number; backfillsRequested: string[]; queries: number; statesUpdated: number };

/**
 * The schedule (every minute): sample every SLO's new complete buckets since
 * its last one; SLOs never backfilled are handed to `requestBackfill`.
 */
export async function sampleDue(now: number, opts: { requestBackfill: (sloId: string) => Promise<unknown>; target?: PrometheusTarget }): Promise<SweepOutcome> {
  const rows = await repo.listSlos(db());
  const end = newestCompleteBucketEnd(now);
  const out: SweepOutcome = { sampled: 0, failed: 0, backfillsRequested: [], queries: 0, statesUpdated: 0 };
  // SLOs whose buckets are complete up to `end`: their states move there in one batch.
  const current: repo.SloRow[] = [];
  const targets = new Map<string, PrometheusTarget | null>();
  const due = new Map<string, { target: PrometheusTarget; from: number; rows: repo.SloRow[] }>();
  for (const row of rows) {
    const state = row.sampler;
    if (!state || state.status === 'idle' || !state.lastBucket) {
      if (state?.status !== 'backfilling') {
        out.backfillsRequested.push(row.id);
        await opts.requestBackfill(row.id);
      }
      continue;
    }
    if (state.status === 'backfilling') continue;
    const from = Math.max(state.lastBucket.getTime() + BUCKET_MS, end - CATCH_UP_MS);
    if (from >= end) {
      if (state.status === 'ok') current.push(row);
      continue;
    }
    const key = row.dataSourceId ?? '(default)';
    if (!targets.has(key)) targets.set(key, opts.target ?? (await resolveTarget(db(), row.dataSourceId))?.target ?? null);
    if (!targets.get(key)) {
      await setSamplerState(row.id, { status: 'error', lastError: 'No Prometheus data source: add one in Settings > Data sources', lastErrorAt: new Date(now) });
      out.failed++;
      continue;
    }
    const groupKey = `${key}\u0000${from}`;
    const group = due.get(groupKey) ?? { target: targets.get(key)!, from, rows: [] };
    group.rows.push(row);
    due.set(groupKey, group);
  }
  // One batch of queries per data source and range; buckets, sampler states
  // and day roll-ups stored in bulk (slo-buckets.repo.ts).
  const sampled: Array<{ row: repo.SloRow; buckets: repo.StoredBucket[] }> = [];
  for (const group of due.values()) {
    const result = await sampleBatched(group.rows, group.target, group.from, end);
    out.queries += result.queries;
    for (const row of group.rows) {
      const buckets = result.buckets.get(row.id);
      if (buckets) sampled.push({ row, buckets });
    }
    const failed = group.rows.filter((r) => result.failed.has(r.id));
    // lastBucket stays: the next tick retries these buckets (now marked missing).
    await bucketsRepo.insertMissingMany(db(), failed.map((r) => r.seq), bucketStarts(group.from, end, BUCKET_MS));
    for (const [message, ids] of groupBy(failed, (r) => result.failed.get(r.id)!.message)) await bucketsRepo.markFailed(db(), ids.map((r) => r.id), message, now);
    out.failed += failed.length;
  }
  await writeBucketsMany(sampled);
  await bucketsRepo.markSampled(db(), sampled.map((s) => s.row.id), end - BUCKET_MS, now);
  out.sampled += sampled.length;
  current.push(...sampled.map((s) => s.row));
  // A failed SLO's state stays where it was (shown as stale after 15 minutes)
  // rather than counting buckets that were never sampled as missing.
  out.statesUpdated = (await refreshStates(current, end, { maxFull: MAX_FULL_PER_TICK })).size;
  announceFactChange('slos');
  return out;
}
