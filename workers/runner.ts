import type { PgBoss, Job } from 'pg-boss';
import { startQueue, workerId as defaultWorkerId } from '@/server/jobs/queue';
import { recordJobFinish, recordJobStart } from '@/server/system/system.service';
import { retryOf, type JobDefinition } from './job';
import { assertValidRegistry, JOBS } from './registry';
import { runRecorded, type RunRecorder } from './run-recorded';

export { runRecorded, JobFailedError, type RunRecorder } from './run-recorded';

export const jobRunRecorder: RunRecorder = { start: recordJobStart, finish: recordJobFinish };

export type WorkerOptions = {
  url?: string;
  /** Jobs of one kind this process runs at the same time. */
  concurrency?: number;
  jobs?: readonly JobDefinition[];
  /** Keep schedules (cron) in this process. Every worker does by default; pg-boss elects one per tick. */
  schedule?: boolean;
  pollingIntervalSeconds?: number;
  recorder?: RunRecorder;
  workerId?: string;
  log?: (line: string) => void;
};

export type RunningWorker = {
  boss: PgBoss;
  workerId: string;
  /** Attempts currently inside runRecorded. */
  active(): number;
  /** Stop taking jobs, let running ones finish for up to `graceMs`, then close. */
  stop(graceMs?: number): Promise<void>;
};

export async function startWorker(options: WorkerOptions = {}): Promise<RunningWorker> {
  const jobs = options.jobs ?? JOBS;
  assertValidRegistry(jobs);
  const log = options.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const id = options.workerId ?? defaultWorkerId();
  const recorder = options.recorder ?? jobRunRecorder;
  const concurrency = Math.max(1, options.concurrency ?? 1);
  const boss = await startQueue({
    url: options.url,
    name: 'runwell-worker',
    schedule: options.schedule ?? true,
    supervise: true,
    max: concurrency * jobs.length + 4,
  });

  const inFlight = new Set<Promise<unknown>>();
  for (const job of jobs) {
    const retry = retryOf(job);
    const queueOptions = {
      retryLimit: retry.limit,
      retryDelay: retry.delaySeconds,
      retryBackoff: retry.backoff,
      expireInSeconds: retry.expireInSeconds,
    };
    // v12 needs the queue before send/schedule/work. createQueue keeps an
    // existing queue as is, so updateQueue applies changed retry settings.
    await boss.createQueue(job.name, { ...queueOptions, policy: job.exclusive ? 'singleton' : 'standard' });
    await boss.updateQueue(job.name, queueOptions);
    if (job.schedule) {
      await boss.schedule(job.name, job.schedule, (job.scheduledPayload ?? {}) as object, { tz: 'UTC' });
    } else {
      await boss.unschedule(job.name).catch(() => undefined);
    }
    await boss.work(
      job.name,
      { batchSize: 1, localConcurrency: concurrency, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
      async (batch: Job<unknown>[]) => {
        for (const item of batch) {
          const run = runRecorded(
            job,
            item.data,
            { jobId: item.id, attempt: item.retryCount, signal: item.signal, workerId: id },
            { recorder, log },
          );
          inFlight.add(run);
          try {
            const outcome = await run;
            if (outcome.durationMs > 5_000) log(`[${job.name}] ok in ${outcome.durationMs} ms`);
          } catch (error) {
            log(`[${job.name}] failed (attempt ${item.retryCount + 1}): ${(error as Error).message}`);
            throw error;
          } finally {
            inFlight.delete(run);
          }
        }
      },
    );
  }
  // Schedules of jobs that no longer exist would otherwise keep creating jobs nobody works.
  const known = new Set(jobs.map((j) => j.name));
  for (const schedule of await boss.getSchedules()) {
    if (!known.has(schedule.name)) await boss.unschedule(schedule.name, schedule.key).catch(() => undefined);
  }

  let stopping: Promise<void> | null = null;
  return {
    boss,
    workerId: id,
    active: () => inFlight.size,
    stop(graceMs = 30_000) {
      stopping ??= (async () => {
        await boss.stop({ graceful: true, timeout: graceMs, close: true });
        // Jobs aborted at the deadline still record their outcome through our own pool.
        await Promise.race([Promise.allSettled([...inFlight]), new Promise((r) => setTimeout(r, 2_000).unref())]);
      })();
      return stopping;
    },
  };
}
