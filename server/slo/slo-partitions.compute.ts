import { DAY_MS } from '../lib/duration';
import type { SloWindow } from './slo.schema';

// Which time partitions of SloSliBucket and SloSliDay should exist at `now`
// (docs/slo.md, "Storage"; migration 20261206193500_slo_partitions): pure. The
// repo lists the partitions and runs the DDL, the service wires the two.
//
// Buckets are kept for the longest window any SLO can read plus a margin, day
// roll-ups for a configured number of days; a partition is dropped once it lies
// wholly before its table's cutoff, and every partition from the cutoff to a
// little ahead of `now` is made, so the sampler, backfills of any window in the
// database and the next days' writes find theirs. Cutoffs are counted from
// UTC midnight, so every run on one day plans the same.

export type PartitionedTable = 'SloSliBucket' | 'SloSliDay';
/** A range partition [from, to) of `table` (epoch ms, UTC). */
export type Partition = { table: PartitionedTable; name: string; from: number; to: number };

export const PARTITIONED_TABLES: readonly PartitionedTable[] = ['SloSliBucket', 'SloSliDay'];

/** Bucket partitions are UTC days (288 buckets per SLO), roll-up partitions UTC months (~30 rows per SLO). */
const UNIT: Record<PartitionedTable, 'day' | 'month'> = { SloSliBucket: 'day', SloSliDay: 'month' };

export const PARTITION_POLICY = {
  /** Today's bucket partition and the next 7 days': a week of the job failing still finds them. */
  bucketAheadDays: 7,
  /** This month's roll-up partition and the next two. */
  dayAheadMonths: 2,
  /** Buckets kept beyond the longest window: late data, backfill re-runs, figures "as of" a few days ago. */
  marginDays: 7,
  /**
   * Buckets are kept for at least the default window of a new SLO (30 days),
   * so the first SLOs of an install, or a shorter-windowed one lengthened to
   * the default, backfill into partitions rather than the DEFAULT one.
   */
  minWindowDays: 30,
} as const;

/**
 * The longest window slo.schema.ts allows (rolling 365 days; a calendar quarter
 * reaches 93). No SLO can read buckets older than this plus the margin, so rows
 * the DEFAULT partition holds beyond it are purged whatever the windows are
 * now (see `purgeDefaultBefore`).
 */
export const MAX_WINDOW_DAYS = 365;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The partition of `table` holding time `t`. */
export function partitionAt(table: PartitionedTable, t: number): Partition {
  const d = new Date(t);
  if (UNIT[table] === 'day') {
    const from = Math.floor(t / DAY_MS) * DAY_MS;
    return { table, name: `${table}_p${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}`, from, to: from + DAY_MS };
  }
  const from = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return { table, name: `${table}_p${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}`, from, to: Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) };
}

/** The range a partition name stands for; null for the DEFAULT partition and any name this code did not make. */
export function parsePartitionName(table: PartitionedTable, name: string): Partition | null {
  const digits = UNIT[table] === 'day' ? 8 : 6;
  const m = new RegExp(`^${table}_p(\\d{${digits}})$`).exec(name);
  if (!m) return null;
  const s = m[1]!;
  const t = Date.UTC(Number(s.slice(0, 4)), Number(s.slice(4, 6)) - 1, digits === 8 ? Number(s.slice(6, 8)) : 1);
  const p = partitionAt(table, t);
  // Date.UTC rolls 20261340 over into 2027: only a name that round-trips is ours.
  return p.name === name ? p : null;
}

/**
 * The days of buckets an SLO with this window reads, at most: a rolling window
 * its length; a calendar period its longest (31-day month, 92-day quarter) plus
 * a day, because local midnight on the 1st is up to 14 h before UTC midnight.
 */
export function windowReachDays(window: SloWindow): number {
  if (window.type === 'rolling') return window.days;
  return (window.unit === 'month' ? 31 : 92) + 1;
}

/** Burn-rate windows read the 3 days before `now` whatever the compliance window (bucketRangeFor). */
const BURN_REACH_DAYS = 3;

/** Days of buckets to keep before today (UTC) for SLOs with these windows. */
export function bucketKeepDays(windows: readonly SloWindow[], policy = PARTITION_POLICY): number {
  return Math.max(policy.minWindowDays, BURN_REACH_DAYS, ...windows.map(windowReachDays)) + policy.marginDays;
}

