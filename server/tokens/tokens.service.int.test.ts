import { beforeEach, describe, expect, it } from 'vitest';
import { systemCtx } from '@/tests/setup/actors';
import { dump, resetDatabase } from '@/tests/setup/db';
import type { RequestContext } from '../lib/request-context';
import { can, type Role } from '../lib/roles';
import { getPrisma } from '../db';
import { DomainError } from '../errors';
import { createUser } from '../users/users.service';
import { hashToken } from './tokens.compute';
import { authenticateToken, createToken, listTokens, revokeToken } from './tokens.service';

const system = systemCtx;
const t0 = new Date('2026-06-01T08:00:00Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);

async function userCtx(role: Role): Promise<RequestContext> {
  const u = await createUser(system, { email: `${role}@tokens.test`, name: role, role, password: 'correct horse battery staple' });
  return { actor: { kind: 'user', id: u.id, email: u.email, name: u.name, role: u.role }, requestId: null };
}

beforeEach(resetDatabase);

describe('createToken', () => {
  it('returns the secret once and stores only its sha256', async () => {
    const admin = await userCtx('admin');
    const { token, secret } = await createToken(admin, { name: 'alertmanager', scopes: ['alerts'] }, t0);
    expect(secret).toMatch(/^rw_[A-Za-z0-9_-]{43}$/);
    expect(token).toMatchObject({ name: 'alertmanager', scopes: ['alerts'], prefix: secret.slice(0, 9), createdBy: 'admin@tokens.test' });
    expect(token).not.toHaveProperty('tokenHash');

    const row = await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } });
    expect(row.tokenHash).toBe(hashToken(secret));
    const everything = dump({
      tokens: await getPrisma().apiToken.findMany(),
      audit: await getPrisma().auditLog.findMany(),
      listed: await listTokens(admin),
    });
    expect(everything).not.toContain(secret);
    expect(dump(await listTokens(admin))).not.toContain(row.tokenHash);
    const audit = await getPrisma().auditLog.findMany({ where: { action: 'token.create' } });
    expect(audit).toHaveLength(1);
    expect(dump(audit)).not.toContain(row.tokenHash);
  });

  it('sets the expiry from expiresInDays', async () => {
    const admin = await userCtx('admin');
    const { token } = await createToken(admin, { name: 'ci', scopes: ['check'], expiresInDays: 30 }, t0);
    expect(token.expiresAt).toEqual(plus(30 * 86_400_000));
  });

  it.each<Role>(['viewer', 'engineer', 'incident_commander', 'executive'])('a %s may not manage tokens', async (role) => {
    const ctx = await userCtx(role);
    await expect(createToken(ctx, { name: 'x', scopes: ['read'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(listTokens(ctx)).rejects.toBeInstanceOf(DomainError);
  });

  it('tokens cannot create tokens', async () => {
    const admin = await userCtx('admin');
    const { secret } = await createToken(admin, { name: 'read', scopes: ['read'] }, t0);
    const actor = (await authenticateToken(secret, t0))!;
    await expect(createToken({ actor, requestId: null }, { name: 'x', scopes: ['read'] })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('the CLI (system actor) creates tokens owned by an admin: the named one, else the first', async () => {
    await expect(createToken(system, { name: 'am', scopes: ['alerts'] }, t0)).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'owner', message: expect.stringMatching(/No admin exists yet/) });
    await userCtx('admin');
    const second = await createUser(system, { email: 'second@tokens.test', name: 'Second', role: 'admin', password: 'correct horse battery staple' });
    expect((await createToken(system, { name: 'am', scopes: ['alerts'] }, t0)).token.createdBy).toBe('admin@tokens.test');
    expect((await createToken(system, { name: 'am2', scopes: ['alerts'] }, t0, { ownerEmail: second.email })).token.createdBy).toBe('second@tokens.test');
    await userCtx('viewer');
    await expect(createToken(system, { name: 'x', scopes: ['read'] }, t0, { ownerEmail: 'viewer@tokens.test' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/not an enabled admin/) });
    const audit = await getPrisma().auditLog.findMany({ where: { action: 'token.create' } });
    expect(audit.map((a) => a.actorLabel)).toEqual(['system:test', 'system:test']);
  });
});

describe('authenticateToken', () => {
  it('accepts a valid secret and yields a token actor with its scopes only', async () => {
    const admin = await userCtx('admin');
    const { token, secret } = await createToken(admin, { name: 'am', scopes: ['alerts', 'read'] }, t0);
    const actor = await authenticateToken(secret, plus(1000));
    expect(actor).toEqual({ kind: 'token', id: token.id, name: 'am', scopes: ['alerts', 'read'] });
    expect(can(actor, 'alerts.ingest')).toBe(true);
    expect(can(actor, 'user.manage')).toBe(false);
  });

  it.each([
    ['an unknown secret', 'rw_unknown'],
    ['an empty secret', ''],
  ])('rejects %s', async (_label, secret) => {
    expect(await authenticateToken(secret, t0)).toBeNull();
  });

  it('rejects a revoked token, and revoking twice is harmless', async () => {
    const admin = await userCtx('admin');
    const { token, secret } = await createToken(admin, { name: 'old', scopes: ['read'] }, t0);
    const revoked = await revokeToken(admin, token.id, plus(1000));
    expect(revoked.revokedAt).toEqual(plus(1000));
    expect(await authenticateToken(secret, plus(2000))).toBeNull();
    expect((await revokeToken(admin, token.id, plus(5000))).revokedAt).toEqual(plus(1000));
    expect(await getPrisma().auditLog.count({ where: { action: 'token.revoke' } })).toBe(1);
    await expect(revokeToken(admin, 'missing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects an expired token', async () => {
    const admin = await userCtx('admin');
    const { secret } = await createToken(admin, { name: 'short', scopes: ['read'], expiresInDays: 1 }, t0);
    expect(await authenticateToken(secret, plus(86_400_000 - 1))).not.toBeNull();
    expect(await authenticateToken(secret, plus(86_400_000))).toBeNull();
  });

  it('refreshes lastUsedAt, at most once a minute', async () => {
    const admin = await userCtx('admin');
    const { token, secret } = await createToken(admin, { name: 'busy', scopes: ['read'] }, t0);
    const lastUsed = async () => (await getPrisma().apiToken.findUniqueOrThrow({ where: { id: token.id } })).lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await authenticateToken(secret, plus(1_000));
    expect(await lastUsed()).toEqual(plus(1_000));
    await authenticateToken(secret, plus(30_000));
    expect(await lastUsed()).toEqual(plus(1_000));
    await authenticateToken(secret, plus(62_000));
    expect(await lastUsed()).toEqual(plus(62_000));
  });
});
