import { authorize } from '../lib/authorize';
import type { Action } from '../lib/roles';
import { incidentBudgets, type IncidentBudgetRow } from '../slo/slo.service';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { incidentDurations, metricsReport, type MetricIncident } from './incident-metrics.compute';
import { allowedTransitions, isOpen, missingRoles, transitionIncident } from './incidents.compute';
import * as repo from './incidents.repo';
import { linkPagesToIncident, movePagesToIncident } from '../paging/page-intake.service';
import { kickPager, pageServicesOf } from './incident-console.service';
import { ensurePostmortem, overdueIncidentIds, postmortemSummaryForIncident } from '../postmortems/postmortems.service';
import { httpUrlOrNull } from '../security/url';
import {
  addNoteSchema,
  declareIncidentSchema,
  incidentFilterSchema,
  incidentRolesSchema,
  INCIDENT_STATES,
  linkAlertsSchema,
  pinEntrySchema,
  ROLE_LABELS,
  setRoleSchema,
  setSeveritySchema,
  STATE_LABELS,
  transitionInputSchema,
  type DeclareIncidentInput,
  type IncidentFilter,
  type IncidentRoles,
  type IncidentState,
  type TransitionInput,
} from './incidents.schema';

function authorizeTo(ctx: RequestContext, action: Action, what: string) {
  authorize(ctx, action, `Your role may not ${what}`);
}

const author = (ctx: RequestContext) => ({
  authorId: ctx.actor.kind === 'user' ? ctx.actor.id : null,
  authorLabel: ctx.actor.kind === 'user' ? ctx.actor.name : `${ctx.actor.kind}:${ctx.actor.name}`,
});

function rolesOf(row: repo.IncidentRow): IncidentRoles {
  return incidentRolesSchema.parse(row.roles ?? {});
}

function toDto(row: repo.IncidentRow) {
  const times = repo.timesOf(row);
  const roles = rolesOf(row);
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    summary: row.summary,
    severity: row.severity,
    state: row.state,
    stateLabel: STATE_LABELS[row.state],
    roles,
    team: row.team,
    services: row.services.map((s) => s.service),
    alertCount: row._count.alerts,
    times,
    durations: incidentDurations(times),
    missingRoles: isOpen(row.state) ? missingRoles(row.severity, roles) : [],
    mergedIntoId: row.mergedIntoId,
    sloRefs: row.sloRefs,
    createdAt: row.createdAt,
  };
}
export type IncidentDto = ReturnType<typeof toDto>;

async function loadOrThrow(id: string, tx = db()) {
  const row = await repo.findIncident(tx, id);
  if (!row) throw new DomainError('NOT_FOUND', 'Incident not found');
  return row;
}

export async function declareIncident(ctx: RequestContext, input: DeclareIncidentInput, now = Date.now()): Promise<IncidentDto> {
  authorizeTo(ctx, 'incident.command', 'declare incidents');
  const data = declareIncidentSchema.parse(input);
  // The person declaring runs it unless someone else is chosen (or nobody, explicitly).
  const commanderId = data.commanderId === undefined ? (ctx.actor.kind === 'user' ? ctx.actor.id : null) : data.commanderId;
  let pagesOpened = 0;
  const declared = await inTransaction(async (tx) => {
    const alerts = await repo.alertsForDeclaration(tx, data.alertIds);
    if (alerts.length !== data.alertIds.length) throw new DomainError('BAD_INPUT', 'Some of the alerts do not exist', 'alertIds');
    const firstAlert = alerts.length ? Math.min(...alerts.map((a) => a.startsAt.getTime())) : null;
    const startedAt = data.startedAt?.getTime() ?? firstAlert ?? now;
    const serviceIds = [...new Set([...data.serviceIds, ...alerts.map((a) => a.serviceId).filter((s): s is string => !!s)])];
    const services = await repo.servicesWithTeams(tx, serviceIds);
    if (services.length !== serviceIds.length) throw new DomainError('BAD_INPUT', 'Some of the services do not exist', 'serviceIds');
    const teamId = alerts.find((a) => a.teamId)?.teamId ?? services[0]?.teamId ?? null;
    const roles: IncidentRoles = { commander: commanderId, communications: null, scribe: null };
    const row = await repo.insertIncident(tx, {
      title: data.title,
      summary: data.summary,
      severity: data.severity,
      roles,
      teamId,
      startedAt,
      // Detected when the first alert fired, else when someone declared it.
      detectedAt: firstAlert ?? now,
      declaredById: author(ctx).authorId,
      serviceIds,
    });
    const who = author(ctx);
    await repo.addTimeline(tx, { incidentId: row.id, at: now, kind: 'status', text: `Declared ${data.severity} by ${who.authorLabel}: ${data.title}`, data: { to: 'triage' }, ...who });
    if (alerts.length) {
      await repo.linkAlerts(tx, row.id, data.alertIds);
      await linkPagesToIncident(tx, row.id, data.alertIds);
      for (const a of alerts) {
        await repo.addTimeline(tx, { incidentId: row.id, at: a.startsAt.getTime(), kind: 'alert', text: `${a.alertname || 'Alert'} fired`, data: { alertId: a.id }, authorId: null, authorLabel: 'Alertmanager' });
      }
    }
    if (commanderId) {
      await repo.addTimeline(tx, { incidentId: row.id, at: now, kind: 'role', text: `${ROLE_LABELS.commander}: ${await userLabel(tx, commanderId)}`, data: { role: 'commander', userId: commanderId }, ...who });
    }
    // A P1/P2 pages the on-call of its services (alerts that paged already did for their team).
    pagesOpened = await pageServicesOf(tx, row, serviceIds, now, who);
    const dto = toDto((await repo.findIncident(tx, row.id))!);
    await recordAudit(tx, ctx, { action: 'incident.declare', targetType: 'incident', targetId: row.id, after: { ...dto, pagesOpened } });
    return dto;
  });
  await kickPager(pagesOpened);
  return declared;
}

