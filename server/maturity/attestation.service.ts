import { recordAudit } from '../audit/audit.service';
import { inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { expiryOf, isValid } from './attestation.compute';
import { MARKERS } from './maturity.compute';
import { attestInputSchema, revokeAttestationSchema, type AttestInput, type AttestationView } from './maturity.schema';
import * as repo from './maturity.repo';

// Attestations (docs/maturity.md "Attestations"): a lead of the team, or an
// admin, vouches for a criterion Runwell cannot observe, with an evidence link
// and an expiry. A new attestation replaces the team's previous one of the
// criterion; both it and a revocation are audited in the same transaction.

async function mayAttest(tx: Db, ctx: RequestContext, teamId: string, teamName: string): Promise<void> {
  authorize(ctx, 'maturity.attest', 'Only team leads and admins can attest maturity criteria');
  if (ctx.actor.kind === 'system') return;
  if (ctx.actor.kind === 'user' && ctx.actor.role === 'admin') return;
  if (ctx.actor.kind === 'user' && (await repo.ledTeamIds(tx, ctx.actor.id)).includes(teamId)) return;
  throw new DomainError('FORBIDDEN', `Only a lead of ${teamName} or an admin can attest its maturity criteria`);
}

const byName = (ctx: RequestContext) => (ctx.actor.kind === 'user' ? ctx.actor.name || ctx.actor.email : `${ctx.actor.kind}:${ctx.actor.name}`);

function toView(r: { id: string; attestedByName: string; attestedAt: Date; expiresAt: Date; evidenceUrl: string; note: string; revokedAt: Date | null }, now: number): AttestationView {
  return {
    id: r.id,
    by: r.attestedByName,
    at: r.attestedAt.toISOString(),
    until: r.expiresAt.toISOString(),
    evidenceUrl: r.evidenceUrl,
    note: r.note,
    expired: !isValid({ attestedAt: r.attestedAt.getTime(), expiresAt: r.expiresAt.getTime(), revokedAt: r.revokedAt?.getTime() ?? null }, now),
  };
}

/** Attests a criterion for a team until `days` from now (default 90); replaces the team's previous attestation of it. */
export async function attest(ctx: RequestContext, input: AttestInput, now = Date.now()): Promise<AttestationView & { teamId: string; markerId: string }> {
  authorize(ctx, 'maturity.attest', 'Only team leads and admins can attest maturity criteria');
  const v = attestInputSchema.parse(input);
  const marker = MARKERS.find((m) => m.id === v.markerId)!;
  return inTransaction(async (tx) => {
    const team = await repo.findTeam(tx, v.teamId);
    if (!team) throw new DomainError('NOT_FOUND', 'No such team', 'teamId');
    await mayAttest(tx, ctx, team.id, team.name);
    const at = new Date(now);
    const replaced = await repo.revokeAttestations(tx, { teamId: team.id, markerId: v.markerId }, at, byName(ctx));
    const row = await repo.insertAttestation(tx, {
      teamId: team.id,
      markerId: v.markerId,
      evidenceUrl: v.evidenceUrl,
      note: v.note,
      attestedById: ctx.actor.kind === 'system' ? null : ctx.actor.id,
      attestedByName: byName(ctx),
      attestedAt: at,
      expiresAt: new Date(expiryOf(now, v.days)),
    });
    await recordAudit(tx, ctx, {
      action: 'maturity.attest',
      targetType: 'team',
      targetId: team.id,
      after: { attestationId: row.id, markerId: v.markerId, marker: marker.title, evidenceUrl: v.evidenceUrl, note: v.note, expiresAt: row.expiresAt.toISOString(), replaced },
    });
    return { ...toView(row, now), teamId: team.id, markerId: v.markerId };
  });
}

/** Revokes an attestation: from now on the criterion counts only if Runwell measures it. */
export async function revokeAttestation(ctx: RequestContext, input: { id: string }, now = Date.now()): Promise<{ id: string }> {
  authorize(ctx, 'maturity.attest', 'Only team leads and admins can revoke attestations');
  const { id } = revokeAttestationSchema.parse(input);
  return inTransaction(async (tx) => {
    const row = await repo.findAttestation(tx, id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such attestation');
    await mayAttest(tx, ctx, row.teamId, row.team.name);
    if (row.revokedAt) throw new DomainError('CONFLICT', 'This attestation was already revoked');
    await repo.revokeAttestations(tx, { id }, new Date(now), byName(ctx));
    await recordAudit(tx, ctx, {
      action: 'maturity.attest.revoke',
      targetType: 'team',
      targetId: row.teamId,
      before: { attestationId: id, markerId: row.markerId, evidenceUrl: row.evidenceUrl, attestedBy: row.attestedByName, expiresAt: row.expiresAt.toISOString() },
    });
    return { id };
  });
}
