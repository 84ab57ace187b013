import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getPrisma } from '@/server/db';
import { startQueue } from '@/server/jobs/queue';
import { checkHealth } from '@/server/system/system.service';
import type { JobDefinition } from './job';
import { JOBS } from './registry';
import { startWorker, type RunningWorker } from './runner';

// Ad-hoc jobs outside the catalog (server/jobs/catalog.ts): the runner takes any definition.
const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;

// Real pg-boss against this run's PostgreSQL: jobs go through the queue and
// land in JobRun, as in production.
const url = process.env.DATABASE_URL!;
const started: RunningWorker[] = [];
const quiet = () => undefined;

async function worker(jobs: readonly JobDefinition[], workerId: string, concurrency = 1) {
  const w = await startWorker({ url, jobs, workerId, concurrency, schedule: false, pollingIntervalSeconds: 0.5, log: quiet });
  started.push(w);
  return w;
}

const unique = (base: string) => `test.${base}.${randomBytes(3).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function runsOf(name: string) {
  return getPrisma().jobRun.findMany({ where: { name }, orderBy: { id: 'asc' } });
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value) return value;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

afterAll(async () => {
  await Promise.all(started.map((w) => w.stop(1000)));
});

describe('worker runner', () => {
  it('runs a job sent through pg-boss and records it in JobRun', async () => {
    const seen: unknown[] = [];
    const echo = defineJob({
      name: unique('echo'),
      description: 'echo',
      schema: z.object({ n: z.number() }),
      run: async (payload) => void seen.push(payload),
    });
    const w = await worker([echo], 'host-a:1');
    const jobId = await w.boss.send(echo.name, { n: 7 });
    const [run] = await waitFor('a finished run', async () => {
      const rows = await runsOf(echo.name);
      return rows.length === 1 && rows[0]!.status !== 'running' ? rows : null;
    });
    expect(seen).toEqual([{ n: 7 }]);
    expect(run).toMatchObject({ name: echo.name, workerId: 'host-a:1', status: 'ok', error: null, jobId, attempt: 0 });
    expect(run!.finishedAt!.getTime()).toBeGreaterThanOrEqual(run!.startedAt.getTime());
    expect(run!.durationMs).toBe(run!.finishedAt!.getTime() - run!.startedAt.getTime());
  });

  it('records each failed attempt and lets pg-boss retry as configured', async () => {
    let attempts = 0;
    const flaky = defineJob({
      name: unique('flaky'),
      description: 'fails twice',
      schema: z.object({}),
      retry: { limit: 2, delaySeconds: 0, backoff: false },
      run: async () => {
        attempts += 1;
        if (attempts < 3) throw new Error(`attempt ${attempts} failed`);
      },
    });
    await worker([flaky], 'host-a:2');
    const jobId = await started.at(-1)!.boss.send(flaky.name, {});
    const rows = await waitFor('three finished attempts', async () => {
      const r = await runsOf(flaky.name);
      return r.length === 3 && r.every((x) => x.status !== 'running') ? r : null;
    });
    // One queue job, one run per attempt.
    expect(rows.map((r) => [r.status, r.error, r.jobId, r.attempt])).toEqual([
      ['failed', 'attempt 1 failed', jobId, 0],
      ['failed', 'attempt 2 failed', jobId, 1],
      ['ok', null, jobId, 2],
    ]);
  });

  it('records an invalid payload as a failed run without calling the job', async () => {
    let called = false;
    const strict = defineJob({
      name: unique('strict'),
      description: 'strict payload',
      schema: z.object({ cluster: z.string() }),
      retry: { limit: 0 },
      run: async () => void (called = true),
    });
    const w = await worker([strict], 'host-a:3');
    await w.boss.send(strict.name, { cluster: 42 });
    const [run] = await waitFor('a failed run', async () => {
      const rows = await runsOf(strict.name);
      return rows[0]?.status === 'failed' ? rows : null;
    });
    expect(run!.error).toMatch(/^Invalid payload: cluster:/);
    expect(called).toBe(false);
  });

  it('never gives one job to two workers', async () => {
    const name = unique('once');
    const handled: { jobId: string; workerId: string }[] = [];
    const once = (workerId: string) =>
      defineJob({
        name,
        description: 'once',
        schema: z.object({ i: z.number() }),
        retry: { limit: 0 },
        run: async (_payload, ctx) => {
          handled.push({ jobId: ctx.jobId, workerId });
          await sleep(20);
        },
      });
    // Two PgBoss instances with their own pools, polling the same queue with
    // several concurrent fetchers each: the races pg-boss must win.
    const a = await worker([once('w-a')], 'w-a:1', 4);
    await worker([once('w-b')], 'w-b:1', 4);
    const total = 60;
    await a.boss.insert(name, Array.from({ length: total }, (_, i) => ({ data: { i } })));
    await waitFor('every job to finish', async () => {
      const rows = await runsOf(name);
      return rows.length >= total && rows.every((r) => r.status === 'ok') ? rows : null;
    }, 30_000);
    await sleep(1500); // a duplicate would show up within a polling interval
    const rows = await runsOf(name);
    expect(rows).toHaveLength(total);
    expect(new Set(rows.map((r) => r.jobId)).size).toBe(total);
    expect(new Set(handled.map((h) => h.jobId)).size).toBe(total);
    expect(handled).toHaveLength(total);
    const perWorker = new Set(rows.map((r) => r.workerId));
    expect([...perWorker].sort()).toEqual(['w-a:1', 'w-b:1']);
  });

  it('finishes a running job on stop, within the grace period', async () => {
    let release!: () => void;
    const running = new Promise<void>((r) => (release = r));
    const slow = defineJob({
      name: unique('slow'),
      description: 'slow',
      schema: z.object({}),
      retry: { limit: 0 },
      run: async () => {
        release();
        await sleep(1200);
      },
    });
    const w = await startWorker({ url, jobs: [slow], workerId: 'host-s:1', schedule: false, pollingIntervalSeconds: 0.5, log: quiet });
    await w.boss.send(slow.name, {});
    await running;
    expect(w.active()).toBe(1);
    await w.stop(10_000);
    const rows = await runsOf(slow.name);
    expect(rows.map((r) => r.status)).toEqual(['ok']);
  });

  it('aborts a job that outlives the grace period and records it as failed', async () => {
    let release!: () => void;
    const running = new Promise<void>((r) => (release = r));
    const stuck = defineJob({
      name: unique('stuck'),
      description: 'waits for its abort signal',
      schema: z.object({}),
      retry: { limit: 0 },
      run: async (_p, ctx) => {
        release();
        await new Promise((_, reject) =>
          ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('stopped'), { name: 'AbortError' }))),
        );
      },
    });
    const w = await startWorker({ url, jobs: [stuck], workerId: 'host-s:2', schedule: false, pollingIntervalSeconds: 0.5, log: quiet });
    await w.boss.send(stuck.name, {});
    await running;
    const t0 = Date.now();
    await w.stop(1000);
    expect(Date.now() - t0).toBeLessThan(8000);
    const rows = await runsOf(stuck.name);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'failed', error: 'Aborted: stopped' });
  });

  it('schedules the heartbeat every minute, and its run shows up in health', async () => {
    const w = await startWorker({ url, workerId: 'host-h:1', pollingIntervalSeconds: 0.5, log: quiet });
    started.push(w);
    const schedules = await w.boss.getSchedules();
    expect(schedules.map((s) => [s.name, s.cron])).toContainEqual(['system.heartbeat', '* * * * *']);
    expect(JOBS.map((j) => j.name)).toContain('system.heartbeat');
    // Not waiting up to a minute for cron: send one beat by hand.
    await w.boss.send('system.heartbeat', {});
    const health = await waitFor('a heartbeat', async () => {
      const h = await checkHealth();
      return h.heartbeat.lastAt ? h : null;
    });
    expect(health).toMatchObject({ status: 'ok', database: { ok: true }, queue: { ok: true }, heartbeat: { stale: false } });
    expect(health.queue.liveWorkers).toBeGreaterThanOrEqual(1);
  });

  it('removes schedules of jobs that are no longer registered', async () => {
    const boss = await startQueue({ url, name: 'runwell-test' });
    const gone = unique('gone');
    await boss.createQueue(gone);
    await boss.schedule(gone, '0 3 * * *', {});
    await boss.stop({ graceful: false });
    const w = await startWorker({ url, jobs: JOBS, workerId: 'host-h:2', pollingIntervalSeconds: 0.5, log: quiet });
    started.push(w);
    const names = (await w.boss.getSchedules()).map((s) => s.name);
    expect(names).not.toContain(gone);
    expect(names).toContain('system.heartbeat');
  });
});
