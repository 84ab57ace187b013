import { getPrisma } from '../db';
import type { Prisma } from '../generated/prisma/client';

// Repos take a `Db` so that a service can run several of them in one
// transaction (the change and its audit row commit together).
export type Db = Prisma.TransactionClient;

/** `timeoutMs` for the few transactions that knowingly run long (a 150k-pod readiness evaluation writes while it evaluates). */
export function inTransaction<T>(work: (tx: Db) => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  return getPrisma().$transaction(work, { maxWait: 5_000, timeout: options.timeoutMs ?? 15_000 });
}

export function db(): Db {
  return getPrisma();
}