async function userLabel(tx: Parameters<typeof repo.usersByIds>[0], id: string | null): Promise<string> {
  if (!id) return 'nobody';
  const [u] = await repo.usersByIds(tx, [id]);
  if (!u) throw new DomainError('BAD_INPUT', 'No such user', 'userId');
  return u.name;
}

/**
 * Responders (incident.respond) may acknowledge: take an incident out of
 * triage into investigating. Every other move is the commander's
 * (incident.command).
 */
export async function transition(ctx: RequestContext, input: TransitionInput, now = Date.now()): Promise<IncidentDto> {
  const data = transitionInputSchema.parse(input);
  const dto = await inTransaction(async (tx) => {
    await repo.lockIncident(tx, data.id);
    const before = await loadOrThrow(data.id, tx);
    const acknowledging = before.state === 'triage' && data.to === 'investigating';
    authorizeTo(ctx, acknowledging ? 'incident.respond' : 'incident.command', acknowledging ? 'acknowledge incidents' : 'change the status of incidents');
    if (data.to === 'merged') {
      if (data.mergedInto === data.id) throw new DomainError('BAD_INPUT', 'An incident cannot be merged into itself', 'mergedInto');
      const target = data.mergedInto ? await repo.findIncident(tx, data.mergedInto) : null;
      if (data.mergedInto && !target) throw new DomainError('BAD_INPUT', 'No such incident to merge into', 'mergedInto');
      if (target && (target.state === 'merged' || target.state === 'declined')) throw new DomainError('BAD_INPUT', `#${target.number} is ${target.state}; merge into the incident that continues`, 'mergedInto');
    }
    const result = transitionIncident({ state: before.state, times: repo.timesOf(before), mergedInto: before.mergedIntoId }, { ...data, at: now });
    if (!result.ok) throw new DomainError('BAD_INPUT', result.error, result.field);
    await repo.updateIncident(tx, data.id, { state: result.state, times: result.times, mergedIntoId: result.mergedInto });
    const who = author(ctx);
    const reason = result.event.reason ? ` (${result.event.reason})` : '';
    await repo.addTimeline(tx, {
      incidentId: data.id,
      at: now,
      kind: 'status',
      text: `${STATE_LABELS[result.event.from]} → ${STATE_LABELS[result.state]}${reason}`,
      data: { from: result.event.from, to: result.state, reason: result.event.reason },
      ...who,
    });
    let moved: Awaited<ReturnType<typeof repo.moveIntoTarget>> | null = null;
    if (result.state === 'merged' && data.mergedInto) {
      // The duplicate's story continues in the target: timeline, alerts, pages and services move there.
      moved = await repo.moveIntoTarget(tx, data.id, data.mergedInto);
      await movePagesToIncident(tx, data.id, data.mergedInto);
      await repo.addTimeline(tx, { incidentId: data.mergedInto, at: now, kind: 'link', text: `Incident #${before.number} (${before.title}) merged into this one: ${moved.timeline} timeline entries, ${moved.alerts} alerts and ${moved.services} services moved here`, data: { from: data.id, ...moved }, ...who });
      await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'link', text: `Merged into another incident; its timeline continues there`, data: { into: data.mergedInto }, ...who });
    }
    const out = toDto((await repo.findIncident(tx, data.id))!);
    await recordAudit(tx, ctx, { action: result.state === 'merged' ? 'incident.merge' : 'incident.transition', targetType: 'incident', targetId: data.id, before: toDto(before), after: { ...out, moved } });
    return out;
  });
  if (dto.state === 'resolved') {
    // The post-mortem draft appears with the resolution (pre-filled, due time set). Best effort: opening it creates it too.
    await ensurePostmortem(ctx, dto.id, now).catch((error) => console.error(`post-mortem draft for incident ${dto.id} not started: ${(error as Error).message}`));
  }
  return dto;
}

