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
    const after = await repo.updateUser(tx, id, changes);
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
    await repo.updateUser(tx, data.id, { passwordHash });
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
