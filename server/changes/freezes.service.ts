import { recordAudit } from '../audit/audit.service';
import { announceFactChange } from '../lib/fact-changes';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import * as repo from './changes.repo';
import { declareFreezeSchema, freezeIdSchema } from './changes.schema';

// Declared freezes (docs/changes.md, "Freeze windows"): an admin adds an
// ad-hoc window (a sale weekend) or a holiday (48 h margin by default) for one
// team or everyone; the weekly weekend freeze is built in. The gate and the
// calendar read them at once. Audited.

export async function listDeclaredFreezes(ctx: RequestContext) {
  authorize(ctx, 'app.read', 'Sign in to see the freeze calendar');
  const [rows, teams] = await Promise.all([repo.listFreezes(db()), repo.listTeams(db())]);
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  return rows
    .filter((r) => r.kind === 'adhoc' || r.kind === 'holiday')
    .map((r) => ({ id: r.id, kind: r.kind, name: r.name, team: r.teamId ? (teamName.get(r.teamId) ?? r.teamId) : null, tiers: r.tiers, date: r.date, marginHours: r.marginHours, startsAt: r.startsAt?.getTime() ?? null, endsAt: r.endsAt?.getTime() ?? null }));
}

export async function declareFreeze(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorize(ctx, 'settings.manage', 'Only admins declare freezes');
  const v = declareFreezeSchema.parse(input);
  const declared = await inTransaction(async (tx) => {
    if (v.teamId && !(await repo.teamExists(tx, v.teamId))) throw new DomainError('BAD_INPUT', 'No such team', 'teamId');
    const row =
      v.kind === 'adhoc'
        ? await repo.insertFreeze(tx, { kind: 'adhoc', name: v.name, teamId: v.teamId, tiers: v.tiers, startsAt: v.startsAt, endsAt: v.endsAt })
        : await repo.insertFreeze(tx, { kind: 'holiday', name: v.name, teamId: v.teamId, tiers: v.tiers, date: v.date, marginHours: v.marginHours });
    await recordAudit(tx, ctx, { action: 'freeze.declare', targetType: 'freeze', targetId: row.id, after: { ...v } });
    return row;
  });
  announceFactChange('freezes'); // after the commit: the gate's cache drops the old rules
  return declared;
}

export async function removeFreeze(ctx: RequestContext, input: unknown): Promise<void> {
  authorize(ctx, 'settings.manage', 'Only admins remove freezes');
  const { id } = freezeIdSchema.parse(input);
  await inTransaction(async (tx) => {
    const row = await repo.findFreeze(tx, id);
    if (!row) throw new DomainError('NOT_FOUND', 'No such freeze', 'id');
    if (row.kind === 'weekly') throw new DomainError('CONFLICT', 'The weekly weekend freeze is built in and cannot be removed here', 'id');
    await repo.deleteFreeze(tx, id);
    await recordAudit(tx, ctx, { action: 'freeze.remove', targetType: 'freeze', targetId: id, before: { kind: row.kind, name: row.name, teamId: row.teamId } });
  });
  announceFactChange('freezes');
}
