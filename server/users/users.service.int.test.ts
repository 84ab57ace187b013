import { beforeEach, describe, expect, it } from 'vitest';
import { systemCtx } from '@/tests/setup/actors';
import { ZodError } from 'zod';
import { dump, resetDatabase } from '@/tests/setup/db';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { verifyPassword } from './password';
import type { Role } from '../lib/roles';
import { inTransaction } from '../database/tx';
import { getPrisma } from '../db';
import { DomainError } from '../errors';
import { createUser, getActiveUser, listUsers, resetPassword, updateUser } from './users.service';

const PASSWORD = 'correct horse battery staple';
const system = systemCtx;

async function userCtx(role: Role, email = `${role}@users.test`): Promise<RequestContext> {
  const u = await createUser(system, { email, name: role, role, password: PASSWORD });
  return { actor: { kind: 'user', id: u.id, email: u.email, name: u.name, role: u.role }, requestId: `req-${role}` };
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (error instanceof DomainError) return error.code;
  if (error instanceof ZodError) return 'ZOD';
  throw new Error(`expected a DomainError, got ${String(error)}`);
}

const auditRows = (action?: string) =>
  getPrisma().auditLog.findMany({ where: action ? { action } : {}, orderBy: { id: 'asc' } });

beforeEach(resetDatabase);

describe('createUser', () => {
  it('creates a user with a hashed password and a normalised e-mail', async () => {
    const user = await createUser(system, { email: '  Alice@Example.COM ', name: ' Alice ', role: 'engineer', password: PASSWORD });
    expect(user).toMatchObject({ email: 'alice@example.com', name: 'Alice', role: 'engineer', disabled: false, lastSignInAt: null });
    expect(user).not.toHaveProperty('passwordHash');
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).not.toContain(PASSWORD);
    expect(await verifyPassword(PASSWORD, row.passwordHash!)).toBe(true);
  });

  it('refuses a duplicate e-mail (case-insensitive) with CONFLICT', async () => {
    await createUser(system, { email: 'bob@example.com', name: 'Bob', role: 'viewer', password: PASSWORD });
    expect(await codeOf(createUser(system, { email: 'BOB@example.com', name: 'Bob 2', role: 'admin', password: PASSWORD }))).toBe(
      'CONFLICT',
    );
    expect(await getPrisma().user.count()).toBe(1);
  });

  it.each([
    { label: 'short password', input: { email: 'c@example.com', name: 'C', role: 'viewer', password: 'short' } },
    { label: 'bad e-mail', input: { email: 'not-an-email', name: 'C', role: 'viewer', password: PASSWORD } },
    { label: 'unknown role', input: { email: 'c@example.com', name: 'C', role: 'root', password: PASSWORD } },
    { label: 'empty name', input: { email: 'c@example.com', name: '  ', role: 'viewer', password: PASSWORD } },
  ])('validates input: $label', async ({ input }) => {
    expect(await codeOf(createUser(system, input as never))).toBe('ZOD');
  });

  it.each<Role>(['viewer', 'engineer', 'incident_commander', 'executive'])('a %s may not create users', async (role) => {
    const ctx = await userCtx(role);
    expect(await codeOf(createUser(ctx, { email: 'x@example.com', name: 'X', role: 'admin', password: PASSWORD }))).toBe('FORBIDDEN');
    expect(await codeOf(listUsers(ctx))).toBe('FORBIDDEN');
  });

  it('writes an audit row naming the actor, without any secret', async () => {
    const admin = await userCtx('admin');
    const user = await createUser(admin, { email: 'dana@example.com', name: 'Dana', role: 'executive', password: PASSWORD });
    const [row] = await auditRows('user.create').then((rows) => rows.filter((r) => r.targetId === user.id));
    expect(row).toMatchObject({
      actorType: 'user',
      actorId: admin.actor.id,
      actorLabel: 'admin@users.test',
      targetType: 'user',
      targetId: user.id,
      requestId: 'req-admin',
      before: null,
    });
    expect(row!.after).toMatchObject({ email: 'dana@example.com', role: 'executive' });
    const stored = await getPrisma().user.findUniqueOrThrow({ where: { id: user.id } });
    const text = dump(await auditRows());
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(stored.passwordHash!);
  });
});

