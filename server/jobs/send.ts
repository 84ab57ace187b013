import type { PgBoss } from 'pg-boss';
import { JOB_PAYLOADS, type JobName, type JobPayload } from './catalog';
import { startQueue } from './queue';

// Sending a job from the web process (e.g. "backfill this new SLO now").
// Best effort by design: a job whose queue does not exist yet (no worker has
// started) is not sent, and callers must have a sweep that catches up (the SLO
// sampler's schedule starts any backfill that never ran).

let boss: Promise<PgBoss> | null = null;

export async function sendJob<N extends JobName>(name: N, payload: JobPayload<N>, options: { singletonKey?: string } = {}): Promise<boolean> {
  const checked = JOB_PAYLOADS[name].safeParse(payload);
  if (!checked.success) {
    process.stderr.write(`[jobs] not sending ${name}: payload does not match its schema (${checked.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')})\n`);
    return false;
  }
  try {
    boss ??= startQueue({ name: 'runwell-sender', max: 2 });
    const b = await boss;
    if (!(await b.getQueue(name))) return false;
    return (await b.send(name, checked.data as object, options.singletonKey ? { singletonKey: options.singletonKey } : {})) !== null;
  } catch (error) {
    process.stderr.write(`[jobs] could not send ${name}: ${(error as Error).message}\n`);
    // Close the failed instance's pool too: its connections may be the ones that
    // died, and a pool left behind keeps reporting them.
    const failed = boss;
    boss = null;
    void failed?.then((b) => b.stop({ graceful: false })).catch(() => undefined);
    return false;
  }
}

export async function stopSender(): Promise<void> {
  if (!boss) return;
  const b = boss;
  boss = null;
  await (await b).stop({ graceful: false }).catch(() => undefined);
}