export async function setRole(ctx: RequestContext, input: unknown, now = Date.now()): Promise<IncidentDto> {
  authorizeTo(ctx, 'incident.command', 'assign incident roles');
  const data = setRoleSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lockIncident(tx, data.id);
    const before = await loadOrThrow(data.id, tx);
    const roles = { ...rolesOf(before), [data.role]: data.userId };
    const label = await userLabel(tx, data.userId);
    const after = await repo.updateIncident(tx, data.id, { roles });
    await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'role', text: `${ROLE_LABELS[data.role]}: ${label}`, data: { role: data.role, userId: data.userId }, ...author(ctx) });
    const dto = toDto(after);
    await recordAudit(tx, ctx, { action: 'incident.role', targetType: 'incident', targetId: data.id, before: { roles: rolesOf(before) }, after: { roles } });
    return dto;
  });
}

export async function setSeverity(ctx: RequestContext, input: unknown, now = Date.now()): Promise<IncidentDto> {
  authorizeTo(ctx, 'incident.command', 'change incident severity');
  const data = setSeveritySchema.parse(input);
  let pagesOpened = 0;
  const dto = await inTransaction(async (tx) => {
    const before = await loadOrThrow(data.id, tx);
    if (before.severity === data.severity) return toDto(before);
    const after = await repo.updateIncident(tx, data.id, { severity: data.severity });
    await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'severity', text: `Severity ${before.severity} → ${data.severity}`, data: { from: before.severity, to: data.severity }, ...author(ctx) });
    // Raised to P1/P2 while open: the services' on-call are paged now.
    if (isOpen(after.state)) pagesOpened = await pageServicesOf(tx, after, after.services.map((s) => s.service.id), now, author(ctx));
    await recordAudit(tx, ctx, { action: 'incident.severity', targetType: 'incident', targetId: data.id, before: { severity: before.severity }, after: { severity: data.severity, pagesOpened } });
    return toDto(after);
  });
  await kickPager(pagesOpened);
  return dto;
}

export async function addNote(ctx: RequestContext, input: unknown, now = Date.now()) {
  authorizeTo(ctx, 'incident.respond', 'add notes to incidents');
  const data = addNoteSchema.parse(input);
  return inTransaction(async (tx) => {
    await loadOrThrow(data.id, tx);
    const entry = await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'note', text: data.text, pinned: data.pinned, ...author(ctx) });
    await recordAudit(tx, ctx, { action: 'incident.note', targetType: 'incident', targetId: data.id, after: { entryId: entry.id, text: data.text } });
    return entry;
  });
}

export async function pinEntry(ctx: RequestContext, input: unknown) {
  authorizeTo(ctx, 'incident.respond', 'pin timeline entries');
  const data = pinEntrySchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findTimelineEntry(tx, data.entryId);
    if (!before) throw new DomainError('NOT_FOUND', 'Timeline entry not found');
    const after = await repo.setPinned(tx, data.entryId, data.pinned);
    await recordAudit(tx, ctx, { action: 'incident.pin', targetType: 'incident_timeline_entry', targetId: data.entryId, before: { pinned: before.pinned }, after: { pinned: after.pinned } });
    return after;
  });
}