export type PartitionPlan = {
  /** Bucket partitions ending at or before this are dropped. */
  bucketCutoff: number;
  /** Roll-up partitions ending at or before this are dropped. */
  dayCutoff: number;
  bucketKeepDays: number;
  /** The retention applied: the setting, raised to the bucket retention if below it. */
  dayRetentionDays: number;
  create: Partition[];
  drop: Partition[];
  /**
   * Rows of the DEFAULT partition before this are deleted: rows written where
   * no partition was (a clock far off, fixed dates in tests) and past
   * retention, with no partition to drop. Never later than any window allowed
   * can reach, so the backfill of an SLO lengthened after this plan was made
   * (its rows land in the DEFAULT partition where partitions were already
   * dropped) is kept, and moved into partitions by the next run.
   */
  purgeDefaultBefore: Record<PartitionedTable, number>;
  /** Partitions whose names this code did not make (left alone; the DEFAULT one is not listed). */
  unknown: string[];
};

export type PlanInput = {
  now: number;
  /** Partitions as listed by the database, DEFAULT ones excluded. */
  existing: ReadonlyArray<{ table: PartitionedTable; name: string }>;
  /** The windows of the SLOs in the database. */
  windows: readonly SloWindow[];
  dayRetentionDays: number;
};

function* partitionsFrom(table: PartitionedTable, from: number, last: number): Generator<Partition> {
  for (let p = partitionAt(table, from); p.from <= last; p = partitionAt(table, p.to)) yield p;
}

export function planPartitions(input: PlanInput, policy = PARTITION_POLICY): PartitionPlan {
  const today = Math.floor(input.now / DAY_MS) * DAY_MS;
  const keep = bucketKeepDays(input.windows, policy);
  // Whole days of a window are summed from the roll-up: never keep it shorter than the buckets.
  const dayRetentionDays = Math.max(input.dayRetentionDays, keep);
  const cutoff: Record<PartitionedTable, number> = { SloSliBucket: today - keep * DAY_MS, SloSliDay: today - dayRetentionDays * DAY_MS };
  const thisMonth = partitionAt('SloSliDay', today).from;
  const last: Record<PartitionedTable, number> = {
    SloSliBucket: today + policy.bucketAheadDays * DAY_MS,
    SloSliDay: Date.UTC(new Date(thisMonth).getUTCFullYear(), new Date(thisMonth).getUTCMonth() + policy.dayAheadMonths, 1),
  };
  const create: Partition[] = [];
  const drop: Partition[] = [];
  const unknown: string[] = [];
  for (const table of PARTITIONED_TABLES) {
    const parsed = input.existing.filter((e) => e.table === table).map((e) => ({ name: e.name, p: parsePartitionName(table, e.name) }));
    unknown.push(...parsed.filter((x) => !x.p).map((x) => x.name));
    const have = new Set(parsed.map((x) => x.name));
    for (const { p } of parsed) if (p && p.to <= cutoff[table]) drop.push(p);
    // The first partition wanted is the one holding the cutoff: it ends after it.
    for (const p of partitionsFrom(table, cutoff[table], last[table])) if (!have.has(p.name)) create.push(p);
  }
  const byStart = (a: Partition, b: Partition) => a.table.localeCompare(b.table) || a.from - b.from;
  const anyWindow = today - (MAX_WINDOW_DAYS + policy.marginDays) * DAY_MS;
  return {
    bucketCutoff: cutoff.SloSliBucket,
    dayCutoff: cutoff.SloSliDay,
    bucketKeepDays: keep,
    dayRetentionDays,
    create: create.sort(byStart),
    drop: drop.sort(byStart),
    purgeDefaultBefore: { SloSliBucket: Math.min(cutoff.SloSliBucket, anyWindow), SloSliDay: Math.min(cutoff.SloSliDay, anyWindow) },
    unknown,
  };
}

/**
 * Items grouped by the UTC day(s) `days` names for each, in first-seen order.
 * The bucket reads run one statement per group: a LATERAL read whose bounds
 * come from the row is pruned only while it runs, so its plan holds every
 * partition those bounds might reach, and that plan's size (planning, JIT
 * compilation) grows with the retention instead of with the rows read. In a
 * group the statement can bound the partition key by constants spanning only
 * the group's days.
 */
export function groupByDays<T>(items: readonly T[], days: (item: T) => readonly number[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = days(item).map((t) => Math.floor(t / DAY_MS)).join(':');
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return [...groups.values()];
}
