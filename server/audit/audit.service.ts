import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { db, type Db } from '../database/tx';
import { insertAudit, listAudit, targetNames } from './audit.repo';
import { redactSecrets } from './redact.compute';
import type { AuditFilter } from './audit.schema';

export type AuditEvent = {
  action: string; // "<domain>.<verb>", e.g. "team.create"
  targetType: string;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
};

// Secrets never reach the audit log, whatever a caller passes in (redact.compute.ts).
;

export async function recordAudit(tx: Db, ctx: RequestContext, event: AuditEvent): Promise<void> {
  await insertAudit(tx, {
    actorType: ctx.actor.kind,
    actorId: ctx.actor.kind === 'system' ? null : ctx.actor.id,
    actorLabel: ctx.actor.kind === 'user' ? ctx.actor.email : `${ctx.actor.kind}:${ctx.actor.name}`,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId ?? null,
    before: redactSecrets(event.before) ?? null,
    after: redactSecrets(event.after) ?? null,
    requestId: ctx.requestId,
  });
}

export async function listAuditEntries(ctx: RequestContext, filter: AuditFilter) {
  authorize(ctx, 'audit.view', 'You may not view the audit log');
  const page = await listAudit(db(), filter);
  // Names as they are now (the row keeps the id; before/after keep what it was then).
  const names = await targetNames(db(), page.items.flatMap((e) => (e.targetId ? [{ type: e.targetType, id: e.targetId }] : [])));
  return { ...page, items: page.items.map((e) => ({ ...e, targetName: e.targetId ? (names.get(`${e.targetType}:${e.targetId}`) ?? null) : null })) };
}