export async function linkAlerts(ctx: RequestContext, input: unknown, now = Date.now()): Promise<IncidentDto> {
  authorizeTo(ctx, 'incident.command', 'link alerts to incidents');
  const data = linkAlertsSchema.parse(input);
  return inTransaction(async (tx) => {
    await loadOrThrow(data.id, tx);
    const alerts = await repo.alertsForDeclaration(tx, data.alertIds);
    if (alerts.length !== data.alertIds.length) throw new DomainError('BAD_INPUT', 'Some of the alerts do not exist', 'alertIds');
    await repo.linkAlerts(tx, data.id, data.alertIds);
    await linkPagesToIncident(tx, data.id, data.alertIds);
    await repo.linkServices(tx, data.id, [...new Set(alerts.map((a) => a.serviceId).filter((s): s is string => !!s))]);
    for (const a of alerts) {
      await repo.addTimeline(tx, { incidentId: data.id, at: now, kind: 'link', text: `Alert ${a.alertname} linked`, data: { alertId: a.id }, ...author(ctx) });
    }
    await recordAudit(tx, ctx, { action: 'incident.link_alerts', targetType: 'incident', targetId: data.id, after: { alertIds: data.alertIds } });
    return toDto((await repo.findIncident(tx, data.id))!);
  });
}

const OPEN_STATES: IncidentState[] = INCIDENT_STATES.filter(isOpen);

export async function listIncidents(ctx: RequestContext, filter: IncidentFilter = { state: 'open' }): Promise<(IncidentDto & { postmortemOverdue: boolean })[]> {
  authorizeTo(ctx, 'app.read', 'view incidents');
  const f = incidentFilterSchema.parse(filter);
  const states = f.state === 'all' ? undefined : f.state === 'open' ? OPEN_STATES : [f.state];
  const rows = await repo.listIncidents(db(), { states, severity: f.severity, teamId: f.teamId, serviceId: f.serviceId, search: f.search || undefined });
  const overdue = await overdueIncidentIds(rows.map((r) => r.id));
  return rows.map((r) => ({ ...toDto(r), postmortemOverdue: overdue.has(r.id) }));
}

/** Everything the person running the incident needs, in one read. */
export async function getIncident(ctx: RequestContext, id: string) {
  authorizeTo(ctx, 'app.read', 'view incidents');
  const row = await loadOrThrow(id);
  const [timeline, alerts, people, pm, candidates] = await Promise.all([repo.timelineOf(db(), id), repo.alertsOfIncident(db(), id), repo.responders(db()), postmortemSummaryForIncident(id), repo.listIncidents(db(), { states: OPEN_STATES }, 50)]);
  const annotations = (a: { annotations: unknown }) => (a.annotations ?? {}) as Record<string, string>;
  const runbooks = await repo.runbooksFor(
    db(),
    alerts.map((a) => annotations(a).runbook_url).filter((u): u is string => !!u),
    alerts.map((a) => a.alertname),
  );
  const dto = toDto(row);
  const budget = await incidentBudgets({
    serviceIds: dto.services.map((sv) => sv.id),
    sloRefs: row.sloRefs,
    startedAt: dto.times.startedAt,
    endedAt: dto.times.resolvedAt ?? null,
  }).catch(() => [] as IncidentBudgetRow[]);
  return {
    incident: dto,
    allowed: allowedTransitions(row.state),
    timeline,
    alerts: alerts.map((a) => {
      // Alert annotations come from anyone who can write an alert rule: only http(s) becomes a link.
      const url = httpUrlOrNull(annotations(a).runbook_url);
      return { ...a, runbookUrl: url, runbook: runbooks.find((r) => (url && r.url === url) || r.alertName === a.alertname) ?? null };
    }),
    people,
    // The post-mortem's state for the console's card (the draft starts when the incident resolves).
    postmortem: pm,
    // Open incidents this one can be merged into.
    mergeTargets: candidates.filter((c) => c.id !== id).map((c) => ({ id: c.id, number: c.number, title: c.title })),
    // incidentBudgetImpact per SLO of the affected services, from the SLO's stored buckets.
    budget,
    budgetNote: budget.length === 0 ? 'Error budget consumed appears once SLOs with stored data cover the affected services.' : '',
  };
}

export async function incidentMetrics(ctx: RequestContext, period: { from: Date; to: Date }) {
  authorizeTo(ctx, 'app.read', 'view incident metrics');
  const rows = await repo.incidentsStartedBetween(db(), period.from, period.to);
  const incidents: MetricIncident[] = rows.map((r) => ({ id: r.id, state: r.state, severity: r.severity, times: repo.timesOf(r) }));
  return metricsReport(incidents, { from: period.from.getTime(), to: period.to.getTime() });
}

/** People who can hold an incident role (the declare form's commander picker). */
export async function listResponders(ctx: RequestContext) {
  authorizeTo(ctx, 'app.read', 'view people');
  return repo.responders(db());
}
