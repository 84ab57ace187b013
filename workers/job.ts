import { z } from 'zod';
import { JOB_PAYLOADS, type JobName, type JobSchema } from '@/server/jobs/catalog';

// The contract every background job follows. Jobs are plain objects listed in
// workers/registry.ts; the runner turns each into a pg-boss queue, a schedule
// when it has one, and a recorded JobRun per execution.

export type RetryOptions = {
  /** Further attempts after the first one fails (pg-boss retryLimit). */
  limit: number;
  /** Seconds before the first retry; doubled per attempt when backoff is on. */
  delaySeconds: number;
  backoff: boolean;
  /** An attempt running longer than this is failed (and retried) by pg-boss. */
  expireInSeconds: number;
};

export const DEFAULT_RETRY: RetryOptions = { limit: 2, delaySeconds: 30, backoff: true, expireInSeconds: 15 * 60 };

export type JobContext = {
  jobId: string;
  workerId: string;
  /** 0 for the first attempt, 1 for the first retry, ... */
  attempt: number;
  /** Aborted when the worker is shutting down and the grace period is over. */
  signal: AbortSignal;
  /** The time the attempt started; jobs pass it to pure code instead of reading the clock. */
  startedAt: Date;
  log: (message: string) => void;
};

export type JobDefinition<S extends z.ZodType = z.ZodType> = {
  /** Queue name: lower-case, dot- or dash-separated (e.g. "system.heartbeat"). */
  name: string;
  description: string;
  schema: S;
  /** Cron expression (UTC) the job is scheduled on, with the payload `scheduledPayload`. */
  schedule?: string;
  scheduledPayload?: z.input<S>;
  retry?: Partial<RetryOptions>;
  /**
   * When true, at most one instance of the job runs at a time across all
   * workers (pg-boss "singleton" queue policy). Use for jobs that sweep shared
   * state, where two overlapping runs would do the same work twice.
   */
  exclusive?: boolean;
  run(payload: z.output<S>, ctx: JobContext): Promise<void>;
};

/**
 * A job of the catalog (server/jobs/catalog.ts): its name must be listed there,
 * and its payload schema is the catalog's, so sender and worker cannot disagree.
 */
export function defineJob<N extends JobName>(definition: Omit<JobDefinition<JobSchema<N>>, 'name' | 'schema'> & { name: N }): JobDefinition<JobSchema<N>> {
  return { ...definition, schema: JOB_PAYLOADS[definition.name] };
}

export function retryOf(job: Pick<JobDefinition, 'retry'>): RetryOptions {
  return { ...DEFAULT_RETRY, ...job.retry };
}

/**
 * A sweep that runs every minute with no payload and no retries: the next tick
 * is the retry. `expireInSeconds` bounds one run. Spread into defineJob({...}).
 */
export function everyMinuteSweep(expireInSeconds: number) {
  return {
    schedule: '* * * * *',
    scheduledPayload: {},
    retry: { limit: 0, delaySeconds: 0, backoff: false, expireInSeconds },
  };
}
