import type {
  DatabaseHealth,
  HealthReport,
  HeartbeatHealth,
  JobLastSeen,
  JobMetricsRow,
  QueueHealth,
} from './system.schema';

// Pure: health verdicts and the Prometheus text for job metrics. No I/O; `now`
// is passed in.

// The heartbeat runs every minute; three missed beats mean no worker is taking
// scheduled jobs (none running, all stuck, or the scheduler is down).
const HEARTBEAT_STALE_AFTER_SECONDS = 180;

export function heartbeatHealth(lastAt: Date | null, now: Date): HeartbeatHealth {
  if (!lastAt) return { lastAt: null, ageSeconds: null, stale: true };
  const ageSeconds = Math.max(0, Math.round((now.getTime() - lastAt.getTime()) / 1000));
  return { lastAt, ageSeconds, stale: ageSeconds > HEARTBEAT_STALE_AFTER_SECONDS };
}

// Only the web process's own dependencies decide the verdict. A stale heartbeat
// is reported but does not make the endpoint fail: a Kubernetes probe on the web
// pod must not restart healthy web servers because the worker deployment is down;
// alert on runwell_job_last_success_timestamp_seconds instead.
export function healthReport(input: {
  database: DatabaseHealth;
  queue: QueueHealth;
  heartbeatAt: Date | null;
  now: Date;
}): HealthReport {
  const ok = input.database.ok && input.queue.ok;
  return {
    status: ok ? 'ok' : 'degraded',
    checkedAt: input.now,
    database: input.database,
    queue: input.queue,
    heartbeat: heartbeatHealth(input.heartbeatAt, input.now),
  };
}

export function healthHttpStatus(report: Pick<HealthReport, 'status'>): 200 | 503 {
  return report.status === 'ok' ? 200 : 503;
}

// JSON for /api/health: dates as ISO strings, no error details beyond a short
// reason (the endpoint is public).
export function healthJson(report: HealthReport) {
  return {
    status: report.status,
    checkedAt: report.checkedAt.toISOString(),
    database: { ok: report.database.ok, latencyMs: report.database.latencyMs },
    queue: { ok: report.queue.ok, liveWorkers: report.queue.liveWorkers },
    heartbeat: {
      lastAt: report.heartbeat.lastAt?.toISOString() ?? null,
      ageSeconds: report.heartbeat.ageSeconds,
      stale: report.heartbeat.stale,
    },
  };
}

// Upper bounds (seconds) of the job duration histogram. Jobs range from a
// sub-second heartbeat to multi-minute collector sweeps.
export const DURATION_BUCKETS_SECONDS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800] as const;

/** Index of the smallest bucket whose bound holds `durationMs`; DURATION_BUCKETS_SECONDS.length for +Inf. */
export function bucketIndexOf(durationMs: number): number {
  const i = DURATION_BUCKETS_SECONDS.findIndex((le) => durationMs <= le * 1000);
  return i === -1 ? DURATION_BUCKETS_SECONDS.length : i;
}

export function escapeLabelValue(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('"', '\\"').replaceAll('\n', '\\n');
}

function escapeHelp(value: string): string {
  return value.replaceAll('\\', '\\\\').replaceAll('\n', '\\n');
}

function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labels(pairs: Record<string, string>): string {
  const body = Object.entries(pairs)
    .map(([k, v]) => `${k}="${escapeLabelValue(v)}"`)
    .join(',');
  return body ? `{${body}}` : '';
}

function family(name: string, type: 'counter' | 'gauge' | 'histogram', help: string, samples: string[]): string {
  return [`# HELP ${name} ${escapeHelp(help)}`, `# TYPE ${name} ${type}`, ...samples].join('\n');
}

