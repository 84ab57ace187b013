import { recordAudit } from '../audit/audit.service';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { addTimeline, findIncident } from '../incidents/incident-record.service';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { can } from '../lib/roles';
import { changesBefore, type ChangeBefore } from './change-history.service';
import * as repo from './changes.repo';
import { CAUSE_LABELS, incidentChangesSchema, markCauseSchema } from './changes.schema';

// The seed's triage step 2, "Check recent changes": the incident console lists
// the changes to the incident's services in the 24 h before impact began, and
// a responder marks one as the suspected or confirmed cause. A confirmed cause
// counts as a failed change in DORA's change failure rate and is named in the
// post-mortem's pre-fill (change-history.service).

const WINDOW_HOURS = 24;
const actorLabel = (ctx: RequestContext) => (ctx.actor.kind === 'user' ? ctx.actor.name : `${ctx.actor.kind}:${ctx.actor.name}`);

export type IncidentChange = ChangeBefore;

export async function changesForIncident(ctx: RequestContext, input: unknown): Promise<{ windowHours: number; items: IncidentChange[]; canMark: boolean }> {
  authorize(ctx, 'app.read', 'Sign in to see the changes before an incident');
  const { incidentId } = incidentChangesSchema.parse(input);
  const incident = await findIncident(db(), incidentId);
  if (!incident) throw new DomainError('NOT_FOUND', 'No such incident', 'incidentId');
  const before = await changesBefore(
    incident.services.map((s) => s.service.id),
    incident.startedAt.getTime(),
    WINDOW_HOURS,
    incidentId,
  );
  // Newest first: the change closest to the start is the usual suspect.
  const items = before.sort((a, b) => b.at - a.at);
  return { windowHours: WINDOW_HOURS, items, canMark: can(ctx.actor, 'incident.respond') };
}

export async function markChangeCause(ctx: RequestContext, input: unknown, now = Date.now()): Promise<void> {
  authorize(ctx, 'incident.respond', 'Your role may not mark the cause of an incident');
  const v = markCauseSchema.parse(input);
  await inTransaction(async (tx) => {
    // One after the other: a transaction is one connection, and pg deprecates overlapping queries on it.
    const incident = await findIncident(tx, v.incidentId);
    const change = await repo.findById(tx, v.changeId);
    if (!incident) throw new DomainError('NOT_FOUND', 'No such incident', 'incidentId');
    if (!change) throw new DomainError('NOT_FOUND', 'No such change', 'changeId');
    const by = actorLabel(ctx);
    const byId = ctx.actor.kind === 'user' ? ctx.actor.id : null;
    const before = (await repo.linksOfIncident(tx, v.incidentId)).find((l) => l.changeId === v.changeId)?.cause ?? null;
    if (before === v.cause) return;
    if (v.cause === null) await repo.removeLink(tx, v.changeId, v.incidentId);
    else await repo.setLink(tx, { changeId: v.changeId, incidentId: v.incidentId, cause: v.cause, markedById: byId, markedByLabel: by, markedAt: new Date(now) });
    const what = v.cause === null ? `no longer marked as a cause (was ${CAUSE_LABELS[before!].toLowerCase()})` : `marked as the ${CAUSE_LABELS[v.cause].toLowerCase()}`;
    await repo.addEvent(tx, { changeId: v.changeId, at: new Date(now), kind: 'incident', message: `Incident #${incident.number}: ${what}`, actorLabel: by });
    await addTimeline(tx, { incidentId: v.incidentId, at: now, kind: 'link', text: `Change "${change.title}" ${what}`, data: { changeId: v.changeId, cause: v.cause }, authorId: byId, authorLabel: by });
    await recordAudit(tx, ctx, { action: 'change.mark_cause', targetType: 'change', targetId: v.changeId, before: { incidentId: v.incidentId, cause: before }, after: { incidentId: v.incidentId, cause: v.cause } });
  });
}

/** Incidents a change is marked on (the change detail page). */
export async function incidentsOfChange(changeId: string) {
  const links = await repo.linksOfChange(db(), changeId);
  return links.map((l) => ({ cause: l.cause, markedBy: l.markedByLabel, markedAt: l.markedAt.getTime(), incident: l.incident }));
}
