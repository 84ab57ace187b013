import type { Db } from '../database/tx';
import type { TokenDto } from './tokens.schema';

const fields = {
  id: true,
  name: true,
  prefix: true,
  scopes: true,
  createdAt: true,
  expiresAt: true,
  lastUsedAt: true,
  revokedAt: true,
  createdBy: { select: { email: true } },
} as const;

type Row = Omit<TokenDto, 'createdBy'> & { createdBy: { email: string } };
const toDto = (r: Row): TokenDto => ({ ...r, createdBy: r.createdBy.email });

export async function insertToken(
  db: Db,
  data: { name: string; tokenHash: string; prefix: string; scopes: string[]; createdById: string; expiresAt: Date | null },
): Promise<TokenDto> {
  return toDto(await db.apiToken.create({ data, select: fields }));
}

export async function listTokens(db: Db): Promise<TokenDto[]> {
  return (await db.apiToken.findMany({ select: fields, orderBy: { createdAt: 'desc' } })).map(toDto);
}

export async function findTokenById(db: Db, id: string): Promise<TokenDto | null> {
  const row = await db.apiToken.findUnique({ where: { id }, select: fields });
  return row ? toDto(row) : null;
}

const authSelect = { tokenHash: true, id: true, name: true, scopes: true, expiresAt: true, revokedAt: true, lastUsedAt: true } as const;

export async function findTokensByHashes(db: Db, tokenHashes: readonly string[]) {
  const rows = await db.apiToken.findMany({ where: { tokenHash: { in: [...tokenHashes] } }, select: authSelect });
  return new Map(rows.map((r) => [r.tokenHash, r]));
}

export async function revokeToken(db: Db, id: string, at: Date): Promise<TokenDto> {
  return toDto(await db.apiToken.update({ where: { id }, data: { revokedAt: at }, select: fields }));
}

export async function touchToken(db: Db, id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}

/** Owner candidates for tokens created from the CLI: the named user, or the first admin. */
export function findOwner(db: Db, email: string | null) {
  const select = { id: true, email: true, role: true, disabled: true } as const;
  return email
    ? db.user.findUnique({ where: { email: email.toLowerCase() }, select })
    : db.user.findFirst({ where: { role: 'admin', disabled: false }, orderBy: { createdAt: 'asc' }, select });
}
