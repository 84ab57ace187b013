import type { Db } from '../database/tx';
import type { Partition, PartitionedTable } from './slo-partitions.compute';

// The DDL behind slo-partitions.service.ts: list, create and drop the time
// partitions of SloSliBucket and SloSliDay (migration 20261206193500).
//
// Every change takes ACCESS EXCLUSIVE on the parent first (CREATE ... PARTITION
// OF and DROP take it anyway) and gives up after LOCK_TIMEOUT rather than queue
// every reader of the table behind a long query; the job retries. Taking it
// first serialises concurrent runs: the second sees the first one's partition
// after the lock and skips it (CREATE TABLE IF NOT EXISTS alone checks the name
// before it locks, so two racing runs could both try to create it).

const LOCK_TIMEOUT = '5s';
const KEY: Record<PartitionedTable, string> = { SloSliBucket: '"start"', SloSliDay: '"day"' };

/** Our names are [A-Za-z0-9_]; anything else never reaches the DDL. */
function ident(name: string): string {
  if (!/^[A-Za-z0-9_]+$/.test(name)) throw new Error(`not a partition name: ${name}`);
  return `"${name}"`;
}

const defaultOf = (table: PartitionedTable) => ident(`${table}_default`);
const iso = (t: number) => new Date(t).toISOString();

/** The range partitions of both tables (the DEFAULT ones excluded). */
export async function listPartitions(db: Db): Promise<Array<{ table: PartitionedTable; name: string }>> {
  return db.$queryRaw<Array<{ table: PartitionedTable; name: string }>>`
    SELECT p.relname AS "table", c.relname AS name
    FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    WHERE i.inhparent IN ('"SloSliBucket"'::regclass, '"SloSliDay"'::regclass) AND pg_get_expr(c.relpartbound, c.oid) <> 'DEFAULT'
    ORDER BY 1, 2`;
}

/** The windows (JSON as stored) of every SLO, each distinct one once. */
export async function sloWindows(db: Db): Promise<unknown[]> {
  const rows = await db.$queryRaw<Array<{ w: string }>>`SELECT DISTINCT "window"::text AS w FROM "Slo"`;
  return rows.map((r) => JSON.parse(r.w) as unknown);
}

/** Lock `table` (and so all its partitions) against every other session for the rest of the transaction. */
export async function lockTable(tx: Db, table: PartitionedTable): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
  await tx.$executeRawUnsafe(`LOCK TABLE ${ident(table)} IN ACCESS EXCLUSIVE MODE`);
}

async function exists(tx: Db, name: string): Promise<boolean> {
  const rows = await tx.$queryRaw<Array<{ e: boolean }>>`SELECT to_regclass(${ident(name)}) IS NOT NULL AS e`;
  return rows[0]!.e;
}

/**
 * Create partition `p` unless it exists. Postgres refuses to create it while
 * the DEFAULT partition holds rows in its range, so those rows are moved into
 * it in the same transaction (the table is locked: no write sees them in
 * between). Returns whether it was created and how many rows moved.
 */
export async function createPartition(tx: Db, p: Partition): Promise<{ created: boolean; moved: number }> {
  await lockTable(tx, p.table);
  if (await exists(tx, p.name)) return { created: false, moved: 0 };
  const parent = ident(p.table);
  const bounds = `FOR VALUES FROM ('${iso(p.from)}') TO ('${iso(p.to)}')`;
  const inRange = `${KEY[p.table]} >= $1::timestamptz AND ${KEY[p.table]} < $2::timestamptz`;
  const held = await tx.$queryRawUnsafe<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM ${defaultOf(p.table)} WHERE ${inRange}`, iso(p.from), iso(p.to));
  if (held[0]!.n === 0) {
    await tx.$executeRawUnsafe(`CREATE TABLE ${ident(p.name)} PARTITION OF ${parent} ${bounds}`);
    return { created: true, moved: 0 };
  }
  await tx.$executeRawUnsafe(`CREATE TEMP TABLE slo_partition_move (LIKE ${parent}) ON COMMIT DROP`);
  const moved = await tx.$executeRawUnsafe(
    `WITH m AS (DELETE FROM ${defaultOf(p.table)} WHERE ${inRange} RETURNING *) INSERT INTO slo_partition_move SELECT * FROM m`,
    iso(p.from),
    iso(p.to),
  );
  await tx.$executeRawUnsafe(`CREATE TABLE ${ident(p.name)} PARTITION OF ${parent} ${bounds}`);
  await tx.$executeRawUnsafe(`INSERT INTO ${ident(p.name)} SELECT * FROM slo_partition_move`);
  return { created: true, moved };
}

/** Drop partition `p` with its rows (the caller holds lockTable). Returns whether it existed. */
export async function dropPartition(tx: Db, p: Partition): Promise<boolean> {
  if (!(await exists(tx, p.name))) return false;
  await tx.$executeRawUnsafe(`DROP TABLE ${ident(p.name)}`);
  return true;
}

/** Delete the DEFAULT partition's rows of `table` before `before` (see PartitionPlan.purgeDefaultBefore). */
export async function purgeDefault(db: Db, table: PartitionedTable, before: number): Promise<number> {
  return db.$executeRawUnsafe(`DELETE FROM ${defaultOf(table)} WHERE ${KEY[table]} < $1::timestamptz`, iso(before));
}
