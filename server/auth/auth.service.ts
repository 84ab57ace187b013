import { recordAudit } from '../audit/audit.service';
import { readEnv } from '../config';
import { db, inTransaction } from '../database/tx';
import { findCredentials, touchSignIn } from '../users/users.service';
import {
  ACCOUNT_POLICY,
  ADDRESS_POLICY,
  addressThrottleKey,
  afterFailure,
  afterRefund,
  isLocked,
  isPlausibleEmailKey,
  takeToken,
  throttleKey,
  type Bucket,
  type ThrottleState,
} from './auth.compute';
import { clearThrottle, lockThrottle, writeThrottle } from './auth.repo';
import { decoyHash, verifyPassword } from '../users/password';
import type { Actor } from '../lib/roles';

export type SignInResult =
  | { ok: true; actor: Extract<Actor, { kind: 'user' }>; sessionVersion: number }
  | { ok: false };

/** The global ceiling on password checks per second in this process. */
export class PasswordCheckCeiling {
  private bucket: Bucket;
  constructor(
    private readonly ratePerSecond: number,
    private readonly maxWaitMs = 2_000,
    private readonly clock: () => number = () => performance.now(),
  ) {
    this.bucket = { tokens: ratePerSecond, atMs: clock() };
  }

  /** Resolves true once a check may run (maybe after a short wait), false when the queue is too long. */
  async admit(): Promise<boolean> {
    const { bucket, waitMs } = takeToken(this.bucket, this.clock(), this.ratePerSecond, this.maxWaitMs);
    this.bucket = bucket;
    if (waitMs === null) return false;
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return true;
  }
}

let defaultCeiling: PasswordCheckCeiling | undefined;
function processCeiling(): PasswordCheckCeiling {
  defaultCeiling ??= new PasswordCheckCeiling(readEnv().RUNWELL_PASSWORD_CHECKS_PER_SECOND);
  return defaultCeiling;
}

export type SignInOptions = {
  /** The client's address (clientAddress()); null when unknown: no per-address limit then. */
  address?: string | null;
  ceiling?: PasswordCheckCeiling;
};

type Reservation = { account: ThrottleState; addressKey: string | null };

/**
 * Reserves one attempt under the row locks of the account and of the client
 * address: refused when either is locked, otherwise counted as a failure right
 * away (it is un-counted if the password turns out right). So however many
 * attempts run at once, no more password checks start than the back-off
 * allows; the check itself runs after the locks are released (scrypt takes
 * ~100 ms and must not hold database connections).
 */
async function reserveAttempt(key: string, address: string | null, now: Date): Promise<Reservation | null> {
  const addressKey = address ? addressThrottleKey(address) : null;
  return inTransaction(async (tx) => {
    // Always address first, then account: one lock order, no deadlocks.
    const addressState = addressKey ? await lockThrottle(tx, addressKey) : null;
    const accountState = await lockThrottle(tx, key);
    if (isLocked(accountState, now) || isLocked(addressState, now)) return null;
    const account = afterFailure(accountState, now, ACCOUNT_POLICY);
    await writeThrottle(tx, key, account);
    if (addressKey) await writeThrottle(tx, addressKey, afterFailure(addressState, now, ADDRESS_POLICY));
    return { account, addressKey };
  });
}

// Every failure looks the same to the caller (unknown e-mail, wrong password,
// disabled account, locked account, too many attempts): no user enumeration.
export async function signInWithPassword(
  email: string,
  password: string,
  now = new Date(),
  options: SignInOptions = {},
): Promise<SignInResult> {
  const key = throttleKey(email);
  if (!isPlausibleEmailKey(key)) return { ok: false };
  const address = options.address ?? null;
  if (!(await (options.ceiling ?? processCeiling()).admit())) return { ok: false };
  const reservation = await reserveAttempt(key, address, now);
  if (!reservation) return { ok: false };

  const user = await findCredentials(db(), key);
  const valid = await verifyPassword(password, user?.passwordHash ?? (await decoyHash()));
  if (!user || !valid || user.disabled) {
    // A lock is a security event admins should be able to find (someone may
    // be guessing a password); ordinary single failures are not recorded.
    if (reservation.account.lockedUntil) {
      await inTransaction((tx) =>
        recordAudit(tx, { actor: { kind: 'system', id: 'system', name: 'sign-in' }, requestId: null }, {
          action: 'auth.lockout',
          targetType: 'user',
          targetId: user?.id ?? null,
          after: { email: key, failures: reservation.account.failures, lockedUntil: reservation.account.lockedUntil, address },
        }),
      );
    }
    return { ok: false };
  }
  const actor = { kind: 'user', id: user.id, email: user.email, name: user.name, role: user.role } as const;
  await inTransaction(async (tx) => {
    await clearThrottle(tx, key);
    if (reservation.addressKey) {
      const refunded = afterRefund(await lockThrottle(tx, reservation.addressKey), ADDRESS_POLICY);
      if (refunded) await writeThrottle(tx, reservation.addressKey, refunded);
    }
    await touchSignIn(tx, user.id, now);
    await recordAudit(tx, { actor, requestId: null }, { action: 'auth.sign_in', targetType: 'user', targetId: user.id, after: { address } });
  });
  return { ok: true, actor, sessionVersion: user.sessionVersion };
}
