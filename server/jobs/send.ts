import type { PgBoss } from 'pg-boss';
import { startQueue } from './queue';

// Sending a job from the web process (e.g. "backfill this new SLO now").
// Best effort by design: a job whose queue does not exist yet (no worker has
// started) is not sent, and callers must have a sweep that catches up (the SLO
// sampler's schedule starts any backfill that never ran).

let boss: Promise<PgBoss> | null = null;

export async function sendJob(name: string, payload: object, options: { singletonKey?: string } = {}): Promise<boolean> {
  try {
    boss ??= startQueue({ name: 'runwell-sender', max: 2 });
    const b = await boss;
    if (!(await b.getQueue(name))) return false;
    return (await b.send(name, payload, options.singletonKey ? { singletonKey: options.singletonKey } : {})) !== null;
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
