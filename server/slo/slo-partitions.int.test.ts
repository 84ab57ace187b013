import { describe, expect, it } from 'vitest';
import { db } from '../database/tx';
import { getPrisma } from '../db';
import { DAY_MS, MINUTE_MS } from '../lib/duration';
import * as repo from './slo.repo';
import { partitionAt, type PartitionedTable } from './slo-partitions.compute';
import { listPartitions } from './slo-partitions.repo';
import { rangeSums } from './slo-sums.repo';
import { maintainSloPartitions, type PartitionReport } from './slo-partitions.service';

// Partition maintenance against the migrated database (docs/slo.md, "Storage").
// The database is shared with the other integration files, whose SLOs set the
// bucket retention, so the instants here lie years before today: the runs
// create and drop partitions of 2018-2023 only, and assertions read the
// cutoffs from the report. Slo seqs far above any real one: the bucket tables
// have no foreign key.

const FIVE_MIN = 5 * MINUTE_MS;
const T1 = Date.parse('2021-03-10T12:00:00Z');
const T2 = Date.parse('2022-06-15T12:00:00Z');
const T3 = Date.parse('2023-01-20T12:00:00Z');
const SEQ = 2_000_000_001;
const RETENTION = 400;
const run = (now: number) => maintainSloPartitions(now, { dayRetentionDays: RETENTION });

/** A whole UTC day of buckets from `day` (288), every tenth one missing. */
async function writeDay(seq: number, day: number): Promise<void> {
  const buckets = Array.from({ length: 288 }, (_, i) => ({ start: day + i * FIVE_MIN, bad: i % 10 === 0 ? 0 : 1, total: i % 10 === 0 ? 0 : 100, missing: i % 10 === 0 }));
  await repo.upsertBuckets(db(), seq, buckets);
}

/** Where each stored row of `seq` in [from, to) lives, by partition name. */
async function homes(table: PartitionedTable, seq: number, from: number, to: number): Promise<Record<string, number>> {
  const key = table === 'SloSliBucket' ? 'start' : 'day';
  const rows = await getPrisma().$queryRawUnsafe<Array<{ p: string; n: number }>>(
    `SELECT tableoid::regclass::text AS p, count(*)::int AS n FROM "${table}" WHERE "sloSeq" = $1 AND "${key}" >= $2::timestamptz AND "${key}" < $3::timestamptz GROUP BY 1`,
    seq,
    new Date(from).toISOString(),
    new Date(to).toISOString(),
  );
  return Object.fromEntries(rows.map((r) => [r.p.replaceAll('"', ''), r.n]));
}

const names = async (table: PartitionedTable) => new Set((await listPartitions(db())).filter((p) => p.table === table).map((p) => p.name));
const day = (t: number) => Math.floor(t / DAY_MS) * DAY_MS;

