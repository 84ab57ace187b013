import { ZodError } from 'zod';

// Pure: how an attempt's result becomes the JobRun row's outcome columns.

export type JobStatus = 'running' | 'ok' | 'failed';

export type RunOutcome = {
  status: Exclude<JobStatus, 'running'>;
  finishedAt: Date;
  durationMs: number;
  error: string | null;
};

// Long stack traces and huge messages do not belong in a status table.
export const MAX_ERROR_LENGTH = 2000;

export function describeError(error: unknown): string {
  let message: string;
  if (error instanceof ZodError) {
    message = `Invalid payload: ${error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`;
  } else if (error instanceof Error) {
    message = error.name === 'AbortError' ? `Aborted: ${error.message}` : error.message || error.name;
  } else if (typeof error === 'string') {
    message = error;
  } else {
    try {
      message = JSON.stringify(error) ?? String(error);
    } catch {
      message = String(error);
    }
  }
  message = message.trim() || 'Unknown error';
  return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
}

export function outcomeOf(
  result: { ok: true } | { ok: false; error: unknown },
  startedAt: Date,
  finishedAt: Date,
): RunOutcome {
  // A clock stepping backwards must not produce a negative duration.
  const durationMs = Math.max(0, Math.round(finishedAt.getTime() - startedAt.getTime()));
  return result.ok
    ? { status: 'ok', finishedAt, durationMs, error: null }
    : { status: 'failed', finishedAt, durationMs, error: describeError(result.error) };
}
