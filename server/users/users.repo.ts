import type { Db } from '../database/tx';
import type { Role } from '../lib/roles';
import type { UserDto } from './users.schema';

const publicFields = {
  id: true,
  email: true,
  name: true,
  role: true,
  disabled: true,
  lastSignInAt: true,
  createdAt: true,
} as const;

export function findUserById(db: Db, id: string): Promise<UserDto | null> {
  return db.user.findUnique({ where: { id }, select: publicFields });
}

export function findUserByEmail(db: Db, email: string): Promise<UserDto | null> {
  return db.user.findUnique({ where: { email }, select: publicFields });
}

export function findCredentials(db: Db, email: string) {
  return db.user.findUnique({ where: { email }, select: { ...publicFields, passwordHash: true, sessionVersion: true } });
}

/** The user a session token names, with the session version the token must carry. */
export function findSessionUser(db: Db, id: string): Promise<(UserDto & { sessionVersion: number }) | null> {
  return db.user.findUnique({ where: { id }, select: { ...publicFields, sessionVersion: true } });
}

/** Ends every session of the user: tokens carrying an older version are refused. */
export async function bumpSessionVersion(db: Db, id: string): Promise<void> {
  await db.user.updateMany({ where: { id }, data: { sessionVersion: { increment: 1 } } });
}

export function listUsers(db: Db): Promise<UserDto[]> {
  return db.user.findMany({ select: publicFields, orderBy: { email: 'asc' } });
}

export function countUsers(db: Db): Promise<number> {
  return db.user.count();
}

export function countActiveAdmins(db: Db): Promise<number> {
  return db.user.count({ where: { role: 'admin', disabled: false } });
}

export function insertUser(
  db: Db,
  data: { email: string; name: string; role: Role; passwordHash: string | null },
): Promise<UserDto> {
  return db.user.create({ data, select: publicFields });
}

export function updateUser(
  db: Db,
  id: string,
  data: { name?: string; role?: Role; disabled?: boolean; passwordHash?: string },
  options: { endSessions?: boolean } = {},
): Promise<UserDto> {
  const sessionVersion = options.endSessions ? { sessionVersion: { increment: 1 } } : {};
  return db.user.update({ where: { id }, data: { ...data, ...sessionVersion }, select: publicFields });
}

export async function touchSignIn(db: Db, id: string, at: Date): Promise<void> {
  await db.user.update({ where: { id }, data: { lastSignInAt: at } });
}