// Job metrics are computed at scrape time from the JobRun table, which every
// worker process writes; the web process answering /metrics runs no jobs itself,
// so in-process counters would always read zero there.
//
// Counters are all-time counts from JobRun, so they only go up and `rate()` /
// `increase()` work as Prometheus users expect. Every web replica reads the same
// table and reports the same values: aggregate across instances with max(), not
// sum(). (If JobRun ever gets a retention sweep, it must carry the swept counts
// forward, or these counters would reset.)
export function renderJobMetrics(input: {
  rows: JobMetricsRow[];
  lastSeen: JobLastSeen[];
  liveWorkers: number | null;
}): string {
  const jobs = [...new Set([...input.rows.map((r) => r.name), ...input.lastSeen.map((l) => l.name)])].sort();
  const out: string[] = [];

  const runs: string[] = [];
  for (const job of jobs) {
    for (const status of ['ok', 'failed'] as const) {
      const total = input.rows.filter((r) => r.name === job && r.status === status).reduce((n, r) => n + r.runs, 0);
      runs.push(`runwell_job_runs_total${labels({ job, status })} ${total}`);
    }
  }
  out.push(family('runwell_job_runs_total', 'counter', 'Finished job runs, by job and outcome (all time, from JobRun)', runs));

  const hist: string[] = [];
  for (const job of jobs) {
    const rows = input.rows.filter((r) => r.name === job);
    let cumulative = 0;
    DURATION_BUCKETS_SECONDS.forEach((le, i) => {
      cumulative += rows.filter((r) => r.bucket === i).reduce((n, r) => n + r.runs, 0);
      hist.push(`runwell_job_duration_seconds_bucket${labels({ job, le: String(le) })} ${cumulative}`);
    });
    const count = rows.reduce((n, r) => n + r.runs, 0);
    const sumSeconds = rows.reduce((n, r) => n + r.durationSumMs, 0) / 1000;
    hist.push(`runwell_job_duration_seconds_bucket${labels({ job, le: '+Inf' })} ${count}`);
    hist.push(`runwell_job_duration_seconds_sum${labels({ job })} ${formatValue(sumSeconds)}`);
    hist.push(`runwell_job_duration_seconds_count${labels({ job })} ${count}`);
  }
  out.push(family('runwell_job_duration_seconds', 'histogram', 'Duration of finished job runs (all time, from JobRun)', hist));

  const success: string[] = [];
  const failure: string[] = [];
  const running: string[] = [];
  for (const seen of [...input.lastSeen].sort((a, b) => a.name.localeCompare(b.name))) {
    if (seen.lastSuccessAt) {
      success.push(`runwell_job_last_success_timestamp_seconds${labels({ job: seen.name })} ${seen.lastSuccessAt.getTime() / 1000}`);
    }
    if (seen.lastFailureAt) {
      failure.push(`runwell_job_last_failure_timestamp_seconds${labels({ job: seen.name })} ${seen.lastFailureAt.getTime() / 1000}`);
    }
    running.push(`runwell_job_running${labels({ job: seen.name })} ${seen.running}`);
  }
  out.push(
    family(
      'runwell_job_last_success_timestamp_seconds',
      'gauge',
      'Unix time the job last finished successfully; alert on time() minus this',
      success,
    ),
  );
  out.push(family('runwell_job_last_failure_timestamp_seconds', 'gauge', 'Unix time the job last failed', failure));
  out.push(family('runwell_job_running', 'gauge', 'Job runs started and not yet finished', running));
  if (input.liveWorkers !== null) {
    out.push(
      family('runwell_workers_live', 'gauge', 'Worker processes whose queue heartbeat is current', [
        `runwell_workers_live ${input.liveWorkers}`,
      ]),
    );
  }
  return `${out.join('\n')}\n`;
}

// Who may read /metrics. Prometheus scrapers cannot sign in, so the endpoint
// takes either a shared bearer token or trust in the network position:
// - RUNWELL_METRICS_TOKEN set: only `Authorization: Bearer <token>` is accepted,
//   from anywhere (what a scraper in another pod or host uses).
// - unset: allowed only to a client on this host: the client address
//   (clientAddress(): the TCP peer, or what a configured proxy says) is
//   loopback, or, when the address is unknown (no peer stamp), the web server
//   listens on a loopback address (so every TCP peer is on this host by
//   construction). In both cases NO proxy header (X-Forwarded-For, Forwarded,
//   X-Real-IP, trusted or not) may name a non-loopback client: a reverse proxy
//   on this host exposing the server to the network is not "local". Headers
//   can only refuse here, never grant.
// Anything else is 401. The metrics reveal job names, counts and timings, not
// secrets, but they are operational detail that should not be public.
export type MetricsAccess = { allowed: true; via: 'token' | 'loopback' } | { allowed: false; reason: string };

export function isLoopbackHost(host: string | null | undefined): boolean {
  if (!host) return false;
  const h = host.trim().toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(?:\.\d{1,3}){3}$/.test(h) || /^::ffff:127(?:\.\d{1,3}){3}$/.test(h);
}

export function metricsAccess(input: {
  authorization: string | null;
  /** clientAddress() of the request: null when this process cannot know it. */
  client: string | null;
  /** Every address any proxy header names (allClaimedAddresses()). */
  claimed: string[];
  token: string | undefined;
  listenHost: string | undefined;
  tokensEqual: (a: string, b: string) => boolean;
}): MetricsAccess {
  const token = input.token?.trim();
  if (token) {
    const presented = /^Bearer\s+(.+)$/i.exec(input.authorization?.trim() ?? '')?.[1]?.trim();
    if (presented && input.tokensEqual(presented, token)) return { allowed: true, via: 'token' };
    return { allowed: false, reason: 'Send Authorization: Bearer <RUNWELL_METRICS_TOKEN>' };
  }
  const local = input.client !== null ? isLoopbackHost(input.client) : isLoopbackHost(input.listenHost);
  if (local && input.claimed.every(isLoopbackHost)) return { allowed: true, via: 'loopback' };
  return {
    allowed: false,
    reason: 'Metrics are served without a token only to this host; set RUNWELL_METRICS_TOKEN to let a remote Prometheus scrape them',
  };
}
