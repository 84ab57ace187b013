import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { authorize } from '../lib/authorize';
import { db, inTransaction } from '../database/tx';
import { keysFromEnv, openSecret, sealedWith, sealSecret, type SecretKey } from './secrets';
import { listSealed, replaceSealed, sealedContext, type SealedKind } from './secrets.repo';

export type RotationResult = {
  keyId: string;
  resealed: number;
  alreadyCurrent: number;
  failed: Array<{ kind: SealedKind; id: string; error: string }>;
};

/**
 * Step 3 of a key rotation (docs/ops.md): re-seal every stored secret that is
 * not sealed with the current key (RUNWELL_SECRET_KEY), opening it with any
 * configured key (RUNWELL_SECRET_KEY_PREVIOUS). Idempotent; one audit row with
 * the counts (never the values). A row that cannot be opened is reported and
 * left as it is.
 */
export async function rotateSecrets(ctx: RequestContext, keys: SecretKey[] = keysFromEnv()): Promise<RotationResult> {
  authorize(ctx, 'settings.manage', 'Only admins can rotate the secret key');
  const current = keys[0]!;
  const result: RotationResult = { keyId: current.id, resealed: 0, alreadyCurrent: 0, failed: [] };
  return inTransaction(async (tx) => {
    for (const row of await listSealed(tx)) {
      if (sealedWith(row.sealed) === current.id) {
        result.alreadyCurrent++;
        continue;
      }
      const context = sealedContext[row.kind](row.id);
      try {
        const plain = openSecret(row.sealed, keys, context);
        if (await replaceSealed(tx, row, sealSecret(plain, current, context))) result.resealed++;
      } catch (error) {
        result.failed.push({ kind: row.kind, id: row.id, error: (error as Error).message });
      }
    }
    await recordAudit(tx, ctx, { action: 'secrets.rotate', targetType: 'secret_key', targetId: current.id, after: result });
    return result;
  });
}

/** How many stored secrets each key id seals (for `runwell secrets status`). */
export async function sealedKeyIds(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const row of await listSealed(db())) {
    const id = sealedWith(row.sealed) ?? 'unsealed';
    counts[id] = (counts[id] ?? 0) + 1;
  }
  return counts;
}
