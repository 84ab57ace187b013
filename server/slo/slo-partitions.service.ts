import { readEnv } from '../config';
import { db, inTransaction, type Db } from '../database/tx';
import { windowSchema, type SloWindow } from './slo.schema';
import { MAX_WINDOW_DAYS, PARTITIONED_TABLES, planPartitions, type Partition } from './slo-partitions.compute';
import * as repo from './slo-partitions.repo';

// Partition maintenance of SloSliBucket and SloSliDay (docs/slo.md, "Storage"),
// run daily by the slo.partitions job: create the partitions ahead, drop those
// past retention (DROP TABLE, never a DELETE of their rows), empty the DEFAULT
// partition into the partitions it now has and of rows past any retention.
// One short transaction per partition, so a failure (a lock not granted within
// its timeout) keeps what was done and the job's retry does the rest.

export type PartitionReport = {
  created: string[];
  dropped: string[];
  /** Rows moved from the DEFAULT partition into partitions created for them. */
  movedFromDefault: number;
  /** Rows of the DEFAULT partition deleted as past retention. */
  purgedFromDefault: number;
  bucketKeepDays: number;
  dayRetentionDays: number;
  bucketCutoff: number;
  dayCutoff: number;
  /** Partitions with names this code does not make, left alone. */
  unknown: string[];
};

/** A move of many rows out of the DEFAULT partition may take longer than the usual 15 s. */
const CREATE_TIMEOUT_MS = 10 * 60_000;

/** Stored windows; one that no longer parses counts as the longest allowed, so its buckets are never dropped early. */
async function windows(tx: Db): Promise<SloWindow[]> {
  return (await repo.sloWindows(tx)).map((w) => {
    const parsed = windowSchema.safeParse(w);
    return parsed.success ? parsed.data : { type: 'rolling', days: MAX_WINDOW_DAYS };
  });
}

export async function maintainSloPartitions(now: number, opts: { dayRetentionDays?: number } = {}): Promise<PartitionReport> {
  const dayRetentionDays = opts.dayRetentionDays ?? readEnv().RUNWELL_SLO_DAY_RETENTION_DAYS;
  const plan = planPartitions({ now, existing: await repo.listPartitions(db()), windows: await windows(db()), dayRetentionDays });
  const report: PartitionReport = {
    created: [],
    dropped: [],
    movedFromDefault: 0,
    purgedFromDefault: 0,
    bucketKeepDays: plan.bucketKeepDays,
    dayRetentionDays: plan.dayRetentionDays,
    bucketCutoff: plan.bucketCutoff,
    dayCutoff: plan.dayCutoff,
    unknown: plan.unknown,
  };
  for (const p of plan.create) {
    const r = await inTransaction((tx) => repo.createPartition(tx, p), { timeoutMs: CREATE_TIMEOUT_MS });
    if (r.created) report.created.push(p.name);
    report.movedFromDefault += r.moved;
  }
  for (const p of plan.drop) if (await dropIfStillPast(p, now, dayRetentionDays)) report.dropped.push(p.name);
  for (const table of PARTITIONED_TABLES) report.purgedFromDefault += await repo.purgeDefault(db(), table, plan.purgeDefaultBefore[table]);
  return report;
}

/**
 * Drop `p` if, with its table locked, it is still past retention. The windows
 * are read again under the lock: an SLO lengthened since the plan was made
 * may have backfilled into `p`, and its backfill's later writes wait for the
 * lock, then land in the DEFAULT partition (kept, see purgeDefaultBefore).
 */
async function dropIfStillPast(p: Partition, now: number, dayRetentionDays: number): Promise<boolean> {
  return inTransaction(async (tx) => {
    await repo.lockTable(tx, p.table);
    const again = planPartitions({ now, existing: [{ table: p.table, name: p.name }], windows: await windows(tx), dayRetentionDays });
    return again.drop.length > 0 && (await repo.dropPartition(tx, p));
  });
}
