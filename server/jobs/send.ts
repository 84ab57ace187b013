import type { PgBoss } from 'pg-boss';
import { JOB_PAYLOADS, type JobName, type JobPayload } from './catalog';
import { startQueue } from './queue';

// Sending a job from the web process (e.g. "backfill this new SLO now").
// Best effort by design: a job whose queue does not exist yet (no worker has
// started) is not sent, and callers must have a sweep that catches up (the SLO
// sampler's schedule starts any backfill that never ran).
//
// One pg-boss instance per process, kept for the life of the process. A failed
// statement (its connection killed by a failover or pg_terminate_backend) does
// not make the instance unusable: pg-pool discards the broken connection and the
// next statement gets a new one, so a send is retried once and the instance is
// kept. Throwing the instance away instead raced with concurrent senders still
// using it ("Database not opened") and restarted pg-boss (schema checks, a new
// pool) on every error. Only an instance that never started is dropped.

let boss: Promise<PgBoss> | null = null;

const ATTEMPTS = 2;

export async function sendJob<N extends JobName>(name: N, payload: JobPayload<N>, options: { singletonKey?: string } = {}): Promise<boolean> {
  const checked = JOB_PAYLOADS[name].safeParse(payload);
  if (!checked.success) {
    process.stderr.write(`[jobs] not sending ${name}: payload does not match its schema (${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})\n`);
    return false;
  }
  const starting = (boss ??= startQueue({ name: 'runwell-sender', max: 2 }));
  let b: PgBoss;
  try {
    b = await starting;
  } catch (error) {
    // startQueue closed the instance it could not start; the next call starts afresh.
    if (boss === starting) boss = null;
    process.stderr.write(`[jobs] could not send ${name}: the queue did not start: ${(error as Error).message}\n`);
    return false;
  }
  for (let attempt = 1; ; attempt += 1) {
    try {
      if (!(await b.getQueue(name))) return false;
      return (await b.send(name, checked.data as object, options.singletonKey ? { singletonKey: options.singletonKey } : {})) !== null;
    } catch (error) {
      if (attempt < ATTEMPTS) continue;
      process.stderr.write(`[jobs] could not send ${name}: ${(error as Error).message}\n`);
      return false;
    }
  }
}

export async function stopSender(): Promise<void> {
  if (!boss) return;
  const b = boss;
  boss = null;
  await b.then((x) => x.stop({ graceful: false })).catch(() => undefined);
}
