import type { Db } from '../database/tx';
import type { StoredBucket } from './slo.repo';
import { type DayDelta, dayDeltas, type SeqBucket } from './slo-buckets.compute';

// The sampler's bulk writes (docs/slo.md, "Sampler"): one tick stores a new
// bucket for every SLO of a data source, so buckets, day roll-ups and sampler
// states are written for all of them in a constant number of statements
// rather than a transaction per SLO.

/**
 * Insert or overwrite the buckets of many SLOs and move their day roll-ups by
 * the difference (dayDeltas), in three statements whatever the count: the
 * buckets they overwrite (usually none), the upsert, the day deltas.
 */
export async function upsertBucketsMany(db: Db, items: ReadonlyArray<{ seq: number; buckets: readonly StoredBucket[] }>): Promise<void> {
  const rows: SeqBucket[] = items.flatMap((i) => i.buckets.map((b) => ({ seq: i.seq, start: b.start, bad: b.bad, total: b.total, missing: b.missing })));
  if (rows.length === 0) return;
  const seqs = rows.map((r) => r.seq);
  const starts = rows.map((r) => r.start);
  // One primary-key lookup per bucket, in the day partitions of these buckets
  // only (constant bounds: a tick's one). LIMIT 1 (the key holds at most one
  // row) keeps it a lookup: as a plain join the planner hash-joins a scan of
  // the whole partition, which is small next to the unpartitioned table but
  // holds a day of every SLO's buckets.
  const previous = await db.$queryRaw<Array<{ seq: number; s: number; bad: number; total: number; missing: boolean }>>`
    SELECT b."sloSeq" AS seq, (extract(epoch FROM b."start") * 1000)::float8 AS s, b.bad, b.total, b.missing
    FROM unnest(${seqs}::int[], ${starts}::float8[]) AS x(q, s)
    CROSS JOIN LATERAL (
      SELECT "sloSeq", "start", bad, total, missing FROM "SloSliBucket"
      WHERE "sloSeq" = x.q AND "start" = to_timestamp(x.s / 1000.0)
        AND "start" >= to_timestamp(${Math.min(...starts)}::float8 / 1000) AND "start" <= to_timestamp(${Math.max(...starts)}::float8 / 1000)
      LIMIT 1
    ) b`;
  await db.$executeRaw`
    INSERT INTO "SloSliBucket" ("sloSeq", "start", "bad", "total", "missing")
    SELECT q, to_timestamp(s / 1000.0), b, t, m
    FROM unnest(${seqs}::int[], ${starts}::float8[], ${rows.map((r) => r.bad)}::float8[],
                ${rows.map((r) => r.total)}::float8[], ${rows.map((r) => r.missing)}::bool[]) AS x(q, s, b, t, m)
    ON CONFLICT ("sloSeq", "start") DO UPDATE SET bad = excluded.bad, total = excluded.total, missing = excluded.missing`;
  await addDayDeltas(db, dayDeltas(rows, previous.map((p) => ({ seq: p.seq, start: Math.round(p.s), bad: Number(p.bad), total: Number(p.total), missing: p.missing }))));
}

/** The sampler states of SLOs sampled up to `lastBucket` (its start) at `now`, in one statement. */
export async function markSampled(db: Db, sloIds: readonly string[], lastBucket: number, now: number): Promise<void> {
  if (sloIds.length === 0) return;
  await db.$executeRaw`
    UPDATE "SloSamplerState" SET status = 'ok', "lastBucket" = to_timestamp(${lastBucket}::float8 / 1000), "lastError" = NULL,
      "lastSuccessAt" = to_timestamp(${now}::float8 / 1000), "updatedAt" = now()
    WHERE "sloId" = ANY(${[...sloIds]}::text[])`;
}

/** The sampler states of SLOs that failed with `message` at `now` (lastBucket stays: the next tick retries), in one statement. */
export async function markFailed(db: Db, sloIds: readonly string[], message: string, now: number): Promise<void> {
  if (sloIds.length === 0) return;
  await db.$executeRaw`
    UPDATE "SloSamplerState" SET status = 'error', "lastError" = ${message}, "lastErrorAt" = to_timestamp(${now}::float8 / 1000), "updatedAt" = now()
    WHERE "sloId" = ANY(${[...sloIds]}::text[])`;
}

/** Mark buckets missing where nothing is stored yet (never overwrites data) for many SLOs; their day roll-ups count them. */
export async function insertMissingMany(db: Db, seqs: readonly number[], starts: readonly number[]): Promise<void> {
  if (seqs.length === 0 || starts.length === 0) return;
  const inserted = await db.$queryRaw<Array<{ seq: number; s: number }>>`
    INSERT INTO "SloSliBucket" ("sloSeq", "start", "bad", "total", "missing")
    SELECT q, to_timestamp(s / 1000.0), 0, 0, true FROM unnest(${[...seqs]}::int[]) AS q, unnest(${[...starts]}::float8[]) AS s
    ON CONFLICT ("sloSeq", "start") DO NOTHING
    RETURNING "sloSeq" AS seq, (extract(epoch FROM "start") * 1000)::float8 AS s`;
  await addDayDeltas(db, dayDeltas(inserted.map((r) => ({ seq: r.seq, start: Math.round(r.s), bad: 0, total: 0, missing: true })), []));
}

async function addDayDeltas(db: Db, deltas: readonly DayDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await db.$executeRaw`
    INSERT INTO "SloSliDay" ("sloSeq", "day", "bad", "total", "buckets", "missingBuckets")
    SELECT q, to_timestamp(d / 1000.0), b, t, n, m
    FROM unnest(${deltas.map((d) => d.seq)}::int[], ${deltas.map((d) => d.day)}::float8[], ${deltas.map((d) => d.bad)}::float8[],
                ${deltas.map((d) => d.total)}::float8[], ${deltas.map((d) => d.buckets)}::int[], ${deltas.map((d) => d.missingBuckets)}::int[]) AS x(q, d, b, t, n, m)
    ON CONFLICT ("sloSeq", "day") DO UPDATE SET bad = "SloSliDay".bad + excluded.bad, total = "SloSliDay".total + excluded.total,
      buckets = "SloSliDay".buckets + excluded.buckets, "missingBuckets" = "SloSliDay"."missingBuckets" + excluded."missingBuckets"`;
}