describe('updateUser: at least one active admin', () => {
  it('the last admin can be neither demoted nor disabled', async () => {
    const admin = await userCtx('admin');
    expect(await codeOf(updateUser(admin, { id: admin.actor.id, role: 'engineer' }))).toBe('CONFLICT');
    expect(await codeOf(updateUser(admin, { id: admin.actor.id, disabled: true }))).toBe('CONFLICT');
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: admin.actor.id } });
    expect(row).toMatchObject({ role: 'admin', disabled: false });
    expect(await auditRows('user.update')).toHaveLength(0);
  });

  it('a disabled second admin does not count', async () => {
    const admin = await userCtx('admin');
    const other = await userCtx('admin', 'other-admin@users.test');
    await updateUser(admin, { id: other.actor.id, disabled: true });
    expect(await codeOf(updateUser(admin, { id: admin.actor.id, role: 'viewer' }))).toBe('CONFLICT');
  });

  it('with two active admins, one may be demoted, then the other is the last', async () => {
    const admin = await userCtx('admin');
    const other = await userCtx('admin', 'other-admin@users.test');
    const demoted = await updateUser(admin, { id: other.actor.id, role: 'engineer' });
    expect(demoted.role).toBe('engineer');
    expect(await codeOf(updateUser(admin, { id: admin.actor.id, disabled: true }))).toBe('CONFLICT');

    const [row] = await auditRows('user.update');
    expect(row).toMatchObject({ targetId: other.actor.id, actorId: admin.actor.id });
    expect(row!.before).toMatchObject({ role: 'admin' });
    expect(row!.after).toMatchObject({ role: 'engineer' });
  });

  it('renaming the last admin is fine', async () => {
    const admin = await userCtx('admin');
    expect((await updateUser(admin, { id: admin.actor.id, name: 'Root' })).name).toBe('Root');
  });

  it('a disabled user is no longer an active user', async () => {
    const admin = await userCtx('admin');
    const viewer = await userCtx('viewer');
    expect(await getActiveUser(viewer.actor.id)).not.toBeNull();
    await updateUser(admin, { id: viewer.actor.id, disabled: true });
    expect(await getActiveUser(viewer.actor.id)).toBeNull();
  });

  it('an unknown user is NOT_FOUND', async () => {
    const admin = await userCtx('admin');
    expect(await codeOf(updateUser(admin, { id: 'nope', name: 'X' }))).toBe('NOT_FOUND');
  });
});

describe('resetPassword', () => {
  it('replaces the hash and audits without the password', async () => {
    const admin = await userCtx('admin');
    const viewer = await userCtx('viewer');
    const next = 'a brand new passphrase';
    await resetPassword(admin, { id: viewer.actor.id, password: next });
    const row = await getPrisma().user.findUniqueOrThrow({ where: { id: viewer.actor.id } });
    expect(await verifyPassword(next, row.passwordHash!)).toBe(true);
    expect(await verifyPassword(PASSWORD, row.passwordHash!)).toBe(false);
    const audit = await auditRows('user.reset_password');
    expect(audit).toHaveLength(1);
    expect(dump(audit)).not.toContain(next);
  });
});

describe('recordAudit redaction', () => {
  it('replaces secret-looking keys at any depth before the row is written', async () => {
    await inTransaction((tx) =>
      recordAudit(tx, system, {
        action: 'test.redact',
        targetType: 'test',
        targetId: 't1',
        before: { password: 'p1', nested: { apiToken: 't1', list: [{ clientSecret: 's1', keep: 1 }] } },
        after: { passwordHash: 'h1', kubeconfig: 'k1', Credentials: 'c1', name: 'visible', at: new Date(0) },
      }),
    );
    const [row] = await auditRows('test.redact');
    expect(row).toMatchObject({ actorType: 'system', actorId: null, actorLabel: 'system:test' });
    expect(row!.before).toEqual({ password: '[redacted]', nested: { apiToken: '[redacted]', list: [{ clientSecret: '[redacted]', keep: 1 }] } });
    expect(row!.after).toEqual({
      passwordHash: '[redacted]',
      kubeconfig: '[redacted]',
      Credentials: '[redacted]',
      name: 'visible',
      at: new Date(0).toISOString(),
    });
  });
});
