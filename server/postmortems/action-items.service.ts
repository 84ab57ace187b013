import { epochMs as ms } from '../lib/duration';
import { authorize } from '../lib/authorize';
import { can } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import * as repo from './action-items.repo';
import * as pmRepo from './postmortems.repo';
import { actionMetrics, completion, completionByTeam, type CompletionItem } from './metrics.compute';
import { checkActionStatus, isActionOverdue } from './postmortems.compute';
import { actionItemFilterSchema, createActionItemSchema, updateActionItemSchema, type ActionItemFilter } from './postmortems.schema';
import { seesDrafts } from './postmortems.service';

// Action items (docs/postmortems.md, "Action items"): created from a
// post-mortem by its writers; their owner may move their own items along.


async function names(ids: readonly (string | null)[]) {
  return new Map((await pmRepo.usersByIds(db(), [...new Set(ids.filter((i): i is string => !!i))])).map((u) => [u.id, u.name]));
}

function itemDto(row: repo.ActionItemRow, owners: Map<string, string>, now: number) {
  return {
    id: row.id,
    postMortemId: row.postMortemId,
    incident: row.postMortem.incident,
    postmortemState: row.postMortem.state,
    title: row.title,
    type: row.type,
    priority: row.priority,
    owner: row.ownerId ? { id: row.ownerId, name: owners.get(row.ownerId) ?? row.ownerId } : null,
    teamId: row.teamId,
    dueAt: ms(row.dueAt),
    status: row.status,
    wontDoReason: row.wontDoReason,
    trackerUrl: row.trackerUrl,
    completedAt: ms(row.completedAt),
    createdAt: row.createdAt.getTime(),
    overdue: isActionOverdue({ status: row.status, dueAt: ms(row.dueAt) }, now),
  };
}
export type ActionItemDto = ReturnType<typeof itemDto>;

async function assertUser(id: string | null | undefined) {
  if (id && !(await pmRepo.usersByIds(db(), [id])).length) throw new DomainError('BAD_INPUT', 'No such user', 'ownerId');
}

export async function createActionItem(ctx: RequestContext, input: unknown, now = Date.now()): Promise<ActionItemDto> {
  authorize(ctx, 'postmortem.write', 'Your role may not add action items');
  const data = createActionItemSchema.parse(input);
  await assertUser(data.ownerId);
  return inTransaction(async (tx) => {
    const pm = await pmRepo.findById(tx, data.postMortemId);
    if (!pm) throw new DomainError('NOT_FOUND', 'Post-mortem not found');
    const row = await repo.create(tx, { postMortemId: pm.id, title: data.title, type: data.type, priority: data.priority, ownerId: data.ownerId, teamId: pm.incident.teamId, dueAt: data.dueAt, trackerUrl: data.trackerUrl || null });
    await recordAudit(tx, ctx, { action: 'action_item.create', targetType: 'action_item', targetId: row.id, after: { postMortemId: pm.id, title: row.title, type: row.type, ownerId: row.ownerId, dueAt: row.dueAt } });
    return itemDto(row, await names([row.ownerId]), now);
  });
}

