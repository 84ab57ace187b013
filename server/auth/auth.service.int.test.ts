import { beforeEach, describe, expect, it } from 'vitest';
import { systemCtx } from '@/tests/setup/actors';
import { resetDatabase } from '@/tests/setup/db';
import type { RequestContext } from '../lib/request-context';
import { getPrisma } from '../db';
import { createUser, updateUser } from '../users/users.service';
import { inTransaction } from '../database/tx';
import { afterFailure } from './auth.compute';
import { lockThrottle, writeThrottle } from './auth.repo';
import { signInWithPassword } from './auth.service';

const PASSWORD = 'correct horse battery staple';
const system = systemCtx;
const t0 = new Date('2026-07-01T09:00:00Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);

async function makeUser(email = 'erin@example.com', role: 'viewer' | 'admin' = 'viewer') {
  return createUser(system, { email, name: 'Erin', role, password: PASSWORD });
}

beforeEach(resetDatabase);

describe('signInWithPassword', () => {
  it('signs in with the right password, records the time and an audit row', async () => {
    const user = await makeUser();
    const result = await signInWithPassword('erin@example.com', PASSWORD, t0);
    expect(result).toEqual({ ok: true, actor: { kind: 'user', id: user.id, email: 'erin@example.com', name: 'Erin', role: 'viewer' }, sessionVersion: 0 });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastSignInAt).toEqual(t0);
    const audit = await getPrisma().auditLog.findMany({ where: { action: 'auth.sign_in' } });
    expect(audit).toMatchObject([{ actorId: user.id, targetId: user.id }]);
  });

  it('e-mail is matched case-insensitively and trimmed', async () => {
    await makeUser();
    expect((await signInWithPassword('  ERIN@example.com ', PASSWORD, t0)).ok).toBe(true);
  });

  it('wrong password and unknown e-mail give exactly the same answer', async () => {
    await makeUser();
    const wrong = await signInWithPassword('erin@example.com', 'not the password', t0);
    const unknown = await signInWithPassword('nobody@example.com', PASSWORD, t0);
    expect(wrong).toEqual({ ok: false });
    expect(unknown).toEqual(wrong);
    expect(await getPrisma().auditLog.count({ where: { action: 'auth.sign_in' } })).toBe(0);
  });

  it('locks the account after 5 failures: even the right password is refused while locked', async () => {
    await makeUser();
    for (let i = 0; i < 5; i++) expect((await signInWithPassword('erin@example.com', `wrong-${i}`, t0)).ok).toBe(false);
    const throttle = await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key: 'erin@example.com' } });
    expect(throttle.failures).toBe(5);
    expect(throttle.lockedUntil).toEqual(plus(1_000));

    const lockouts = await getPrisma().auditLog.findMany({ where: { action: 'auth.lockout' } });
    expect(lockouts).toMatchObject([{ actorType: 'system', targetType: 'user', after: { email: 'erin@example.com', failures: 5 } }]);

    expect(await signInWithPassword('erin@example.com', PASSWORD, plus(500))).toEqual({ ok: false });
    // Attempts during the lock are not counted as further failures.
    expect((await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key: 'erin@example.com' } })).failures).toBe(5);

    expect((await signInWithPassword('erin@example.com', PASSWORD, plus(1_001))).ok).toBe(true);
    expect(await getPrisma().loginThrottle.count()).toBe(0);
  });

  it('failing again after a lock doubles it', async () => {
    await makeUser();
    for (let i = 0; i < 5; i++) await signInWithPassword('erin@example.com', 'wrong', t0);
    await signInWithPassword('erin@example.com', 'wrong', plus(2_000));
    const throttle = await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key: 'erin@example.com' } });
    expect(throttle).toMatchObject({ failures: 6, lockedUntil: plus(4_000) });
  });

  it('counts concurrent failures (other requests, other processes) one by one: none is lost', async () => {
    await makeUser();
    // Four at once stay under the free failures, so every one must be counted.
    await Promise.all([0, 1, 2, 3].map((i) => signInWithPassword('erin@example.com', `wrong-${i}`, t0)));
    expect((await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key: 'erin@example.com' } })).failures).toBe(4);
    // The fifth locks the account: the sixth, running at the same time, is refused unchecked.
    await Promise.all([4, 5].map((i) => signInWithPassword('erin@example.com', `wrong-${i}`, t0)));
    expect(await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key: 'erin@example.com' } })).toMatchObject({ failures: 5, lockedUntil: plus(1_000) });
  });

  it('a failure being counted holds the throttle row: a concurrent one waits and counts on top of it', async () => {
    const key = 'race@example.com';
    await inTransaction((tx) => writeThrottle(tx, key, afterFailure(null, t0)));
    let locked!: () => void;
    let release!: () => void;
    const lockedNow = new Promise<void>((r) => (locked = r));
    const released = new Promise<void>((r) => (release = r));
    const first = inTransaction(async (tx) => {
      const state = await lockThrottle(tx, key);
      locked();
      await released;
      await writeThrottle(tx, key, afterFailure(state, t0));
    });
    await lockedNow;
    const second = inTransaction(async (tx) => writeThrottle(tx, key, afterFailure(await lockThrottle(tx, key), t0)));
    // Give the second a moment to reach the lock (it would read 0 without it).
    await new Promise((r) => setTimeout(r, 200));
    release();
    await Promise.all([first, second]);
    expect((await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key } })).failures).toBe(3);
  });

  it('unknown e-mails are throttled too (no way to tell they do not exist)', async () => {
    for (let i = 0; i < 5; i++) await signInWithPassword('ghost@example.com', 'wrong', t0);
    expect((await getPrisma().loginThrottle.findUniqueOrThrow({ where: { key: 'ghost@example.com' } })).failures).toBe(5);
  });

  it('refuses a disabled account, even with the right password', async () => {
    const admin = await makeUser('root@example.com', 'admin');
    const user = await makeUser();
    const ctx: RequestContext = { actor: { kind: 'user', id: admin.id, email: admin.email, name: admin.name, role: 'admin' }, requestId: null };
    await updateUser(ctx, { id: user.id, disabled: true });
    expect(await signInWithPassword('erin@example.com', PASSWORD, t0)).toEqual({ ok: false });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.lastSignInAt).toBeNull();
  });

  it('a user without a password (SSO only) cannot sign in with one', async () => {
    const sso = await getPrisma().user.create({
      data: { email: 'sso@example.com', name: 'SSO', role: 'viewer', passwordHash: null },
    });
    expect(await signInWithPassword(sso.email, PASSWORD, t0)).toEqual({ ok: false });
    expect(await signInWithPassword(sso.email, '', t0)).toEqual({ ok: false });
  });
});
