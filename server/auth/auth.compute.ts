// Sign-in back-off. After `free` wrong passwords an account (or a client
// address) is locked for a delay that doubles with each further failure,
// capped at MAX_LOCK_MS. Failures older than RESET_AFTER_MS are forgotten.
export const FREE_FAILURES = 5;
export const BASE_LOCK_MS = 1_000;
export const MAX_LOCK_MS = 15 * 60_000;
export const RESET_AFTER_MS = 60 * 60_000;

export type ThrottlePolicy = { free: number };
export const ACCOUNT_POLICY: ThrottlePolicy = { free: FREE_FAILURES };
// One address may fail more often than one account (an office behind one NAT
// address, people mistyping), but not endlessly across many accounts.
export const ADDRESS_POLICY: ThrottlePolicy = { free: 20 };

export type ThrottleState = { failures: number; lastFailureAt: Date; lockedUntil: Date | null };

export function lockDelayMs(failures: number, policy: ThrottlePolicy = ACCOUNT_POLICY): number {
  if (failures < policy.free) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - policy.free));
}

export function isLocked(state: ThrottleState | null, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil.getTime() > now.getTime();
}

export function afterFailure(state: ThrottleState | null, now: Date, policy: ThrottlePolicy = ACCOUNT_POLICY): ThrottleState {
  const stale = !state || now.getTime() - state.lastFailureAt.getTime() > RESET_AFTER_MS;
  const failures = (stale ? 0 : state.failures) + 1;
  const delay = lockDelayMs(failures, policy);
  return { failures, lastFailureAt: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

/** A reserved attempt that turned out right: it no longer counts against its address. */
export function afterRefund(state: ThrottleState | null, policy: ThrottlePolicy = ADDRESS_POLICY): ThrottleState | null {
  if (!state) return null;
  const failures = Math.max(0, state.failures - 1);
  return { failures, lastFailureAt: state.lastFailureAt, lockedUntil: failures < policy.free ? null : state.lockedUntil };
}

export function throttleKey(email: string): string {
  return email.trim().toLowerCase();
}

// Address rows live in the same table; the space keeps them apart from e-mail
// keys (sign-in refuses e-mails with whitespace before touching the table).
export function addressThrottleKey(address: string): string {
  return `address ${address}`;
}

export function isPlausibleEmailKey(key: string): boolean {
  return key.length > 0 && !/\s/.test(key);
}

/**
 * A token bucket for the global ceiling on password checks: `ratePerSecond`
 * tokens a second, at most `ratePerSecond` saved up. Taking a token that is not
 * there yet means waiting for it; a wait above `maxWaitMs` is refused (null)
 * and takes nothing. Times are monotonic milliseconds.
 */
export type Bucket = { tokens: number; atMs: number };

export function takeToken(
  bucket: Bucket,
  nowMs: number,
  ratePerSecond: number,
  maxWaitMs: number,
): { bucket: Bucket; waitMs: number | null } {
  const refilled = Math.min(ratePerSecond, bucket.tokens + (Math.max(0, nowMs - bucket.atMs) * ratePerSecond) / 1000);
  const left = refilled - 1;
  const waitMs = left >= 0 ? 0 : (-left * 1000) / ratePerSecond;
  if (waitMs > maxWaitMs) return { bucket: { tokens: refilled, atMs: nowMs }, waitMs: null };
  return { bucket: { tokens: left, atMs: nowMs }, waitMs };
}

/**
 * The e-mail an SSO sign-in may use to find or create the local account, or
 * null to refuse. Accounts are matched by e-mail, so an address the identity
 * provider says it has NOT verified could take over someone's account (e.g. an
 * admin's). Providers that omit email_verified are trusted (Azure AD, many
 * corporate IdPs only hand out verified addresses).
 */
export function ssoEmail(profile: { email?: unknown; email_verified?: unknown } | null | undefined): string | null {
  const email = typeof profile?.email === 'string' ? profile.email.trim().toLowerCase() : '';
  if (!email || !email.includes('@')) return null;
  if (profile?.email_verified === false || profile?.email_verified === 'false') return null;
  return email;
}
