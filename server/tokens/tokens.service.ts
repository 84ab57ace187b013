import { can, TOKEN_SCOPES, type Actor, type TokenScope } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { displayPrefix, generateTokenSecret, hashToken, isUsable, shouldTouch } from './tokens.compute';
import * as repo from './tokens.repo';
import { createTokenSchema, type CreateTokenInput, type TokenDto } from './tokens.schema';

function authorize(ctx: RequestContext) {
  if (!can(ctx.actor, 'token.manage')) throw new DomainError('FORBIDDEN', 'Only admins can manage API tokens');
  if (ctx.actor.kind !== 'user') throw new DomainError('FORBIDDEN', 'API tokens are created by people, not by tokens');
  return ctx.actor;
}

// The secret is returned here once and never again: only its hash is stored.
export async function createToken(
  ctx: RequestContext,
  input: CreateTokenInput,
  now = new Date(),
): Promise<{ token: TokenDto; secret: string }> {
  const user = authorize(ctx);
  const data = createTokenSchema.parse(input);
  const secret = generateTokenSecret();
  const expiresAt = data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * 86_400_000) : null;
  const token = await inTransaction(async (tx) => {
    const created = await repo.insertToken(tx, {
      name: data.name,
      tokenHash: hashToken(secret),
      prefix: displayPrefix(secret),
      scopes: data.scopes,
      createdById: user.id,
      expiresAt,
    });
    await recordAudit(tx, ctx, { action: 'token.create', targetType: 'api_token', targetId: created.id, after: created });
    return created;
  });
  return { token, secret };
}

export async function revokeToken(ctx: RequestContext, id: string, now = new Date()): Promise<TokenDto> {
  authorize(ctx);
  return inTransaction(async (tx) => {
    const before = await repo.findTokenById(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Token not found');
    if (before.revokedAt) return before;
    const after = await repo.revokeToken(tx, id, now);
    await recordAudit(tx, ctx, { action: 'token.revoke', targetType: 'api_token', targetId: id, before, after });
    return after;
  });
}

export async function listTokens(ctx: RequestContext): Promise<TokenDto[]> {
  authorize(ctx);
  return repo.listTokens(db());
}

export async function authenticateToken(secret: string, now = new Date()): Promise<Actor | null> {
  const row = await repo.findTokenByHash(db(), hashToken(secret));
  if (!row || !isUsable(row, now)) return null;
  if (shouldTouch(row.lastUsedAt, now)) await repo.touchToken(db(), row.id, now);
  const scopes = row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  return { kind: 'token', id: row.id, name: row.name, scopes };
}
