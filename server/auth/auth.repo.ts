import type { Db } from '../database/tx';
import type { ThrottleState } from './auth.compute';

export function readThrottle(db: Db, key: string): Promise<ThrottleState | null> {
  return db.loginThrottle.findUnique({
    where: { key },
    select: { failures: true, lastFailureAt: true, lockedUntil: true },
  });
}

export async function writeThrottle(db: Db, key: string, state: ThrottleState): Promise<void> {
  await db.loginThrottle.upsert({ where: { key }, create: { key, ...state }, update: state });
}

export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.loginThrottle.deleteMany({ where: { key } });
}
