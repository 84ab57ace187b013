import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db } from '../database/tx';
import { healthReport, renderJobMetrics } from './system.compute';
import * as repo from './system.repo';
import { redactString } from '../audit/redact.compute';
import {
  HEARTBEAT_JOB,
  jobRunsInputSchema,
  type DatabaseHealth,
  type HealthReport,
  type JobRunDto,
  type JobRunsInput,
  type JobSummary,
  type QueueHealth,
  type SystemStatus,
} from './system.schema';

const PROBE_TIMEOUT_MS = 2_000;
const DAY_MS = 24 * 60 * 60 * 1000;
// A run still marked running after this long belongs to a worker that died
// mid-job (pg-boss expires and retries the job itself, as a new run).
const RUNNING_HORIZON_MS = 60 * 60 * 1000;

const authorizeRead = (ctx: RequestContext) => authorize(ctx, 'app.read', 'You may not view system status');

// A blackholed database host would otherwise hang the probe until the TCP
// timeout; a load balancer needs an answer within its own probe timeout.
function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function probeDatabase(): Promise<DatabaseHealth> {
  const start = performance.now();
  try {
    await withTimeout(repo.pingDatabase(db()), PROBE_TIMEOUT_MS, 'Database');
    return { ok: true, latencyMs: Math.round((performance.now() - start) * 10) / 10 };
  } catch (error) {
    return { ok: false, latencyMs: null, error: (error as Error).message };
  }
}

async function probeQueue(): Promise<QueueHealth> {
  try {
    const state = await withTimeout(repo.queueState(db()), PROBE_TIMEOUT_MS, 'Queue');
    if (state.version === null) return { ok: false, liveWorkers: null, error: 'Queue schema is not installed' };
    return { ok: true, liveWorkers: state.liveWorkers };
  } catch (error) {
    return { ok: false, liveWorkers: null, error: (error as Error).message };
  }
}

async function lastHeartbeat(): Promise<Date | null> {
  try {
    const run = await withTimeout(repo.lastFinishedRun(db(), HEARTBEAT_JOB, 'ok'), PROBE_TIMEOUT_MS, 'Database');
    return run?.finishedAt ?? null;
  } catch {
    return null;
  }
}

/** Unauthenticated on purpose: /api/health serves it to load balancers and probes. */
export async function checkHealth(now: () => Date = () => new Date()): Promise<HealthReport> {
  const database = await probeDatabase();
  const [queue, heartbeatAt] = database.ok
    ? await Promise.all([probeQueue(), lastHeartbeat()])
    : [{ ok: false, liveWorkers: null, error: 'Database is unreachable' } satisfies QueueHealth, null];
  return healthReport({ database, queue, heartbeatAt, now: now() });
}

async function jobSummaries(now: Date): Promise<JobSummary[]> {
  const [stats, latest] = await Promise.all([
    repo.jobWindowStats(db(), new Date(now.getTime() - DAY_MS)),
    repo.latestRuns(db()),
  ]);
  const lastByName = new Map(latest.map((r) => [r.name, r]));
  return stats.map((s) => ({
    name: s.name,
    lastRun: lastByName.get(s.name) ?? null,
    lastSuccessAt: s.lastSuccessAt,
    runs24h: s.runs,
    failures24h: s.failures,
    p95DurationMs24h: s.p95DurationMs,
  }));
}

export async function getSystemStatus(ctx: RequestContext, now: () => Date = () => new Date()): Promise<SystemStatus> {
  authorizeRead(ctx);
  const health = await checkHealth(now);
  const jobs = health.database.ok ? await jobSummaries(health.checkedAt) : [];
  return { health, jobs };
}

export async function listJobRuns(ctx: RequestContext, input: JobRunsInput): Promise<JobRunDto[]> {
  authorizeRead(ctx);
  const { name, limit } = jobRunsInputSchema.parse(input);
  return repo.listJobRuns(db(), name, limit);
}

/** Prometheus text for the job metrics; /metrics guards access itself. */
export async function jobMetricsText(now: Date = new Date()): Promise<string> {
  const [rows, lastSeen, queue] = await Promise.all([
    repo.jobMetricsRows(db()),
    repo.jobLastSeen(db(), new Date(now.getTime() - RUNNING_HORIZON_MS)),
    repo.queueState(db()).catch(() => null),
  ]);
  return renderJobMetrics({ rows, lastSeen, liveWorkers: queue?.liveWorkers ?? null });
}

// Job runs are recorded by the worker runner, not by people: they are
// operational telemetry rather than audited changes, so no audit row is written.
export function recordJobStart(data: { name: string; workerId: string; startedAt: Date; jobId: string; attempt: number }): Promise<string> {
  return repo.insertJobRun(db(), data);
}

export function recordJobFinish(
  id: string,
  outcome: { status: 'ok' | 'failed'; finishedAt: Date; durationMs: number; error: string | null },
): Promise<void> {
  // Errors are shown to every reader on the System page: no credentials in them
  // (a URL with user:password@, a Bearer header, a Slack webhook URL).
  return repo.finishJobRun(db(), id, { ...outcome, error: outcome.error === null ? null : redactString(outcome.error) });
}

/** For the heartbeat job: proves this process reaches the database. */
export async function pingDatabase(): Promise<void> {
  await repo.pingDatabase(db());
}
