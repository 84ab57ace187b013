// Sign-in back-off. After FREE_FAILURES wrong passwords an account is locked for
// a delay that doubles with each further failure, capped at MAX_LOCK_MS. Failures
// older than RESET_AFTER_MS are forgotten.
export const FREE_FAILURES = 5;
export const BASE_LOCK_MS = 1_000;
export const MAX_LOCK_MS = 15 * 60_000;
export const RESET_AFTER_MS = 60 * 60_000;

export type ThrottleState = { failures: number; lastFailureAt: Date; lockedUntil: Date | null };

export function lockDelayMs(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** (failures - FREE_FAILURES));
}

export function isLocked(state: ThrottleState | null, now: Date): boolean {
  return !!state?.lockedUntil && state.lockedUntil.getTime() > now.getTime();
}

export function afterFailure(state: ThrottleState | null, now: Date): ThrottleState {
  const stale = !state || now.getTime() - state.lastFailureAt.getTime() > RESET_AFTER_MS;
  const failures = (stale ? 0 : state.failures) + 1;
  const delay = lockDelayMs(failures);
  return { failures, lastFailureAt: now, lockedUntil: delay > 0 ? new Date(now.getTime() + delay) : null };
}

export function throttleKey(email: string): string {
  return email.trim().toLowerCase();
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