describe('SLO partition maintenance', () => {
  const OLD = day(T1) - 2 * DAY_MS; // in T1's range, past retention at T2
  const FRESH = day(T2) - DAY_MS; // no partition until the run at T2
  const STRAY = Date.parse('2018-01-01T00:00:00Z'); // before any window can reach at T2
  const TODAY = day(Date.now()); // the migration's partitions, never touched by these runs
  let atT1: PartitionReport;

  it('creates every bucket day from the cutoff to 7 days ahead and roll-up months up to 2 ahead', async () => {
    atT1 = await run(T1);
    expect(atT1.unknown).toEqual([]); // the migration named its partitions as the job does
    expect(atT1.bucketKeepDays).toBeGreaterThanOrEqual(37);
    const buckets = await names('SloSliBucket');
    for (let t = atT1.bucketCutoff; t <= day(T1) + 7 * DAY_MS; t += DAY_MS) expect(buckets).toContain(partitionAt('SloSliBucket', t).name);
    expect(buckets).not.toContain(partitionAt('SloSliBucket', day(T1) + 8 * DAY_MS).name);
    expect(buckets).not.toContain(partitionAt('SloSliBucket', atT1.bucketCutoff - DAY_MS).name);
    const days = await names('SloSliDay');
    for (const month of ['202002', '202006', '202012', '202103', '202105']) expect(days).toContain(`SloSliDay_p${month}`);
    expect(days).not.toContain('SloSliDay_p202106');
    expect(atT1.created).toContain('SloSliBucket_p20210317');
    expect(atT1.created).toContain('SloSliDay_p202105');
  });

  it('a write where no partition exists succeeds, lands in the DEFAULT partition and reads back', async () => {
    await writeDay(SEQ, OLD);
    await writeDay(SEQ, FRESH);
    await writeDay(SEQ, TODAY);
    await repo.upsertBuckets(db(), SEQ, [{ start: STRAY, bad: 1, total: 2, missing: false }]);
    expect(await homes('SloSliBucket', SEQ, OLD, OLD + DAY_MS)).toEqual({ SloSliBucket_p20210308: 288 });
    expect(await homes('SloSliBucket', SEQ, FRESH, FRESH + DAY_MS)).toEqual({ SloSliBucket_default: 288 });
    expect(await homes('SloSliDay', SEQ, FRESH, FRESH + DAY_MS)).toEqual({ SloSliDay_default: 1 });
    expect(await homes('SloSliBucket', SEQ, TODAY, TODAY + DAY_MS)).toEqual({ [partitionAt('SloSliBucket', TODAY).name]: 288 });
    const read = await repo.loadBuckets(db(), SEQ, FRESH, FRESH + DAY_MS);
    expect(read).toHaveLength(288);
    expect(read[1]).toEqual({ start: FRESH + FIVE_MIN, bad: 1, total: 100, missing: false });
    expect(await repo.loadBuckets(db(), SEQ, STRAY, STRAY + FIVE_MIN)).toHaveLength(1);
  });

  it('drops partitions past retention with their rows; moves DEFAULT rows into the partitions it creates; other rows stay readable', async () => {
    const atT2 = await run(T2);
    // Buckets: T1's days are past the longest window + margin.
    expect(atT2.dropped).toEqual(expect.arrayContaining(['SloSliBucket_p20210308', 'SloSliBucket_p20210317']));
    expect(await repo.loadBuckets(db(), SEQ, OLD, OLD + DAY_MS)).toEqual([]);
    // Roll-ups: March 2021 ends before T2 - 400 days; May 2021 does not.
    expect(atT2.dayCutoff).toBe(day(T2) - RETENTION * DAY_MS);
    expect(atT2.dropped).toContain('SloSliDay_p202103');
    expect(atT2.dropped).not.toContain('SloSliDay_p202105');
    expect(await homes('SloSliDay', SEQ, OLD, OLD + DAY_MS)).toEqual({});
    expect(await names('SloSliDay')).toContain('SloSliDay_p202105');
    // The day written into the DEFAULT partition now lives in its own.
    expect(atT2.created).toContain('SloSliBucket_p20220614');
    expect(atT2.movedFromDefault).toBeGreaterThanOrEqual(288 + 1);
    expect(await homes('SloSliBucket', SEQ, FRESH, FRESH + DAY_MS)).toEqual({ SloSliBucket_p20220614: 288 });
    expect(await homes('SloSliDay', SEQ, FRESH, FRESH + DAY_MS)).toEqual({ SloSliDay_p202206: 1 });
    const sums = (await rangeSums(db(), [{ seq: SEQ, key: 'window', from: FRESH, to: FRESH + DAY_MS }])).get(SEQ)?.window;
    expect(sums).toEqual({ bad: 259, total: 25_900, presentBuckets: 259 });
    // A DEFAULT row older than any window allowed is deleted (there is no partition to drop).
    expect(atT2.purgedFromDefault).toBeGreaterThanOrEqual(1);
    expect(await repo.loadBuckets(db(), SEQ, STRAY, STRAY + FIVE_MIN)).toEqual([]);
    // Today's partitions are years after every cutoff here.
    expect(await repo.loadBuckets(db(), SEQ, TODAY, TODAY + DAY_MS)).toHaveLength(288);
  });

  it('is idempotent: a second run the same day has nothing to do', async () => {
    const before = await listPartitions(db());
    const again = await run(T2 + 3_600_000);
    expect({ created: again.created, dropped: again.dropped, moved: again.movedFromDefault }).toEqual({ created: [], dropped: [], moved: 0 });
    expect(await listPartitions(db())).toEqual(before);
    expect(await repo.loadBuckets(db(), SEQ, FRESH, FRESH + DAY_MS)).toHaveLength(288);
  });

  it('two runs at once both succeed, each partition created or dropped by one of them', async () => {
    const [a, b] = await Promise.all([run(T3), run(T3)]);
    const created = [...a.created, ...b.created];
    const dropped = [...a.dropped, ...b.dropped];
    expect(new Set(created).size).toBe(created.length);
    expect(new Set(dropped).size).toBe(dropped.length);
    expect(created).toContain('SloSliBucket_p20230127');
    expect(dropped).toContain('SloSliBucket_p20220614');
    const after = await names('SloSliBucket');
    for (let t = a.bucketCutoff; t <= day(T3) + 7 * DAY_MS; t += DAY_MS) expect(after).toContain(partitionAt('SloSliBucket', t).name);
    expect(after).not.toContain('SloSliBucket_p20220614');
    expect(await repo.loadBuckets(db(), SEQ, TODAY, TODAY + DAY_MS)).toHaveLength(288);
  });
});
