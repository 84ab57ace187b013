import { PrismaClient } from './generated/prisma/client';
import { resolveDatabaseUrlSync } from './database/database-url';
import { SerializedPrismaPg } from './database/serialized-pg';

// One client per process. Next.js dev reloads modules, so the instance lives on
// globalThis to avoid leaking connection pools.
const globalForPrisma = globalThis as unknown as { runwellPrisma?: PrismaClient };

export function createPrismaClient(url = resolveDatabaseUrlSync()): PrismaClient {
  // Serialized: a transaction's statements never overlap on its one connection (see serialized-pg.ts).
  const adapter = new SerializedPrismaPg({ connectionString: url, max: Number(process.env.RUNWELL_DB_POOL ?? 10) });
  return new PrismaClient({ adapter });
}

export function getPrisma(): PrismaClient {
  globalForPrisma.runwellPrisma ??= createPrismaClient();
  return globalForPrisma.runwellPrisma;
}

export type { PrismaClient };
