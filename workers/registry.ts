import type { JobDefinition } from './job';
import { capacitySnapshot } from './jobs/capacity-snapshot';
import { domainsEvaluate } from './jobs/domains-evaluate';
import { heartbeat } from './jobs/heartbeat';
import { readinessEvaluate, readinessSnapshot } from './jobs/readiness';
import { inventorySupervise } from './jobs/inventory-supervise';
import { maturitySnapshot } from './jobs/maturity-snapshot';
import { pagingRun } from './jobs/paging';
import { postmortemsRemind } from './jobs/postmortems-remind';
import { changesGitops } from './jobs/changes-gitops';
import { sloBackfill, sloSample } from './jobs/slo-sample';
import { sloPartitions } from './jobs/slo-partitions';
import { reportsEmail } from './jobs/reports-email';

// Every background job Runwell runs. A worker process works all of them and
// keeps their schedules; add new jobs here.
export const JOBS: readonly JobDefinition[] = [heartbeat, capacitySnapshot, inventorySupervise, readinessEvaluate, readinessSnapshot, sloSample, sloBackfill, sloPartitions, pagingRun, postmortemsRemind, maturitySnapshot, changesGitops, domainsEvaluate, reportsEmail];

export function findJob(name: string, jobs: readonly JobDefinition[] = JOBS): JobDefinition | undefined {
  return jobs.find((j) => j.name === name);
}

// Fails fast on a registry mistake rather than at the first run.
export function assertValidRegistry(jobs: readonly JobDefinition[]): void {
  const seen = new Set<string>();
  for (const job of jobs) {
    if (!/^[a-z0-9][a-z0-9._-]*$/.test(job.name)) throw new Error(`Job name "${job.name}" must be lower-case letters, digits, ".", "_" or "-"`);
    if (seen.has(job.name)) throw new Error(`Job "${job.name}" is registered twice`);
    seen.add(job.name);
  }
}
