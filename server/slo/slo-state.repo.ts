import type { Db } from '../database/tx';
import type { Slot } from './slo-buckets.compute';
import { groupByDays } from './slo-partitions.compute';
import type { SloStateData } from './slo-state.compute';
import type { BudgetSummary } from './slo-summary.compute';

// SloState: the precomputed budget state per SLO (slo-state.service.ts), and
// the bucket reads its updates need. Set-based SQL: a sampler tick reads and
// writes the states of every SLO it sampled in a constant number of statements.

/** `version` is the row's xmin: it changes with every write, so a writer can tell whether a state moved under it. */
export type StoredState = { sloId: string; data: SloStateData; evaluatedAt: number; version: string };

/** The states (running sums) of these SLOs. */
export async function loadStates(db: Db, sloIds: readonly string[]): Promise<Map<string, StoredState>> {
  const out = new Map<string, StoredState>();
  if (sloIds.length === 0) return out;
  // One JSON text value: jsonb columns of thousands of rows are far cheaper through the driver as one string.
  const result = await db.$queryRaw<Array<{ j: string | null }>>`
    SELECT json_agg(json_build_array("sloId", sums, (extract(epoch FROM "evaluatedAt") * 1000)::float8, xmin::text))::text AS j
    FROM "SloState" WHERE "sloId" = ANY(${[...sloIds]}::text[])`;
  for (const [sloId, data, at, version] of JSON.parse(result[0]?.j ?? '[]') as Array<[string, SloStateData, number, string]>) {
    out.set(sloId, { sloId, data, evaluatedAt: Math.round(at), version });
  }
  return out;
}

/** Lock the state rows of these SLOs for the enclosing transaction; their versions (absent = no state). */
export async function lockStates(db: Db, sloIds: readonly string[]): Promise<Map<string, string>> {
  if (sloIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ sloId: string; v: string }>>`
    SELECT "sloId", xmin::text AS v FROM "SloState" WHERE "sloId" = ANY(${[...sloIds]}::text[]) ORDER BY "sloId" FOR UPDATE`;
  return new Map(rows.map((r) => [r.sloId, r.v]));
}

/** Instant and definition key of the stored states (no sums): whether new buckets are late for them. */
export async function stateInstants(db: Db, sloIds: readonly string[]): Promise<Map<string, { instant: number; key: string }>> {
  if (sloIds.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ sloId: string; at: number; key: string }>>`
    SELECT "sloId", (extract(epoch FROM "evaluatedAt") * 1000)::float8 AS at, "definitionKey" AS key FROM "SloState" WHERE "sloId" = ANY(${[...sloIds]}::text[])`;
  return new Map(rows.map((r) => [r.sloId, { instant: Math.round(r.at), key: r.key }]));
}

/** touchState for many states in one statement. */
export async function touchStates(db: Db, sloIds: readonly string[]): Promise<void> {
  if (sloIds.length === 0) return;
  await db.$executeRaw`UPDATE "SloState" SET "updatedAt" = now() WHERE "sloId" = ANY(${[...sloIds]}::text[])`;
}

/** Mark a state as changed under any concurrent updater (buckets at or after its instant were written). */
export async function touchState(db: Db, sloId: string): Promise<void> {
  await db.$executeRaw`UPDATE "SloState" SET "updatedAt" = now() WHERE "sloId" = ${sloId}`;
}

export type StateWrite = { sloId: string; data: SloStateData; summary: BudgetSummary };

/** Insert or replace states, all in one statement. */
export async function saveStates(db: Db, states: readonly StateWrite[]): Promise<void> {
  if (states.length === 0) return;
  const payload = JSON.stringify(
    states.map(({ sloId, data, summary }) => ({
      sloId,
      at: data.instant,
      ws: summary.window.start,
      key: data.key,
      sums: data,
      dataState: summary.dataState,
      sli: summary.sli,
      remaining: summary.budget.remainingPercent,
      consumed: summary.budget.consumedMinutes,
      total: summary.budget.totalMinutes,
      band: summary.policy.band,
      summary,
    })),
  );
  await db.$executeRaw`
    INSERT INTO "SloState" ("sloId", "evaluatedAt", "windowStart", "definitionKey", sums, "dataState", sli, "remainingPercent", "consumedMinutes", "totalMinutes", band, summary, "updatedAt")
    SELECT x."sloId", to_timestamp(x.at / 1000.0), to_timestamp(x.ws / 1000.0), x.key, x.sums, x."dataState", x.sli, x.remaining, x.consumed, x.total, x.band, x.summary, now()
    FROM jsonb_to_recordset(${payload}::jsonb) AS x("sloId" text, at float8, ws float8, key text, sums jsonb, "dataState" text, sli float8, remaining float8, consumed float8, total float8, band text, summary jsonb)
    JOIN "Slo" s ON s.id = x."sloId"
    ON CONFLICT ("sloId") DO UPDATE SET "evaluatedAt" = excluded."evaluatedAt", "windowStart" = excluded."windowStart", "definitionKey" = excluded."definitionKey",
      sums = excluded.sums, "dataState" = excluded."dataState", sli = excluded.sli, "remainingPercent" = excluded."remainingPercent",
      "consumedMinutes" = excluded."consumedMinutes", "totalMinutes" = excluded."totalMinutes", band = excluded.band, summary = excluded.summary, "updatedAt" = now()`;
}

