import { can, TOKEN_SCOPES, type Actor, type TokenScope } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { batchedLookup } from '../lib/batch';
import { displayPrefix, generateTokenSecret, hashToken, isUsable, shouldTouch } from './tokens.compute';
import * as repo from './tokens.repo';
import { createTokenSchema, type CreateTokenInput, type TokenDto } from './tokens.schema';

function authorize(ctx: RequestContext) {
  if (!can(ctx.actor, 'token.manage')) throw new DomainError('FORBIDDEN', 'Only admins can manage API tokens');
  if (ctx.actor.kind === 'token') throw new DomainError('FORBIDDEN', 'API tokens are created by people (or `runwell token` on the host), not by tokens');
  return ctx.actor;
}

/**
 * Every token belongs to an admin (revoking them or deleting the person stops
 * it). A person owns what they create; the CLI (the system actor, run by
 * whoever operates the host) names the owner, or gets the first admin.
 */
async function ownerId(tx: Db, ctx: RequestContext, ownerEmail: string | null): Promise<string> {
  if (ctx.actor.kind === 'user') return ctx.actor.id;
  const owner = await repo.findOwner(tx, ownerEmail);
  if (!owner) {
    throw new DomainError(
      'BAD_INPUT',
      ownerEmail ? `No user ${ownerEmail}` : 'No admin exists yet: create one with `runwell user create --role admin`, then create the token',
      'owner',
    );
  }
  if (owner.role !== 'admin' || owner.disabled) throw new DomainError('BAD_INPUT', `${owner.email} is not an enabled admin; tokens belong to admins`, 'owner');
  return owner.id;
}

// The secret is returned here once and never again: only its hash is stored.
export async function createToken(
  ctx: RequestContext,
  input: CreateTokenInput,
  now = new Date(),
  options: { ownerEmail?: string | null } = {},
): Promise<{ token: TokenDto; secret: string }> {
  authorize(ctx);
  const data = createTokenSchema.parse(input);
  const secret = generateTokenSecret();
  const expiresAt = data.expiresInDays ? new Date(now.getTime() + data.expiresInDays * 86_400_000) : null;
  const token = await inTransaction(async (tx) => {
    const createdById = await ownerId(tx, ctx, options.ownerEmail ?? null);
    const created = await repo.insertToken(tx, {
      name: data.name,
      tokenHash: hashToken(secret),
      prefix: displayPrefix(secret),
      scopes: data.scopes,
      createdById,
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

// Concurrent requests share one lookup (server/lib/batch); never cached, so a
// revoked or expired token is refused on its very next use.
const tokenByHash = batchedLookup((hashes: string[]) => repo.findTokensByHashes(db(), hashes));

export async function authenticateToken(secret: string, now = new Date()): Promise<Actor | null> {
  const row = await tokenByHash(hashToken(secret));
  if (!row || !isUsable(row, now)) return null;
  if (shouldTouch(row.lastUsedAt, now)) await repo.touchToken(db(), row.id, now);
  const scopes = row.scopes.filter((s): s is TokenScope => (TOKEN_SCOPES as readonly string[]).includes(s));
  return { kind: 'token', id: row.id, name: row.name, scopes };
}
