import { authorize } from '../lib/authorize';
import { can } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import * as repo from './incidents.repo';
import { openIncidentPages } from '../paging/page-intake.service';
import { incidentRolesSchema, servicesSchema, statusUpdateSchema, unlinkServiceSchema } from './incidents.schema';

// The commander's console beyond the lifecycle (docs/incidents.md, "Incident
// console"): services at any time (a P1/P2 pages their teams' on-call),
// stakeholder status updates. Merging lives in incidents.service (transition).

const author = (ctx: RequestContext) => ({
  authorId: ctx.actor.kind === 'user' ? ctx.actor.id : null,
  authorLabel: ctx.actor.kind === 'user' ? ctx.actor.name : `${ctx.actor.kind}:${ctx.actor.name}`,
});

/**
 * Opens one page per team of the given services that has none open for this
 * incident yet, through the team's default escalation policy, due at once.
 * Only P1/P2 page (P3 waits for a business day). Returns the number opened;
 * the caller kicks the pager after commit (kickPager).
 */
export async function pageServicesOf(tx: Db, incident: { id: string; number: number; title: string; severity: string }, serviceIds: readonly string[], now: number, who: { authorId: string | null; authorLabel: string }): Promise<number> {
  if (incident.severity !== 'P1' && incident.severity !== 'P2') return 0;
  const services = await repo.servicesWithTeams(tx, serviceIds);
  const already = await repo.pagedTeams(tx, incident.id);
  const teams = [...new Set(services.map((s) => s.teamId))].filter((t) => !already.has(t));
  if (!teams.length) return 0;
  const policies = await repo.defaultPolicies(tx, teams);
  const opened = await openIncidentPages(
    tx,
    teams.map((teamId) => ({ incidentId: incident.id, teamId, policyId: policies.get(teamId) ?? null, priority: incident.severity, summary: `#${incident.number} ${incident.title}`, pagedAt: now })),
  );
  const names = services.filter((s) => teams.includes(s.teamId)).map((s) => s.name);
  await repo.addTimeline(tx, { incidentId: incident.id, at: now, kind: 'page', text: `${incident.severity}: paging the on-call of ${names.join(', ')}`, data: { teams }, ...who });
  return opened;
}

/** After commit: the pager sends step 1 now instead of at its next tick. Best effort. */
export async function kickPager(opened: number): Promise<void> {
  if (!opened) return;
  const { sendJob } = await import('../jobs/send');
  await sendJob('paging.run', {}, { singletonKey: 'paging' }).catch(() => false);
}

export async function addServices(ctx: RequestContext, input: unknown, now = Date.now()) {
  authorize(ctx, 'incident.command', 'Your role may not change the services of incidents');
  const data = servicesSchema.parse(input);
  const opened = await inTransaction(async (tx) => {
    await repo.lockIncident(tx, data.id);
    const inc = await repo.findIncident(tx, data.id);
    if (!inc) throw new DomainError('NOT_FOUND', 'Incident not found');
    const services = await repo.servicesWithTeams(tx, data.serviceIds);
    if (services.length !== new Set(data.serviceIds).size) throw new DomainError('BAD_INPUT', 'Some of the services do not exist', 'serviceIds');
    const have = new Set(inc.services.map((s) => s.service.id));
    const added = services.filter((s) => !have.has(s.id));
    if (!added.length) return 0;
    await repo.linkServices(tx, data.id, added.map((s) => s.id));
    await repo.setTeamIfNone(tx, data.id, added[0]!.teamId);
    const who = author(ctx);
    await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'link', text: `Services added: ${added.map((s) => s.name).join(', ')}`, data: { serviceIds: added.map((s) => s.id) }, ...who });
    const pages = await pageServicesOf(tx, inc, added.map((s) => s.id), now, who);
    await recordAudit(tx, ctx, { action: 'incident.services', targetType: 'incident', targetId: data.id, before: { serviceIds: [...have] }, after: { added: added.map((s) => s.id), pagesOpened: pages } });
    return pages;
  });
  await kickPager(opened);
  return { pagesOpened: opened };
}

export async function removeService(ctx: RequestContext, input: unknown, now = Date.now()) {
  authorize(ctx, 'incident.command', 'Your role may not change the services of incidents');
  const data = unlinkServiceSchema.parse(input);
  return inTransaction(async (tx) => {
    const [svc] = await repo.servicesWithTeams(tx, [data.serviceId]);
    const removed = await repo.unlinkService(tx, data.id, data.serviceId);
    if (!removed || !svc) throw new DomainError('NOT_FOUND', 'That service is not linked to this incident');
    await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'link', text: `Service removed: ${svc.name}`, data: { serviceId: svc.id }, ...author(ctx) });
    await recordAudit(tx, ctx, { action: 'incident.services', targetType: 'incident', targetId: data.id, after: { removed: svc.id } });
    return { ok: true };
  });
}

/**
 * A status update for stakeholders: written by the communications lead or the
 * commander (or anyone with incident.command), kept on the timeline, and sent
 * to the chat channels of the services' teams (after commit; the outcome is
 * returned, and a channel that failed is named).
 */
export async function postStatusUpdate(ctx: RequestContext, input: unknown, now = Date.now()) {
  authorize(ctx, 'incident.respond', 'Your role may not post status updates');
  const data = statusUpdateSchema.parse(input);
  const { inc, entry } = await inTransaction(async (tx) => {
    const inc = await repo.findIncident(tx, data.id);
    if (!inc) throw new DomainError('NOT_FOUND', 'Incident not found');
    const roles = incidentRolesSchema.parse(inc.roles ?? {});
    const me = ctx.actor.kind === 'user' ? ctx.actor.id : null;
    if (!can(ctx.actor, 'incident.command') && (!me || (me !== roles.communications && me !== roles.commander))) {
      throw new DomainError('FORBIDDEN', 'Status updates are written by the communications lead or the commander');
    }
    const entry = await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'update', text: data.text, pinned: false, ...author(ctx) });
    await recordAudit(tx, ctx, { action: 'incident.status_update', targetType: 'incident', targetId: data.id, after: { entryId: entry.id, text: data.text } });
    return { inc, entry };
  });
  const teamIds = [...new Set([inc.teamId, ...(await repo.servicesWithTeams(db(), inc.services.map((s) => s.service.id))).map((s) => s.teamId)].filter((t): t is string => !!t))];
  const { notifyTeams } = await import('../paging/notify.service');
  const { publicBaseUrl } = await import('../paging/paging.service');
  const base = publicBaseUrl();
  const sent = await notifyTeams(teamIds, { type: 'incident.update', subject: `Update on #${inc.number} ${inc.title} (${inc.severity}, ${inc.state})`, text: data.text, url: base ? `${base}/incidents/${inc.id}` : null }).catch(() => []);
  return { entryId: entry.id, sent: sent.filter((s) => s.ok).map((s) => s.channel), failed: sent.filter((s) => !s.ok).map((s) => `${s.channel}: ${s.detail}`) };
}
