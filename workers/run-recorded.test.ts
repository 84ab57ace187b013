import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JobDefinition } from './job';
import type { RunOutcome } from './outcome';
import { JobFailedError, runRecorded, type RunRecorder, type RunStart } from './run-recorded';

// Ad-hoc jobs outside the catalog (server/jobs/catalog.ts): the runner takes any definition.
const defineJob = <S extends z.ZodType>(definition: JobDefinition<S>): JobDefinition<S> => definition;

function fakeRecorder(options: { failFinish?: boolean } = {}) {
  const starts: RunStart[] = [];
  const finishes: { id: string; outcome: RunOutcome }[] = [];
  const recorder: RunRecorder = {
    async start(data) {
      starts.push(data);
      return `run-${starts.length}`;
    },
    async finish(id, outcome) {
      if (options.failFinish) throw new Error('database went away');
      finishes.push({ id, outcome });
    },
  };
  return { recorder, starts, finishes };
}

// A clock that advances 25 ms per reading.
function steppingClock() {
  let t = Date.parse('2026-11-26T10:00:00Z');
  return () => new Date((t += 25));
}

const meta = { jobId: 'job-1', attempt: 0, signal: new AbortController().signal, workerId: 'host:1' };

const job = (run: JobDefinition['run']) =>
  defineJob({ name: 'test.job', description: 'test', schema: z.object({ n: z.number().default(1) }), run });

describe('runRecorded', () => {
  it.each([
    { name: 'job succeeds', run: async () => undefined, payload: {}, status: 'ok', error: null },
    {
      name: 'job throws',
      run: async () => {
        throw new Error('kaput');
      },
      payload: {},
      status: 'failed',
      error: 'kaput',
    },
    {
      name: 'payload fails its schema',
      run: async () => undefined,
      payload: { n: 'seven' },
      status: 'failed',
      error: expect.stringMatching(/^Invalid payload: n:/),
    },
    { name: 'missing payload means {}', run: async () => undefined, payload: null, status: 'ok', error: null },
  ])('$name -> $status', async ({ run, payload, status, error }) => {
    const { recorder, starts, finishes } = fakeRecorder();
    const promise = runRecorded(job(run), payload, meta, { recorder, now: steppingClock() });
    if (status === 'ok') await expect(promise).resolves.toMatchObject({ status: 'ok' });
    else await expect(promise).rejects.toBeInstanceOf(JobFailedError);
    expect(starts).toEqual([{ name: 'test.job', workerId: 'host:1', startedAt: expect.any(Date), jobId: 'job-1', attempt: 0 }]);
    expect(finishes).toEqual([{ id: 'run-1', outcome: { status, error, durationMs: 25, finishedAt: expect.any(Date) } }]);
  });

  it('passes the parsed payload and attempt context to the job', async () => {
    const seen: unknown[] = [];
    const { recorder } = fakeRecorder();
    await runRecorded(
      job(async (payload, ctx) => {
        seen.push(payload, ctx.attempt, ctx.jobId, ctx.workerId);
      }),
      {},
      { ...meta, attempt: 2 },
      { recorder },
    );
    expect(seen).toEqual([{ n: 1 }, 2, 'job-1', 'host:1']);
  });

  it('still reports the job outcome when recording it fails', async () => {
    const { recorder } = fakeRecorder({ failFinish: true });
    const lines: string[] = [];
    await expect(
      runRecorded(job(async () => undefined), {}, meta, { recorder, log: (l) => lines.push(l) }),
    ).resolves.toMatchObject({ status: 'ok' });
    expect(lines.join('\n')).toMatch(/could not record the outcome of run run-1: database went away/);
  });

  it('does not run the job when its start cannot be recorded (pg-boss retries it)', async () => {
    let ran = false;
    const recorder: RunRecorder = {
      start: async () => {
        throw new Error('no database');
      },
      finish: async () => undefined,
    };
    await expect(
      runRecorded(job(async () => void (ran = true)), {}, meta, { recorder }),
    ).rejects.toThrow('no database');
    expect(ran).toBe(false);
  });
});
