import type { Db } from '../database/tx';
import { QUEUE_SCHEMA } from '../jobs/queue';
import type { JobLastSeen, JobMetricsRow, JobRunDto, JobStatus } from './system.schema';
import { DURATION_BUCKETS_SECONDS } from './system.compute';

type JobRunRow = {
  id: bigint;
  name: string;
  workerId: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  status: string;
  error: string | null;
};

const toDto = (r: JobRunRow): JobRunDto => ({ ...r, id: r.id.toString(), status: r.status as JobStatus });

export async function insertJobRun(db: Db, data: { name: string; workerId: string; startedAt: Date; jobId: string; attempt: number }): Promise<string> {
  const row = await db.jobRun.create({ data: { ...data, status: 'running' }, select: { id: true } });
  return row.id.toString();
}

export async function finishJobRun(
  db: Db,
  id: string,
  outcome: { status: 'ok' | 'failed'; finishedAt: Date; durationMs: number; error: string | null },
): Promise<void> {
  await db.jobRun.update({ where: { id: BigInt(id) }, data: outcome });
}

export async function listJobRuns(db: Db, name: string, limit: number): Promise<JobRunDto[]> {
  const rows = await db.jobRun.findMany({ where: { name }, orderBy: { startedAt: 'desc' }, take: limit });
  return rows.map(toDto);
}

export async function lastFinishedRun(db: Db, name: string, status?: 'ok' | 'failed'): Promise<JobRunDto | null> {
  const row = await db.jobRun.findFirst({
    where: { name, ...(status ? { status } : { status: { in: ['ok', 'failed'] } }) },
    orderBy: { startedAt: 'desc' },
  });
  return row ? toDto(row) : null;
}

// The distinct job names, by a loose index scan over JobRun(name, startedAt):
// one index probe per name instead of reading every row.
const JOB_NAMES = `
  WITH RECURSIVE names(name) AS (
    (SELECT name FROM "JobRun" ORDER BY name LIMIT 1)
    UNION ALL
    SELECT (SELECT j.name FROM "JobRun" j WHERE j.name > names.name ORDER BY j.name LIMIT 1)
    FROM names WHERE names.name IS NOT NULL
  )
  SELECT name FROM names WHERE name IS NOT NULL`;

export type JobWindowStats = {
  name: string;
  runs: number;
  failures: number;
  p95DurationMs: number | null;
  lastSuccessAt: Date | null;
};

// Per job: runs and failures since `since`, p95 duration of the finished ones,
// and the last success ever. Every subquery is an index range on (name, startedAt).
export async function jobWindowStats(db: Db, since: Date): Promise<JobWindowStats[]> {
  const rows = await db.$queryRawUnsafe<
    { name: string; runs: bigint; failures: bigint; p95: number | null; last_success: Date | null }[]
  >(
    `SELECT n.name, w.runs, w.failures, w.p95,
            (SELECT r."finishedAt" FROM "JobRun" r WHERE r.name = n.name AND r.status = 'ok'
             ORDER BY r."startedAt" DESC LIMIT 1) AS last_success
     FROM (${JOB_NAMES}) n
     CROSS JOIN LATERAL (
       SELECT count(*) AS runs,
              count(*) FILTER (WHERE status = 'failed') AS failures,
              percentile_cont(0.95) WITHIN GROUP (ORDER BY "durationMs") FILTER (WHERE "durationMs" IS NOT NULL) AS p95
       FROM "JobRun" r WHERE r.name = n.name AND r."startedAt" >= $1
     ) w
     ORDER BY n.name`,
    since,
  );
  return rows.map((r) => ({
    name: r.name,
    runs: Number(r.runs),
    failures: Number(r.failures),
    p95DurationMs: r.p95 === null ? null : Math.round(r.p95),
    lastSuccessAt: r.last_success,
  }));
}

export async function latestRuns(db: Db): Promise<JobRunDto[]> {
  const rows = await db.$queryRawUnsafe<JobRunRow[]>(
    `SELECT l.* FROM (${JOB_NAMES}) n
     CROSS JOIN LATERAL (
       SELECT * FROM "JobRun" r WHERE r.name = n.name ORDER BY r."startedAt" DESC LIMIT 1
     ) l
     ORDER BY n.name`,
  );
  return rows.map(toDto);
}

// All-time aggregate for the Prometheus counters and histogram. This reads the
// whole finished part of JobRun on each scrape (a few hundred ms at ~10^6 rows);
// a rollup table is the next step if that ever matters.
export async function jobMetricsRows(db: Db): Promise<JobMetricsRow[]> {
  const bounds = DURATION_BUCKETS_SECONDS.map((s) => s * 1000);
  const rows = await db.$queryRawUnsafe<
    { name: string; status: 'ok' | 'failed'; bucket: number; runs: bigint; sum_ms: bigint | null }[]
  >(
    // width_bucket(x, bounds) counts the bounds <= x; the histogram's buckets are
    // upper-inclusive (le), so a run of exactly 100 ms belongs with le=0.1.
    `SELECT name, status,
            (SELECT count(*) FROM unnest($1::float8[]) b WHERE b < COALESCE("durationMs", 0))::int AS bucket,
            count(*) AS runs, sum(COALESCE("durationMs", 0))::bigint AS sum_ms
     FROM "JobRun" WHERE status IN ('ok', 'failed')
     GROUP BY 1, 2, 3`,
    bounds,
  );
  return rows.map((r) => ({
    name: r.name,
    status: r.status,
    bucket: r.bucket,
    runs: Number(r.runs),
    durationSumMs: Number(r.sum_ms ?? 0),
  }));
}

export async function jobLastSeen(db: Db, runningSince: Date): Promise<JobLastSeen[]> {
  const rows = await db.$queryRawUnsafe<
    { name: string; last_success: Date | null; last_failure: Date | null; running: bigint }[]
  >(
    `SELECT n.name,
       (SELECT r."finishedAt" FROM "JobRun" r WHERE r.name = n.name AND r.status = 'ok' ORDER BY r."startedAt" DESC LIMIT 1) AS last_success,
       (SELECT r."finishedAt" FROM "JobRun" r WHERE r.name = n.name AND r.status = 'failed' ORDER BY r."startedAt" DESC LIMIT 1) AS last_failure,
       (SELECT count(*) FROM "JobRun" r WHERE r.name = n.name AND r.status = 'running' AND r."startedAt" >= $1) AS running
     FROM (${JOB_NAMES}) n ORDER BY n.name`,
    runningSince,
  );
  return rows.map((r) => ({
    name: r.name,
    lastSuccessAt: r.last_success,
    lastFailureAt: r.last_failure,
    running: Number(r.running),
  }));
}

export async function pingDatabase(db: Db): Promise<void> {
  await db.$queryRawUnsafe('SELECT 1');
}

// The queue is usable when pg-boss's schema is installed and readable; live
// workers are pg-boss instances (worker processes) with a current heartbeat.
export async function queueState(db: Db): Promise<{ version: number | null; liveWorkers: number }> {
  const version = await db.$queryRawUnsafe<{ version: number }[]>(`SELECT version FROM ${QUEUE_SCHEMA}.version LIMIT 1`);
  const live = await db.$queryRawUnsafe<{ live: bigint }[]>(
    `SELECT count(*) AS live FROM ${QUEUE_SCHEMA}.instance
     WHERE name = 'runwell-worker' AND stopped_on IS NULL
       AND heartbeat_on >= now() - heartbeat_seconds * 3 * interval '1 second'`,
  );
  return { version: version[0]?.version ?? null, liveWorkers: Number(live[0]?.live ?? 0) };
}
