import { beforeEach, describe, expect, it } from 'vitest';
import { actorWith, systemCtx, TEST_PASSWORD } from '@/tests/setup/actors';
import { resetDatabase } from '@/tests/setup/db';
import { getPrisma } from '../db';
import { createUser, resetPassword, sessionUser, updateUser } from '../users/users.service';
import { PasswordCheckCeiling, signInWithPassword } from './auth.service';
import { authOptions } from './next-auth';

// Issue 10, finding 3: a session must end at sign-out, password reset, role
// change and disabling, at once (not when its 12-hour JWT expires).

const ceiling = new PasswordCheckCeiling(1_000);

/** Signs in like the credentials provider and returns the claims the JWT would carry. */
async function signInClaims(email: string) {
  const result = await signInWithPassword(email, TEST_PASSWORD, new Date(), { ceiling });
  if (!result.ok) throw new Error('sign-in failed');
  const token = await authOptions.callbacks!.jwt!({
    token: {},
    user: { id: result.actor.id, email, sessionVersion: result.sessionVersion } as never,
    account: null,
  });
  const session = await authOptions.callbacks!.session!({ session: { expires: '' }, token, user: undefined as never, newSession: undefined, trigger: 'update' });
  return { token, claims: session as { userId?: string; sessionVersion?: number } };
}

async function makeViewer(email: string) {
  return createUser(systemCtx, { email, name: 'Vic', role: 'viewer', password: TEST_PASSWORD });
}

beforeEach(resetDatabase);

describe('session versions', () => {
  it('a fresh session is accepted; a token without a version (older format) is not', async () => {
    const user = await makeViewer('vic@example.com');
    const { claims } = await signInClaims('vic@example.com');
    expect(claims).toMatchObject({ userId: user.id, sessionVersion: 0 });
    expect(await sessionUser(claims)).toMatchObject({ id: user.id, role: 'viewer' });
    expect(await sessionUser({ userId: user.id })).toBeNull();
  });

  it('sign-out ends every session of the user; a new sign-in works', async () => {
    await makeViewer('vic@example.com');
    const laptop = await signInClaims('vic@example.com');
    const phone = await signInClaims('vic@example.com');
    await authOptions.events!.signOut!({ token: laptop.token, session: undefined as never });
    expect(await sessionUser(laptop.claims)).toBeNull();
    expect(await sessionUser(phone.claims)).toBeNull();
    const again = await signInClaims('vic@example.com');
    expect(await sessionUser(again.claims)).not.toBeNull();
    expect(await getPrisma().auditLog.count({ where: { action: 'auth.sign_out' } })).toBe(1);
  });

  it("an admin's password reset ends the user's sessions", async () => {
    const admin = await actorWith('admin');
    const user = await makeViewer('vic@example.com');
    const { claims } = await signInClaims('vic@example.com');
    await resetPassword(admin, { id: user.id, password: 'a brand new passphrase' });
    expect(await sessionUser(claims)).toBeNull();
  });

  it('a role change or disabling ends the sessions; a name change does not', async () => {
    const admin = await actorWith('admin');
    const user = await makeViewer('vic@example.com');
    let { claims } = await signInClaims('vic@example.com');
    await updateUser(admin, { id: user.id, name: 'Victoria' });
    expect(await sessionUser(claims)).toMatchObject({ name: 'Victoria' });

    await updateUser(admin, { id: user.id, role: 'engineer' });
    expect(await sessionUser(claims)).toBeNull();

    ({ claims } = await signInClaims('vic@example.com'));
    await updateUser(admin, { id: user.id, disabled: true });
    expect(await sessionUser(claims)).toBeNull();
    // Enabling the account again does not bring the old session back.
    await updateUser(admin, { id: user.id, disabled: false });
    expect(await sessionUser(claims)).toBeNull();
  });
});
