// Every connection of the database is killed (pg_terminate_backend, as a failover
// or an administrator does) while a worker runs jobs, the web process's sender
// queues them and Prisma transactions are open. Nothing may surface as an
// uncaught exception (pg's FATAL 57P01 "terminating connection due to
// administrator command" emitted on a client nobody listens to), and afterwards
// the same processes keep sending and working without a restart.
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { getPrisma } from '@/server/db';
import { inTransaction } from '@/server/database/tx';
import { sendJob, stopSender } from '@/server/jobs/send';
import type { JobDefinition } from './job';
import { startWorker, type RunningWorker } from './runner';

const url = process.env.DATABASE_URL!;
const tag = `kill${Date.now().toString(36)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const uncaught: unknown[] = [];
const onUncaught = (error: unknown) => uncaught.push(error);
const done = new Set<string>();
let worker: RunningWorker;

// A catalog job name, so the real sender (sendJob) queues it; the definition is
// this test's: a Prisma transaction with a relation fan-out, held open a moment.
const job: JobDefinition = {
  name: 'slo.backfill',
  description: 'test job: one transaction per payload',
  schema: z.object({ sloId: z.string() }),
  retry: { limit: 20, delaySeconds: 0, backoff: false },
  run: async (payload) => {
    const { sloId } = payload as { sloId: string };
    await inTransaction(async (tx) => {
      await tx.team.findMany({ take: 3, include: { services: true, members: true, schedules: true } });
      await sleep(20);
      await tx.team.count();
    });
    if (sloId.startsWith(tag)) done.add(sloId);
  },
};

async function killBackends(): Promise<number> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const r = await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`);
    return r.rowCount ?? 0;
  } finally {
    await admin.end();
  }
}

// Like a web request that must queue its job: retried until the sender accepts it.
async function send(id: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    if (await sendJob('slo.backfill', { sloId: id })) return;
    await sleep(50);
  }
  throw new Error(`could not send ${id}`);
}

async function waitForDone(ids: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && ids.some((id) => !done.has(id))) await sleep(100);
  expect(ids.filter((id) => !done.has(id))).toEqual([]);
}

beforeAll(async () => {
  process.on('uncaughtException', onUncaught);
  worker = await startWorker({ url, jobs: [job], workerId: `${tag}:1`, concurrency: 3, schedule: false, pollingIntervalSeconds: 0.5, log: () => undefined });
});
afterAll(async () => {
  await worker?.stop(1000);
  await stopSender();
  process.off('uncaughtException', onUncaught);
});

describe('database connections killed while jobs are queued and worked', () => {
  it('raises no uncaught exception, and sending and working go on afterwards', async () => {
    await getPrisma().team.count();
    const kills: number[] = [];
    for (let round = 0; round < 4; round += 1) {
      const ids = Array.from({ length: 12 }, (_, i) => `${tag}-${round}-${i}`);
      const sending = Promise.all(ids.map((id, i) => sleep(i * 15).then(() => send(id))));
      // Mid-way through the round: senders, workers and transactions all hold connections.
      await sleep(90);
      kills.push(await killBackends());
      await sending;
      await waitForDone(ids);
      // Idle pool connections learn of the kill only now; give their errors time to surface.
      await sleep(300);
      kills.push(await killBackends());
      await sleep(300);
    }
    expect(kills.every((n) => n > 0)).toBe(true);
    // After the last kill: the same sender and worker still carry new jobs end to end.
    const after = Array.from({ length: 5 }, (_, i) => `${tag}-after-${i}`);
    await Promise.all(after.map(send));
    await waitForDone(after);
    expect(uncaught).toEqual([]);
  }, 180_000);
});
