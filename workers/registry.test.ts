import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { retryOf, DEFAULT_RETRY, type JobDefinition } from './job';
import { JOB_NAMES, JOB_PAYLOADS } from '@/server/jobs/catalog';
import { assertValidRegistry, JOBS } from './registry';

const def = (name: string): JobDefinition => ({ name, description: '', schema: z.object({}), run: async () => undefined });

describe('registry', () => {
  it('registers the heartbeat every minute without retries', () => {
    const heartbeat = JOBS.find((j) => j.name === 'system.heartbeat');
    expect(heartbeat?.schedule).toBe('* * * * *');
    expect(retryOf(heartbeat!).limit).toBe(0);
    expect(() => assertValidRegistry(JOBS)).not.toThrow();
  });

  it.each([
    { names: ['a.b', 'c-d', 'e_f'], error: null },
    { names: ['dup', 'dup'], error: /registered twice/ },
    { names: ['Upper'], error: /lower-case/ },
    { names: ['with space'], error: /lower-case/ },
    { names: ['.leading-dot'], error: /lower-case/ },
  ])('$names', ({ names, error }) => {
    const check = () => assertValidRegistry(names.map(def));
    if (error) expect(check).toThrow(error);
    else expect(check).not.toThrow();
  });

  it('runs exactly the jobs of the catalog, each with its catalog schema', () => {
    expect(JOBS.map((j) => j.name).sort()).toEqual([...JOB_NAMES].sort());
    for (const job of JOBS) expect(job.schema).toBe(JOB_PAYLOADS[job.name as keyof typeof JOB_PAYLOADS]);
  });

  it('fills retry defaults', () => {
    expect(retryOf({})).toEqual(DEFAULT_RETRY);
    expect(retryOf({ retry: { limit: 5 } })).toEqual({ ...DEFAULT_RETRY, limit: 5 });
  });
});
