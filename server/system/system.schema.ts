import { z } from 'zod';
import { idText } from '../lib/text';

// Shapes of what /api/health, /metrics and the `system.status` procedure return.
// Components import these types; nothing here touches the database.

const JOB_STATUSES = ['running', 'ok', 'failed'] as const;
export const jobStatusSchema = z.enum(JOB_STATUSES);
export type JobStatus = z.infer<typeof jobStatusSchema>;

export const HEARTBEAT_JOB = 'system.heartbeat';

export type DatabaseHealth = { ok: boolean; latencyMs: number | null; error?: string };
export type QueueHealth = { ok: boolean; liveWorkers: number | null; error?: string };
export type HeartbeatHealth = { lastAt: Date | null; ageSeconds: number | null; stale: boolean };

export type HealthReport = {
  status: 'ok' | 'degraded';
  checkedAt: Date;
  database: DatabaseHealth;
  queue: QueueHealth;
  heartbeat: HeartbeatHealth;
};

export type JobRunDto = {
  id: string;
  name: string;
  workerId: string;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  status: JobStatus;
  error: string | null;
};

export type JobSummary = {
  name: string;
  lastRun: JobRunDto | null;
  lastSuccessAt: Date | null;
  runs24h: number;
  failures24h: number;
  p95DurationMs24h: number | null;
};

export type SystemStatus = { health: HealthReport; jobs: JobSummary[] };

export const jobRunsInputSchema = z.object({
  name: idText().max(200),
  limit: z.number().int().min(1).max(200).default(20),
});
export type JobRunsInput = z.input<typeof jobRunsInputSchema>;

/** One row of the all-time job aggregate /metrics renders (see system.compute.ts). */
export type JobMetricsRow = {
  name: string;
  status: 'ok' | 'failed';
  /** Index into DURATION_BUCKETS_SECONDS of the smallest bucket holding the run; length = +Inf only. */
  bucket: number;
  runs: number;
  durationSumMs: number;
};

export type JobLastSeen = { name: string; lastSuccessAt: Date | null; lastFailureAt: Date | null; running: number };
