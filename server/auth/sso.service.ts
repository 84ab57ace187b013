import { recordAudit } from '../audit/audit.service';
import { readEnv } from '../config';
import { inTransaction } from '../database/tx';
import { findSessionUser, findUserByEmail, insertUser } from '../users/users.service';

// First SSO sign-in creates the account with OIDC_DEFAULT_ROLE; an admin can
// promote it afterwards. Disabled accounts stay out.
export async function findOrCreateSsoUser(email: string, name: string): Promise<{ id: string; sessionVersion: number } | null> {
  const normalized = email.trim().toLowerCase();
  if (!normalized) return null;
  return inTransaction(async (tx) => {
    const existing = await findUserByEmail(tx, normalized);
    if (existing) return existing.disabled ? null : findSessionUser(tx, existing.id);
    const user = await insertUser(tx, {
      email: normalized,
      name: name || normalized,
      role: readEnv().OIDC_DEFAULT_ROLE,
      passwordHash: null,
    });
    await recordAudit(
      tx,
      { actor: { kind: 'system', id: 'system', name: 'sso' }, requestId: null },
      { action: 'user.create_sso', targetType: 'user', targetId: user.id, after: user },
    );
    return { id: user.id, sessionVersion: 0 };
  });
}
