'use client';

import { useQuery } from '@tanstack/react-query';
import type { HealthReport, JobSummary } from '@/server/system/system.schema';
import { HEARTBEAT_JOB } from '@/server/system/system.schema';
import { formatRelative } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Table } from '../ui/Table';
import { When } from '../format/When';

const REFRESH_MS = 30_000;

function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}

const STATUS_TONE: Record<string, Tone> = { ok: 'success', failed: 'danger', running: 'info' };
const STATUS_LABEL: Record<string, string> = { ok: 'OK', failed: 'Failed', running: 'Running' };

function HealthBadges({ health }: { health: HealthReport }) {
  const { database, queue, heartbeat } = health;
  return (
    <div className="row" aria-label="Health checks">
      <Badge tone={health.status === 'ok' ? 'success' : 'danger'}>{health.status === 'ok' ? 'Healthy' : 'Degraded'}</Badge>
      <Badge tone={database.ok ? 'success' : 'danger'}>
        Database {database.ok ? `OK (${database.latencyMs} ms)` : 'unreachable'}
      </Badge>
      <Badge tone={queue.ok ? 'success' : 'danger'}>
        Queue {queue.ok ? `OK (${queue.liveWorkers ?? 0} worker${queue.liveWorkers === 1 ? '' : 's'} live)` : 'unavailable'}
      </Badge>
      <Badge tone={heartbeat.stale ? 'warning' : 'success'}>
        Heartbeat <When at={heartbeat.lastAt} empty="never" />
      </Badge>
    </div>
  );
}

function HeartbeatWarning({ health, now }: { health: HealthReport; now: Date }) {
  if (!health.heartbeat.stale || !health.database.ok) return null;
  return (
    <Alert tone="warning" title={health.heartbeat.lastAt ? 'Background jobs have stopped' : 'No background job has run yet'}>
      {health.heartbeat.lastAt
        ? `The last heartbeat finished ${formatRelative(health.heartbeat.lastAt, now)}. `
        : 'The heartbeat job runs every minute once a worker is up. '}
      Check that at least one worker runs: <code>runwell worker</code> (or <code>runwell serve</code>, which starts them).
    </Alert>
  );
}

function JobsTable({ jobs }: { jobs: JobSummary[] }) {
  return (
    <Table caption="Background jobs">
      <thead>
        <tr>
          <th scope="col">Job</th>
          <th scope="col">Last run</th>
          <th scope="col">Status</th>
          <th scope="col">Duration</th>
          <th scope="col">Runs (24 h)</th>
          <th scope="col">Failures (24 h)</th>
          <th scope="col">p95 (24 h)</th>
          <th scope="col">Last success</th>
        </tr>
      </thead>
      <tbody>
        {jobs.map((job) => {
          const last = job.lastRun;
          return (
            <tr key={job.name} data-job={job.name}>
              <th scope="row" className="mono">
                {job.name}
              </th>
              <td className="nowrap">
                {last ? (
                  <span title={`on ${last.workerId}`}>
                    <When at={last.startedAt} />
                  </span>
                ) : (
                  'Never'
                )}
              </td>
              <td>
                {last ? (
                  <span title={last.error ?? undefined}>
                    <Badge tone={STATUS_TONE[last.status] ?? 'neutral'}>{STATUS_LABEL[last.status] ?? last.status}</Badge>
                  </span>
                ) : (
                  '—'
                )}
                {last?.error && <div className="muted">{last.error}</div>}
              </td>
              <td className="nowrap">{formatDuration(last?.durationMs)}</td>
              <td>{job.runs24h}</td>
              <td>{job.failures24h > 0 ? <Badge tone="danger">{job.failures24h}</Badge> : 0}</td>
              <td className="nowrap">{formatDuration(job.p95DurationMs24h)}</td>
              <td className="nowrap"><When at={job.lastSuccessAt} empty="Never" /></td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}

/**
 * Database and queue health, the worker heartbeat and every background job's
 * last run. `compact` shows only the health line and warnings (for dashboards).
 */
export function SystemStatus({ compact = false }: { compact?: boolean }) {
  const trpc = useTRPC();
  const status = useQuery({ ...trpc.system.status.queryOptions(), refetchInterval: REFRESH_MS });

  if (status.isPending) return <p className="muted">Checking system health…</p>;
  if (status.isError) {
    return (
      <Alert tone="danger" title="System status could not be loaded">
        {errorMessage(status.error)}
      </Alert>
    );
  }
  const { health, jobs } = status.data;
  const now = new Date(status.dataUpdatedAt || Date.now());
  const heartbeat = jobs.find((j) => j.name === HEARTBEAT_JOB);

  if (compact) {
    return (
      <div className="stack">
        <HealthBadges health={health} />
        <HeartbeatWarning health={health} now={now} />
      </div>
    );
  }
  return (
    <div className="stack">
      <Card title="Health">
        <div className="stack">
          <HealthBadges health={health} />
          {!health.database.ok && (
            <Alert tone="danger" title="The database is unreachable">
              Runwell cannot read or save anything until PostgreSQL answers again.
            </Alert>
          )}
          {health.database.ok && !health.queue.ok && (
            <Alert tone="danger" title="The job queue is unavailable">
              Its schema (pgboss) is missing or unreadable; starting a worker installs it.
            </Alert>
          )}
          <HeartbeatWarning health={health} now={now} />
          <p className="muted">
            Last heartbeat:{' '}
            {heartbeat?.lastSuccessAt ? (
              <When at={heartbeat.lastSuccessAt} />
            ) : (
              'never'
            )}
            . Checked <When at={health.checkedAt} mode="absolute" />; refreshes every {REFRESH_MS / 1000} seconds.
          </p>
        </div>
      </Card>
      <Card title="Background jobs" flush>
        {jobs.length === 0 ? (
          <p className="card-body muted">No job has run yet. Jobs appear here after their first run.</p>
        ) : (
          <JobsTable jobs={jobs} />
        )}
      </Card>
    </div>
  );
}
