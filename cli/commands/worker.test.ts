import { Command } from 'commander';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT } from '../exit';
import { exitOf } from '@/tests/cli/exit-code';
import { registerWorker } from './worker';

// `runwell worker` refuses a bad setting before it starts anything (no queue,
// no collectors): the lease would otherwise fail later inside the supervisor.
describe('runwell worker', () => {
  const saved = process.env.RUNWELL_CLUSTER_LEASE_SECONDS;
  afterEach(() => {
    if (saved === undefined) delete process.env.RUNWELL_CLUSTER_LEASE_SECONDS;
    else process.env.RUNWELL_CLUSTER_LEASE_SECONDS = saved;
  });

  it.each(['2', 'soon'])('refuses RUNWELL_CLUSTER_LEASE_SECONDS=%s with a usage error', async (value) => {
    process.env.RUNWELL_CLUSTER_LEASE_SECONDS = value;
    const program = new Command().exitOverride();
    registerWorker(program);
    const run = program.parseAsync(['node', 'runwell', 'worker', '--concurrency', '1']).then(() => undefined);
    expect(await exitOf(run)).toBe(EXIT.usage);
    await expect(program.parseAsync(['node', 'runwell', 'worker'])).rejects.toThrow(/RUNWELL_CLUSTER_LEASE_SECONDS/);
  });
});
