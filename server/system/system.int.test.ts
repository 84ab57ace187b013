import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestContext } from '../lib/request-context';
import { getPrisma } from '../db';
import { DomainError } from '../errors';
import { ensureQueueSchema } from '../jobs/queue';
import { checkHealth, getSystemStatus, jobMetricsText, listJobRuns, recordJobFinish, recordJobStart } from './system.service';

const url = process.env.DATABASE_URL!;
const viewer: RequestContext = {
  actor: { kind: 'user', id: 'u-viewer', email: 'v@system.test', name: 'V', role: 'viewer' },
  requestId: null,
};
const alertsToken: RequestContext = { actor: { kind: 'token', id: 't1', name: 'am', scopes: ['alerts'] }, requestId: null };

const now = new Date();
const minutesAgo = (m: number) => new Date(now.getTime() - m * 60_000);

async function run(name: string, startedAt: Date, durationMs: number, status: 'ok' | 'failed' | 'running', error?: string) {
  const id = await recordJobStart({ name, workerId: 'test:1', startedAt, jobId: `job-${name}-${startedAt.getTime()}`, attempt: 0 });
  if (status !== 'running') {
    await recordJobFinish(id, {
      status,
      durationMs,
      finishedAt: new Date(startedAt.getTime() + durationMs),
      error: error ?? null,
    });
  }
  return id;
}

describe('system status', () => {
  it('reports the queue down until pg-boss is installed, then ok', async () => {
    await getPrisma().$executeRawUnsafe('DROP SCHEMA IF EXISTS pgboss CASCADE');
    const before = await checkHealth();
    expect(before).toMatchObject({ status: 'degraded', database: { ok: true }, queue: { ok: false } });
    expect(before.database.latencyMs).toBeGreaterThanOrEqual(0);

    await ensureQueueSchema(url);
    const after = await checkHealth();
    expect(after).toMatchObject({ status: 'ok', queue: { ok: true, liveWorkers: 0 } });
  });

  describe('with recorded runs', () => {
    const job = `test.summary.${Date.now()}`;
    beforeAll(async () => {
      // 24 h window: 20 ok runs of 100..2000 ms, 2 failures, 1 still running;
      // plus an old run that only counts for "all time".
      for (let i = 1; i <= 20; i += 1) await run(job, minutesAgo(60 + i), i * 100, 'ok');
      await run(job, minutesAgo(30), 50, 'failed', 'cluster unreachable');
      await run(job, minutesAgo(20), 70, 'failed', 'cluster unreachable again');
      await run(job, minutesAgo(25 * 60), 99_000, 'ok');
      await run(job, minutesAgo(1), 0, 'running');
    });

    it('summarises each job over 24 hours', async () => {
      const status = await getSystemStatus(viewer, () => now);
      const summary = status.jobs.find((j) => j.name === job)!;
      expect(summary).toMatchObject({ runs24h: 23, failures24h: 2, lastRun: { status: 'running', workerId: 'test:1' } });
      // percentile_cont over 100, 200, ..., 2000, 50, 70 (22 finished runs).
      expect(summary.p95DurationMs24h).toBeGreaterThan(1800);
      expect(summary.p95DurationMs24h).toBeLessThanOrEqual(2000);
      expect(summary.lastSuccessAt!.getTime()).toBe(minutesAgo(61).getTime() + 100);
    });

    it('lists runs newest first', async () => {
      const runs = await listJobRuns(viewer, { name: job, limit: 3 });
      expect(runs.map((r) => r.status)).toEqual(['running', 'failed', 'failed']);
      expect(runs[1]!.error).toBe('cluster unreachable again');
    });

    it('renders all-time counters, a histogram and last-success gauges', async () => {
      const text = await jobMetricsText(now);
      const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix));
      expect(line(`runwell_job_runs_total{job="${job}",status="ok"}`)).toMatch(/ 21$/);
      expect(line(`runwell_job_runs_total{job="${job}",status="failed"}`)).toMatch(/ 2$/);
      expect(line(`runwell_job_duration_seconds_count{job="${job}"}`)).toMatch(/ 23$/);
      expect(line(`runwell_job_duration_seconds_bucket{job="${job}",le="0.1"}`)).toMatch(/ 3$/); // 50, 70, 100 ms
      expect(line(`runwell_job_duration_seconds_bucket{job="${job}",le="60"}`)).toMatch(/ 22$/);
      expect(line(`runwell_job_duration_seconds_bucket{job="${job}",le="120"}`)).toMatch(/ 23$/);
      const sum = 2100 * 10 + 50 + 70 + 99_000; // ms
      expect(line(`runwell_job_duration_seconds_sum{job="${job}"}`)).toBe(`runwell_job_duration_seconds_sum{job="${job}"} ${sum / 1000}`);
      expect(line(`runwell_job_running{job="${job}"}`)).toMatch(/ 1$/);
      const lastSuccess = (minutesAgo(61).getTime() + 100) / 1000;
      expect(line(`runwell_job_last_success_timestamp_seconds{job="${job}"}`)).toMatch(new RegExp(` ${lastSuccess}$`));
    });

    it('refuses callers without read access', async () => {
      await expect(getSystemStatus(alertsToken)).rejects.toBeInstanceOf(DomainError);
      await expect(listJobRuns(alertsToken, { name: job })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    });
  });
});

describe('HTTP routes', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env.RUNWELL_METRICS_TOKEN = saved.RUNWELL_METRICS_TOKEN;
    process.env.RUNWELL_LISTEN_HOST = saved.RUNWELL_LISTEN_HOST;
  });

  it('/api/health answers 200 with the documented JSON', async () => {
    const { GET } = await import('@/app/api/health/route');
    const res = await GET(new Request('http://127.0.0.1/api/health'));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(body).toMatchObject({ status: 'ok', database: { ok: true }, queue: { ok: true }, heartbeat: {} });
    expect(Object.keys(body).sort()).toEqual(['checkedAt', 'database', 'heartbeat', 'queue', 'status']);
  });

  it('/metrics: loopback without a token, bearer token otherwise, 401 else', async () => {
    const { GET } = await import('@/app/metrics/route');
    const get = (headers: Record<string, string> = {}) => GET(new Request('http://127.0.0.1/metrics', { headers }));

    delete process.env.RUNWELL_METRICS_TOKEN;
    process.env.RUNWELL_LISTEN_HOST = '127.0.0.1';
    const local = await get({ 'x-forwarded-for': '127.0.0.1' });
    expect(local.status).toBe(200);
    expect(local.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await local.text();
    expect(text).toContain('# TYPE runwell_job_runs_total counter');
    expect(text).toContain('runwell_http_request_duration_seconds_bucket{le="0.005",route="/api/health"');
    expect(text).toContain('runwell_process_cpu_seconds_total');

    // A remote client named by X-Real-IP or Forwarded (not only X-Forwarded-For) is refused.
    expect((await get({ 'x-real-ip': '203.0.113.7' })).status).toBe(401);
    expect((await get({ forwarded: 'for=203.0.113.7;proto=https' })).status).toBe(401);
    expect((await get({ forwarded: 'for="[2001:db8::7]:443"' })).status).toBe(401);

    process.env.RUNWELL_LISTEN_HOST = '0.0.0.0';
    expect((await get({ 'x-forwarded-for': '127.0.0.1' })).status).toBe(401);

    process.env.RUNWELL_METRICS_TOKEN = 'metrics-token-123';
    expect((await get()).status).toBe(401);
    expect((await get({ authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await get({ authorization: 'Bearer metrics-token-123' })).status).toBe(200);
  });
});
