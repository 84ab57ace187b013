import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { authorize } from '../lib/authorize';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { addTimeline } from '../incidents/incident-record.service';
import { escalationPolicySchema } from '../oncall/oncall.schema';
import { pageRunbook, type RunbookRef } from './paging.compute';
import * as repo from './paging.repo';
import { pageActionSchema, pageFilterSchema, type InboxItemDto, type PageActionInput, type PageDto, type PageFilter, type PageStatus } from './paging.schema';

// Pages as people see and answer them (docs/incidents.md, "Paging and
// notifications"): list, inbox, one page, acknowledge and resolve (audited, on
// the incident's timeline). The pager that plans and sends is paging.service.ts.

export type AlertRef = { alertname: string; annotations: unknown } | null | undefined;
const annotationsOf = (a: NonNullable<AlertRef>) => (a.annotations && typeof a.annotations === 'object' ? a.annotations : {}) as Record<string, string>;

/** The runbooks pages' alerts may point to, loaded once per batch; pageRunbook picks per page. */
export async function runbooksOfAlerts(tx: Db, alerts: readonly AlertRef[]): Promise<RunbookRef[]> {
  const present = alerts.filter((a): a is NonNullable<AlertRef> => !!a);
  return repo.runbooksFor(
    tx,
    present.map((a) => annotationsOf(a).runbook_url).filter((u): u is string => !!u),
    present.map((a) => a.alertname),
  );
}

export function runbookOf(alert: AlertRef, runbooks: readonly RunbookRef[]) {
  return alert ? pageRunbook({ alertname: alert.alertname, annotations: annotationsOf(alert) }, runbooks) : null;
}

function toDto(p: Awaited<ReturnType<typeof repo.listPages>>[number], names: Map<string, string>, runbooks: readonly RunbookRef[]): PageDto {
  const steps = escalationPolicySchema.shape.steps.safeParse(p.policy?.steps);
  const recipients = new Map<string, string>();
  for (const n of p.notifications) if (n.userId) recipients.set(n.userId, n.user?.name ?? n.userId);
  return {
    id: p.id,
    priority: p.priority,
    summary: p.summary,
    status: p.status as PageStatus,
    pagedAt: p.pagedAt,
    teamId: p.teamId,
    teamName: p.team?.name ?? null,
    alertId: p.alertId,
    incidentId: p.incidentId,
    lastStep: p.lastStep,
    stepCount: steps.success ? steps.data.length : 1,
    nextStepAt: p.nextStepAt,
    acknowledgedAt: p.acknowledgedAt,
    acknowledgedBy: p.acknowledgedById ? (names.get(p.acknowledgedById) ?? p.acknowledgedById) : null,
    resolvedAt: p.resolvedAt,
    resolvedBy: p.resolvedById ? (names.get(p.resolvedById) ?? p.resolvedById) : null,
    actionable: p.actionable,
    alertName: p.alert?.alertname ?? null,
    runbook: runbookOf(p.alert, runbooks),
    recipients: [...recipients].map(([id, name]) => ({ id, name })),
    notifications: p.notifications.map((n) => ({
      id: n.id,
      step: n.step,
      userId: n.userId,
      userName: n.user?.name ?? null,
      channelName: n.channel?.name ?? null,
      channelKind: n.channelKind,
      target: n.target,
      outcome: n.outcome,
      detail: n.detail,
      attempts: n.attempts,
      at: n.at,
    })),
  };
}

async function dtos(tx: Db, rows: Awaited<ReturnType<typeof repo.listPages>>): Promise<PageDto[]> {
  const ids = [...new Set(rows.flatMap((r) => [r.acknowledgedById, r.resolvedById]).filter((x): x is string => !!x))];
  const names = new Map((await repo.userNames(tx, ids)).map((u) => [u.id, u.name]));
  const runbooks = await runbooksOfAlerts(tx, rows.map((r) => r.alert));
  return rows.map((r) => toDto(r, names, runbooks));
}

export async function listPages(ctx: RequestContext, input: PageFilter = {}): Promise<PageDto[]> {
  authorize(ctx, 'app.read', 'You may not view pages');
  const f = pageFilterSchema.parse(input);
  const status = f.status === 'all' ? undefined : f.status === 'open' ? ['triggered', 'acknowledged'] : [f.status];
  const recipientId = f.mine && ctx.actor.kind === 'user' ? ctx.actor.id : undefined;
  return dtos(db(), await repo.listPages(db(), { status, teamId: f.teamId, recipientId }, f.limit));
}

