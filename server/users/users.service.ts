import { authorize } from '../lib/authorize';
import { hashPassword } from './password';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import * as repo from './users.repo';
import {
  createUserSchema,
  resetPasswordSchema,
  updateUserSchema,
  type CreateUserInput,
  type UpdateUserInput,
  type UserDto,
} from './users.schema';

const authorizeManage = (ctx: RequestContext) => authorize(ctx, 'user.manage', 'Only admins can manage users');

export async function createUser(ctx: RequestContext, input: CreateUserInput): Promise<UserDto> {
  authorizeManage(ctx);
  const data = createUserSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  return inTransaction(async (tx) => {
    if (await repo.findUserByEmail(tx, data.email)) {
      throw new DomainError('CONFLICT', `A user with e-mail ${data.email} already exists`, 'email');
    }
    const user = await repo.insertUser(tx, { email: data.email, name: data.name, role: data.role, passwordHash });
    await recordAudit(tx, ctx, { action: 'user.create', targetType: 'user', targetId: user.id, after: user });
    return user;
  });
}

export async function updateUser(ctx: RequestContext, input: UpdateUserInput): Promise<UserDto> {
  authorizeManage(ctx);
  const { id, ...changes } = updateUserSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findUserById(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'User not found');
    const losesAdmin =
      before.role === 'admin' && !before.disabled && (changes.disabled === true || (changes.role && changes.role !== 'admin'));
    if (losesAdmin && (await repo.countActiveAdmins(tx)) <= 1) {
      throw new DomainError('CONFLICT', 'Runwell needs at least one active admin; promote another user first');
    }
    // A new role or a disabled account takes effect on the next request anyway
    // (the role is read per request), but the sessions end too: whoever holds
    // them signs in again under the new terms.
    const endSessions = (changes.role !== undefined && changes.role !== before.role) || (changes.disabled !== undefined && changes.disabled !== before.disabled);
    const after = await repo.updateUser(tx, id, changes, { endSessions });
    await recordAudit(tx, ctx, { action: 'user.update', targetType: 'user', targetId: id, before, after });
    return after;
  });
}

export async function resetPassword(ctx: RequestContext, input: { id: string; password: string }): Promise<void> {
  authorizeManage(ctx);
  const data = resetPasswordSchema.parse(input);
  const passwordHash = await hashPassword(data.password);
  await inTransaction(async (tx) => {
    if (!(await repo.findUserById(tx, data.id))) throw new DomainError('NOT_FOUND', 'User not found');
    // Whoever signed in with the old password is signed out everywhere.
    await repo.updateUser(tx, data.id, { passwordHash }, { endSessions: true });
    await recordAudit(tx, ctx, { action: 'user.reset_password', targetType: 'user', targetId: data.id });
  });
}

export async function listUsers(ctx: RequestContext): Promise<UserDto[]> {
  authorizeManage(ctx);
  return repo.listUsers(db());
}

export function countUsers(): Promise<number> {
  return repo.countUsers(db());
}

export function getActiveUser(id: string): Promise<UserDto | null> {
  return repo.findUserById(db(), id).then((u) => (u && !u.disabled ? u : null));
}

/**
 * The user a session token belongs to, or null when the session has ended:
 * unknown or disabled user, or a token whose session version is not the
 * user's current one (sign-out, password reset, role change and disabling
 * raise it). Tokens without a version predate versioning and are refused.
 */
export async function sessionUser(claims: { userId?: unknown; sessionVersion?: unknown }): Promise<UserDto | null> {
  if (typeof claims.userId !== 'string' || typeof claims.sessionVersion !== 'number') return null;
  const user = await repo.findSessionUser(db(), claims.userId);
  if (!user || user.disabled || user.sessionVersion !== claims.sessionVersion) return null;
  const { sessionVersion: _version, ...dto } = user;
  return dto;
}

/** Sign-out: every session of the user ends, not only the cookie of this browser. */
export async function endSessions(userId: string, reason: 'sign_out'): Promise<void> {
  await inTransaction(async (tx) => {
    await repo.bumpSessionVersion(tx, userId);
    await recordAudit(tx, { actor: { kind: 'system', id: 'system', name: 'sign-out' }, requestId: null }, {
      action: `auth.${reason}`,
      targetType: 'user',
      targetId: userId,
    });
  });
}

// For sign-in (server/auth): the credential and session reads it needs, and
// the writes it makes inside its own transactions (a tx is passed down).
export { findCredentials, findSessionUser, findUserByEmail, insertUser, touchSignIn } from './users.repo';
