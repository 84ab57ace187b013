import { beforeEach, describe, expect, it, vi } from 'vitest';
import { systemCtx } from '@/tests/setup/actors';
import { resetDatabase } from '@/tests/setup/db';
import { getPrisma } from '../db';
import { createUser } from '../users/users.service';
import { FREE_FAILURES } from './auth.compute';
import { PasswordCheckCeiling, signInWithPassword } from './auth.service';

// Issue 10, finding 2: parallel attempts must not get more password checks
// than one-at-a-time attempts. verifyPassword is wrapped to count the checks.
const checks = vi.hoisted(() => ({ count: 0 }));
vi.mock('../users/password', async (importOriginal) => {
  const original = await importOriginal<typeof import('../users/password')>();
  return {
    ...original,
    verifyPassword: async (password: string, stored: string) => {
      checks.count += 1;
      return original.verifyPassword(password, stored);
    },
  };
});

const PASSWORD = 'correct horse battery staple';
const t0 = new Date('2026-07-01T09:00:00Z');
// Enough for every test here: the ceiling has its own test below.
const roomy = () => new PasswordCheckCeiling(1_000);

async function throttleOf(key: string) {
  return getPrisma().loginThrottle.findUnique({ where: { key } });
}

beforeEach(async () => {
  await resetDatabase();
  checks.count = 0;
});

describe('sign-in attempts in parallel', () => {
  it('15 wrong passwords at once: no more checks and failures than the back-off allows', async () => {
    await createUser(systemCtx, { email: 'erin@example.com', name: 'Erin', role: 'viewer', password: PASSWORD });
    checks.count = 0;
    const ceiling = roomy();
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => signInWithPassword('erin@example.com', `wrong-${i}`, t0, { ceiling })),
    );
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(checks.count).toBeLessThanOrEqual(FREE_FAILURES);
    expect((await throttleOf('erin@example.com'))?.failures).toBe(FREE_FAILURES);
  });

  it('9 wrong passwords and the right one at once: at most 5 are checked; once locked, the right one is refused', async () => {
    await createUser(systemCtx, { email: 'erin@example.com', name: 'Erin', role: 'viewer', password: PASSWORD });
    checks.count = 0;
    const ceiling = roomy();
    const attempts = [...Array.from({ length: 9 }, (_, i) => `wrong-${i}`), PASSWORD];
    const results = await Promise.all(attempts.map((p) => signInWithPassword('erin@example.com', p, t0, { ceiling })));
    expect(checks.count).toBeLessThanOrEqual(FREE_FAILURES);
    const signedIn = results.filter((r) => r.ok).length;
    // The right password can only have won if it was among the admitted five,
    // exactly as if it had been typed among the first five one at a time.
    if (signedIn === 0) expect((await throttleOf('erin@example.com'))?.lockedUntil).toEqual(new Date(t0.getTime() + 1_000));
    expect(signedIn).toBeLessThanOrEqual(1);

    // Lock it for sure, then send the right password with four wrong ones: no session.
    const lockAgain = await Promise.all(Array.from({ length: 6 }, (_, i) => signInWithPassword('erin@example.com', `x-${i}`, t0, { ceiling })));
    expect(lockAgain.every((r) => !r.ok)).toBe(true);
    checks.count = 0;
    const locked = await Promise.all(
      [PASSWORD, 'a', 'b', 'c', 'd'].map((p) => signInWithPassword('erin@example.com', p, new Date(t0.getTime() + 500), { ceiling })),
    );
    expect(locked.some((r) => r.ok)).toBe(false);
    expect(checks.count).toBe(0);
  });
});

describe('per-address limit', () => {
  it('20 failures from one address over many accounts lock that address, not others', async () => {
    await createUser(systemCtx, { email: 'erin@example.com', name: 'Erin', role: 'viewer', password: PASSWORD });
    const ceiling = roomy();
    const address = '203.0.113.7';
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => signInWithPassword(`guess-${i}@example.com`, 'wrong', t0, { address, ceiling })),
    );
    expect(await throttleOf(`address ${address}`)).toMatchObject({ failures: 20, lockedUntil: new Date(t0.getTime() + 1_000) });
    // Even the right password of an unlocked account is refused from that address...
    expect((await signInWithPassword('erin@example.com', PASSWORD, t0, { address, ceiling })).ok).toBe(false);
    // ...and works from another one.
    expect((await signInWithPassword('erin@example.com', PASSWORD, t0, { address: '198.51.100.4', ceiling })).ok).toBe(true);
    const signIn = await getPrisma().auditLog.findFirstOrThrow({ where: { action: 'auth.sign_in' } });
    expect(signIn.after).toEqual({ address: '198.51.100.4' });
  });

  it('a successful sign-in does not count against its address', async () => {
    await createUser(systemCtx, { email: 'erin@example.com', name: 'Erin', role: 'viewer', password: PASSWORD });
    const address = '203.0.113.8';
    await signInWithPassword('erin@example.com', 'wrong', t0, { address, ceiling: roomy() });
    await signInWithPassword('erin@example.com', PASSWORD, t0, { address, ceiling: roomy() });
    expect((await throttleOf(`address ${address}`))?.failures).toBe(1);
  });

  it('an e-mail shaped like an address key is refused before touching the table', async () => {
    expect((await signInWithPassword('address 203.0.113.9', 'x', t0, { ceiling: roomy() })).ok).toBe(false);
    expect(await getPrisma().loginThrottle.count()).toBe(0);
    expect(checks.count).toBe(0);
  });
});

describe('global ceiling on password checks', () => {
  it('attempts over the ceiling are refused without a check and without counting', async () => {
    await createUser(systemCtx, { email: 'erin@example.com', name: 'Erin', role: 'viewer', password: PASSWORD });
    checks.count = 0;
    // Two checks a second, no waiting, a clock that stands still.
    const ceiling = new PasswordCheckCeiling(2, 0, () => 0);
    const results = await Promise.all(Array.from({ length: 5 }, (_, i) => signInWithPassword('erin@example.com', `w-${i}`, t0, { ceiling })));
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(checks.count).toBe(2);
    expect((await throttleOf('erin@example.com'))?.failures).toBe(2);
  });
});