/** Writers change anything; the item's owner (a responder) may change its status. */
export async function updateActionItem(ctx: RequestContext, input: unknown, now = Date.now()): Promise<ActionItemDto> {
  authorize(ctx, 'incident.respond', 'Your role may not update action items');
  const data = updateActionItemSchema.parse(input);
  await assertUser(data.ownerId);
  return inTransaction(async (tx) => {
    const before = await repo.find(tx, data.id);
    if (!before) throw new DomainError('NOT_FOUND', 'Action item not found');
    const writer = can(ctx.actor, 'postmortem.write');
    const isOwner = ctx.actor.kind === 'user' && ctx.actor.id === before.ownerId;
    const onlyStatus = Object.keys(data).every((k) => k === 'id' || k === 'status' || k === 'wontDoReason');
    if (!writer && !(isOwner && onlyStatus)) throw new DomainError('FORBIDDEN', 'Only post-mortem writers, or the item’s owner for its status, may change it');
    const status = data.status ?? before.status;
    const reason = data.wontDoReason ?? before.wontDoReason;
    const problem = checkActionStatus(status, reason);
    if (problem) throw new DomainError('BAD_INPUT', problem, 'wontDoReason');
    const finished = status === 'done' || status === 'wont_do';
    const row = await repo.update(tx, data.id, {
      ...(data.title !== undefined ? { title: data.title } : {}),
      ...(data.type !== undefined ? { type: data.type } : {}),
      ...(data.priority !== undefined ? { priority: data.priority } : {}),
      ...(data.ownerId !== undefined ? { ownerId: data.ownerId } : {}),
      ...(data.dueAt !== undefined ? { dueAt: data.dueAt } : {}),
      ...(data.trackerUrl !== undefined ? { trackerUrl: data.trackerUrl || null } : {}),
      status,
      wontDoReason: status === 'wont_do' ? reason : null,
      completedAt: finished ? (before.completedAt ?? new Date(now)) : null,
      // A new due date or owner earns a fresh overdue reminder.
      ...(data.dueAt !== undefined || data.ownerId !== undefined ? { remindersSent: [] } : {}),
    });
    await recordAudit(tx, ctx, {
      action: 'action_item.update',
      targetType: 'action_item',
      targetId: data.id,
      before: { title: before.title, status: before.status, ownerId: before.ownerId, dueAt: before.dueAt },
      after: { title: row.title, status: row.status, wontDoReason: row.wontDoReason, ownerId: row.ownerId, dueAt: row.dueAt },
    });
    return itemDto(row, await names([row.ownerId]), now);
  });
}

/** The org-wide list: overdue first, filtered, paged. Viewers see items of published post-mortems only. */
export async function listActionItems(ctx: RequestContext, filter: ActionItemFilter = {}, now = Date.now()) {
  authorize(ctx, 'postmortem.read', 'You may not read action items');
  const f = actionItemFilterSchema.parse(filter);
  const { rows, total, overdue } = await repo.list(db(), { teamId: f.teamId, ownerId: f.ownerId, status: f.status, type: f.type, overdueAt: f.overdue ? now : undefined, now }, f.page, f.pageSize);
  const visible = seesDrafts(ctx.actor) ? rows : rows.filter((r) => r.postMortem.state === 'published');
  const owners = await names(visible.map((r) => r.ownerId));
  return { items: visible.map((r) => itemDto(r, owners, now)), total, overdue, page: f.page, pageSize: f.pageSize };
}

/**
 * Completion per team over a period (the seed's bands), and action item
 * completion and median age. Team null = incidents without an owning team.
 */
export async function completionReport(ctx: RequestContext, input: { days?: number } = {}, now = Date.now()) {
  authorize(ctx, 'postmortem.read', 'You may not read post-mortem metrics');
  const days = Math.min(Math.max(input.days ?? 28, 1), 365);
  const period = { from: now - days * 86_400_000, to: now + 1 };
  const [incidents, actionRows, teams] = await Promise.all([pmRepo.completionRows(db(), new Date(period.from), new Date(period.to)), repo.forMetrics(db(), new Date(period.from), new Date(period.to)), pmRepo.teams(db())]);
  const itemsOf = incidents
    .filter((i) => !i.postMortem?.notNeededReason)
    .map<CompletionItem>((i) => ({ teamId: i.teamId, severity: i.severity, required: i.postMortem?.required ?? true, resolvedAt: ms(i.resolvedAt), dueAt: ms(i.postMortem?.dueAt ?? null), filedAt: ms(i.postMortem?.firstPublishedAt ?? null) }));
  const byTeam = completionByTeam(itemsOf, period, now);
  const actions = actionRows.map((a) => ({ teamId: a.teamId, status: a.status, createdAt: a.createdAt.getTime(), completedAt: ms(a.completedAt) }));
  return {
    period,
    days,
    overall: { ...completion(itemsOf, period, now), actions: actionMetrics(actions, period, now) },
    teams: [...byTeam.entries()].map(([teamId, c]) => ({ teamId, team: teams.find((t) => t.id === teamId)?.name ?? 'No team', ...c, actions: actionMetrics(actions.filter((a) => a.teamId === teamId), period, now) })),
  };
}
