import { z } from 'zod';

// Every background job's name and payload, in one place. The worker's job
// definitions (workers/jobs/*, through defineJob) and sendJob take their names
// and payload schemas from here, so an unknown job name or a wrong payload is a
// type error, and a payload that slips past the types is refused before it is
// queued (docs/architecture.md, "Jobs"). Adding a job: its name and schema
// here, its definition in workers/jobs/, its entry in workers/registry.ts.

/** Scheduled sweeps take no payload (pg-boss sends `{}`; extra keys are ignored). */
const sweep = z.looseObject({});

export const JOB_PAYLOADS = {
  'system.heartbeat': sweep,
  'capacity.snapshot': sweep,
  'inventory.supervise': sweep,
  'readiness.evaluate': z.object({ clusterId: z.string().optional() }),
  'readiness.snapshot': sweep,
  'slo.sample': sweep,
  'slo.backfill': z.object({ sloId: z.string().min(1) }),
  'slo.partitions': sweep,
  'paging.run': sweep,
  'postmortems.remind': sweep,
  'maturity.snapshot': sweep,
  'changes.gitops': sweep,
  'domains.evaluate': sweep,
  'reports.email': sweep,
} as const satisfies Record<string, z.ZodType>;

export type JobName = keyof typeof JOB_PAYLOADS;
export type JobSchema<N extends JobName> = (typeof JOB_PAYLOADS)[N];
export type JobPayload<N extends JobName> = z.input<JobSchema<N>>;
export const JOB_NAMES = Object.keys(JOB_PAYLOADS) as JobName[];
