import type { Db } from '../database/tx';
import type { ThrottleState } from './auth.compute';
export async function writeThrottle(db: Db, key: string, state: ThrottleState): Promise<void> {
  await db.loginThrottle.upsert({ where: { key }, create: { key, ...state }, update: state });
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}

/**
 * The throttle row of `key`, locked until the transaction ends, so concurrent
 * failed sign-ins (other requests, other web processes) count one after
 * another instead of overwriting each other's count. Creates the row (no
 * failures yet) when there is none.
 */
export async function lockThrottle(db: Db, key: string): Promise<ThrottleState | null> {
  await db.$executeRaw`INSERT INTO "LoginThrottle" ("key", "failures", "lastFailureAt") VALUES (${key}, 0, now()) ON CONFLICT ("key") DO NOTHING`;
  const [row] = await db.$queryRaw<ThrottleState[]>`SELECT "failures", "lastFailureAt", "lockedUntil" FROM "LoginThrottle" WHERE "key" = ${key} FOR UPDATE`;
  // A freshly created row has no failures: treat it as no history.
  return row && row.failures > 0 ? row : null;
}
