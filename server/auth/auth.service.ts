import { recordAudit } from '../audit/audit.service';
import { db, inTransaction } from '../database/tx';
import { findCredentials, touchSignIn } from '../users/users.repo';
import { afterFailure, isLocked, throttleKey } from './auth.compute';
import { clearThrottle, lockThrottle, readThrottle, writeThrottle } from './auth.repo';
import { decoyHash, verifyPassword } from '../users/password';
import type { Actor } from '../lib/roles';

export type SignInResult = { ok: true; actor: Extract<Actor, { kind: 'user' }> } | { ok: false };

// Every failure looks the same to the caller (unknown e-mail, wrong password,
// disabled account, locked account): no user enumeration.
export async function signInWithPassword(email: string, password: string, now = new Date()): Promise<SignInResult> {
  const key = throttleKey(email);
  if (isLocked(await readThrottle(db(), key), now)) return { ok: false };
  const user = await findCredentials(db(), key);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !valid || user.disabled) {
    await inTransaction(async (tx) => {
      const next = afterFailure(await lockThrottle(tx, key), now);
      await writeThrottle(tx, key, next);
      // A lock is a security event admins should be able to find (someone may
      // be guessing a password); ordinary single failures are not recorded.
      if (next.lockedUntil) {
        await recordAudit(tx, { actor: { kind: 'system', id: 'system', name: 'sign-in' }, requestId: null }, {
          action: 'auth.lockout',
          targetType: 'user',
          targetId: user?.id ?? null,
          after: { email: key, failures: next.failures, lockedUntil: next.lockedUntil },
        });
      }
    });
    return { ok: false };
  }
  const actor = { kind: 'user', id: user.id, email: user.email, name: user.name, role: user.role } as const;
  await inTransaction(async (tx) => {
    await clearThrottle(tx, key);
    await touchSignIn(tx, user.id, now);
    await recordAudit(tx, { actor, requestId: null }, { action: 'auth.sign_in', targetType: 'user', targetId: user.id });
  });
  return { ok: true, actor };
}