/**
 * The signed-in person's inbox: pages the built-in inbox channel delivered to
 * them (newest first), each with when it reached them and at which step.
 */
export async function inbox(ctx: RequestContext): Promise<InboxItemDto[]> {
  authorize(ctx, 'app.read', 'You may not view pages');
  if (ctx.actor.kind !== 'user') throw new DomainError('FORBIDDEN', 'The inbox belongs to a person; API tokens read /api/v1/pages');
  const me = ctx.actor.id;
  const pages = await listPages(ctx, { status: 'all', mine: true, limit: 100 });
  return pages.flatMap((page) => {
    const mine = page.notifications.filter((n) => n.userId === me && n.channelKind === 'inbox' && n.outcome === 'sent');
    if (mine.length === 0) return [];
    const first = mine.reduce((a, b) => (a.at <= b.at ? a : b));
    const last = mine.reduce((a, b) => (a.at >= b.at ? a : b));
    return [{ page, deliveredAt: last.at, firstDeliveredAt: first.at, step: last.step }];
  }).sort((a, b) => b.deliveredAt.getTime() - a.deliveredAt.getTime());
}

export async function getPage(ctx: RequestContext, id: string): Promise<PageDto> {
  authorize(ctx, 'app.read', 'You may not view pages');
  const [row] = await repo.listPages(db(), { ids: [id] }, 1);
  if (!row) throw new DomainError('NOT_FOUND', 'Page not found');
  return (await dtos(db(), [row]))[0]!;
}

async function answerPage(ctx: RequestContext, input: PageActionInput, to: 'acknowledged' | 'resolved', now: number): Promise<PageDto> {
  authorize(ctx, 'incident.respond', 'Only responders (engineers and up) can acknowledge or resolve pages');
  const v = pageActionSchema.parse(input);
  const actorId = ctx.actor.kind === 'user' ? ctx.actor.id : null;
  const actorLabel = ctx.actor.kind === 'user' ? ctx.actor.name : `${ctx.actor.kind}:${ctx.actor.name}`;
  await inTransaction(async (tx) => {
    const page = await repo.lockPage(tx, v.id);
    if (!page) throw new DomainError('NOT_FOUND', 'Page not found');
    if (page.status === 'resolved') throw new DomainError('CONFLICT', 'The page is already resolved');
    if (to === 'acknowledged' && page.status === 'acknowledged') throw new DomainError('CONFLICT', 'The page is already acknowledged');
    const at = new Date(now);
    const data =
      to === 'acknowledged'
        ? { status: to, acknowledgedAt: at, acknowledgedById: actorId, nextStepAt: null, ...(v.actionable !== undefined ? { actionable: v.actionable } : {}) }
        : {
            status: to,
            resolvedAt: at,
            resolvedById: actorId,
            nextStepAt: null,
            // Resolving unacknowledged counts as acknowledging at the same time (MTTA).
            ...(page.acknowledgedAt ? {} : { acknowledgedAt: at, acknowledgedById: actorId }),
            ...(v.actionable !== undefined ? { actionable: v.actionable } : {}),
          };
    await repo.updatePage(tx, page.id, data);
    const incidentId = page.incidentId ?? page.alert?.incidentId;
    if (incidentId) {
      await addTimeline(tx, { kind: 'page', incidentId, at: now, text: `Page ${to} by ${actorLabel}${v.note ? `: ${v.note}` : ''}`, data: { pageId: page.id }, authorId: actorId, authorLabel: actorLabel });
    }
    await recordAudit(tx, ctx, {
      action: to === 'acknowledged' ? 'paging.page.acknowledge' : 'paging.page.resolve',
      targetType: 'page',
      targetId: page.id,
      before: { status: page.status },
      after: { status: to, actionable: v.actionable ?? page.actionable, note: v.note ?? null },
    });
  });
  return getPage(ctx, v.id);
}

export function acknowledgePage(ctx: RequestContext, input: PageActionInput, now = Date.now()): Promise<PageDto> {
  return answerPage(ctx, input, 'acknowledged', now);
}

export function resolvePage(ctx: RequestContext, input: PageActionInput, now = Date.now()): Promise<PageDto> {
  return answerPage(ctx, input, 'resolved', now);
}