export type SeqRange = { seq: number; from: number; to: number };

/**
 * Buckets of many (SLO, range) pairs, by SLO seq and bucket start: one
 * statement per pair of first and last UTC day of the ranges (a tick: the few
 * days its entering and leaving buckets lie on; a full recompute: one, its
 * window), with constant bounds on the partition key: a range's own bounds are
 * known only per row, which would keep every partition in the plan (and a
 * tick's plan over thousands of ranges is then JIT-compiled for seconds).
 */
export async function loadBucketRanges(db: Db, ranges: readonly SeqRange[]): Promise<Map<number, Map<number, Slot>>> {
  const out = new Map<number, Map<number, Slot>>();
  for (const group of groupByDays(ranges, (r) => [r.from, r.to - 1])) {
    // One JSON text value (seq, start, bad, total, missing per bucket): a full
    // recompute reads 8,640 buckets per SLO, far cheaper through the driver as
    // one string than as row objects. OFFSET 0 keeps the LATERAL a per-range
    // index scan: flattened into a join, the planner hash-joins a scan of the
    // whole day's partition for a tick's thousands of ranges (twice as slow).
    const result = await db.$queryRaw<Array<{ j: string | null }>>`
      SELECT json_agg(json_build_array(b."sloSeq", (extract(epoch FROM b."start") * 1000)::float8, b.bad, b.total, b.missing))::text AS j
      FROM unnest(${group.map((r) => r.seq)}::int[], ${group.map((r) => r.from)}::float8[], ${group.map((r) => r.to)}::float8[]) AS r(seq, f, t)
      CROSS JOIN LATERAL (
        SELECT "sloSeq", "start", bad, total, missing FROM "SloSliBucket"
        WHERE "sloSeq" = r.seq AND "start" >= to_timestamp(r.f / 1000) AND "start" < to_timestamp(r.t / 1000)
          AND "start" >= to_timestamp(${Math.min(...group.map((r) => r.from))}::float8 / 1000) AND "start" < to_timestamp(${Math.max(...group.map((r) => r.to))}::float8 / 1000)
        OFFSET 0
      ) b`;
    const rows = JSON.parse(result[0]?.j ?? '[]') as Array<[number, number, number, number, boolean]>;
    for (const [seq, s, bad, total, missing] of rows) {
      const start = Math.round(s);
      let m = out.get(seq);
      if (!m) out.set(seq, (m = new Map()));
      m.set(start, { start, missing, bad, total });
    }
  }
  return out;
}

export type StateView = { sloId: string; evaluatedAt: number; definitionKey: string; summary: BudgetSummary };

/** What the pages read: the stored figures of these SLOs (one statement, no sums). */
export async function readSummaries(db: Db, sloIds: readonly string[]): Promise<Map<string, StateView>> {
  const out = new Map<string, StateView>();
  if (sloIds.length === 0) return out;
  const result = await db.$queryRaw<Array<{ j: string | null }>>`
    SELECT json_agg(json_build_array("sloId", (extract(epoch FROM "evaluatedAt") * 1000)::float8, "definitionKey", summary))::text AS j
    FROM "SloState" WHERE "sloId" = ANY(${[...sloIds]}::text[])`;
  for (const [sloId, at, definitionKey, summary] of JSON.parse(result[0]?.j ?? '[]') as Array<[string, number, string, BudgetSummary]>) {
    out.set(sloId, { sloId, evaluatedAt: Math.round(at), definitionKey, summary });
  }
  return out;
}

export type ServiceBudgetRow = {
  sloId: string;
  serviceId: string;
  slo: string;
  objective: number;
  window: unknown;
  budgeting: unknown;
  evaluatedAt: number | null;
  definitionKey: string | null;
  dataState: string | null;
  remainingPercent: number | null;
};

/** The change gate's read: every SLO of these services with its stored remaining budget, in one statement. */
export async function serviceBudgets(db: Db, serviceIds: readonly string[]): Promise<ServiceBudgetRow[]> {
  if (serviceIds.length === 0) return [];
  const rows = await db.$queryRaw<
    Array<{ sloId: string; serviceId: string; slug: string; name: string; objective: number; window: unknown; budgeting: unknown; at: Date | null; key: string | null; dataState: string | null; remaining: number | null }>
  >`
    SELECT s.id AS "sloId", s."serviceId", sv.slug, s.name, s.objective, s."window", s.budgeting,
           st."evaluatedAt" AS at, st."definitionKey" AS key, st."dataState", st."remainingPercent" AS remaining
    FROM "Slo" s JOIN "Service" sv ON sv.id = s."serviceId" LEFT JOIN "SloState" st ON st."sloId" = s.id
    WHERE s."serviceId" = ANY(${[...serviceIds]}::text[])`;
  return rows.map((r) => ({
    sloId: r.sloId,
    serviceId: r.serviceId,
    slo: `${r.slug}/${r.name}`,
    objective: Number(r.objective),
    window: r.window,
    budgeting: r.budgeting,
    evaluatedAt: r.at ? r.at.getTime() : null,
    definitionKey: r.key,
    dataState: r.dataState,
    remainingPercent: r.remaining === null ? null : Number(r.remaining),
  }));
}
