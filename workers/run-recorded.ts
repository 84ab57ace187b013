import type { JobContext, JobDefinition } from './job';
import { outcomeOf, type RunOutcome } from './outcome';

export type RunStart = { name: string; workerId: string; startedAt: Date; jobId: string; attempt: number };

export type RunRecorder = {
  start(data: RunStart): Promise<string>;
  finish(id: string, outcome: RunOutcome): Promise<void>;
};

export type AttemptMeta = { jobId: string; attempt: number; signal: AbortSignal; workerId: string };

export class JobFailedError extends Error {
  constructor(
    readonly outcome: RunOutcome,
    options?: { cause?: unknown },
  ) {
    super(outcome.error ?? 'Job failed', options);
    this.name = 'JobFailedError';
  }
}

// The one wrapper every attempt goes through: a JobRun row is written before
// the job starts and completed with its outcome afterwards, whatever the job
// does. A failed outcome is thrown so that pg-boss applies the retry policy.
export async function runRecorded(
  job: JobDefinition,
  rawPayload: unknown,
  meta: AttemptMeta,
  deps: { recorder: RunRecorder; now?: () => Date; log?: (line: string) => void },
): Promise<RunOutcome> {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? (() => undefined);
  const startedAt = now();
  // The queue's job id and attempt go with the run, so a job that some worker
  // ran twice (the same attempt) shows in JobRun (docs/ops.md, "Scale out").
  const runId = await deps.recorder.start({ name: job.name, workerId: meta.workerId, startedAt, jobId: meta.jobId, attempt: meta.attempt });
  let result: { ok: true } | { ok: false; error: unknown };
  try {
    const payload = job.schema.parse(rawPayload ?? {});
    const ctx: JobContext = {
      jobId: meta.jobId,
      workerId: meta.workerId,
      attempt: meta.attempt,
      signal: meta.signal,
      startedAt,
      log: (message) => log(`[${job.name}] ${message}`),
    };
    await job.run(payload, ctx);
    result = { ok: true };
  } catch (error) {
    result = { ok: false, error };
  }
  const outcome = outcomeOf(result, startedAt, now());
  try {
    await deps.recorder.finish(runId, outcome);
  } catch (error) {
    log(`[${job.name}] could not record the outcome of run ${runId}: ${(error as Error).message}`);
  }
  if (outcome.status === 'failed') {
    throw new JobFailedError(outcome, { cause: result.ok ? undefined : result.error });
  }
  return outcome;
}
