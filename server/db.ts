import { PrismaClient } from './generated/prisma/client';
import { resolveDatabaseUrlSync } from './database/database-url';
import { createPool } from './database/pg-client';
import { SerializedPrismaPg } from './database/serialized-pg';

// One client per process. Next.js dev reloads modules, so the instance lives on
// globalThis to avoid leaking connection pools.
const globalForPrisma = globalThis as unknown as { runwellPrisma?: PrismaClient };

export function createPrismaClient(url = resolveDatabaseUrlSync()): PrismaClient {
  // Our own pool of GuardedClients, so a connection killed while it changes hands
  // cannot crash the process (pg-client.ts); the adapter closes it on $disconnect.
  // JIT off: our statements are short index scans whose plans PostgreSQL judged
  // costly enough to compile, and compiling took most of their time (the SLO
  // list recomputed for 10,000 SLOs: 1.7 s with JIT, 1.15 s without).
  const pool = createPool({ connectionString: url, max: Number(process.env.RUNWELL_DB_POOL ?? 10), options: '-c jit=off' }, 'db');
  // Serialized: a transaction's statements never overlap on its one connection (serialized-pg.ts).
  const adapter = new SerializedPrismaPg(pool, { disposeExternalPool: true });
  return new PrismaClient({ adapter });
}

export function getPrisma(): PrismaClient {
  globalForPrisma.runwellPrisma ??= createPrismaClient();
  return globalForPrisma.runwellPrisma;
}

export type { PrismaClient };
