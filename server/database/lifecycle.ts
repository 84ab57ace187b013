import { getPrisma } from '../db';
import { stopFactListener } from './notifications';

// For process entry points (CLI commands, workers, the server wrapper): close
// the shared Prisma pool so the process can exit at once instead of waiting
// for idle connections to time out. Entry points import this, never server/db.
export async function disconnectDatabase(): Promise<void> {
  await stopFactListener();
  const holder = globalThis as unknown as { runwellPrisma?: unknown };
  if (!holder.runwellPrisma) return;
  await getPrisma()
    .$disconnect()
    .catch(() => undefined);
}
