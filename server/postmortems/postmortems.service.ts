import { epochMs as ms } from '../lib/duration';
import { authorize } from '../lib/authorize';
import { can, type Actor } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import * as incidents from '../incidents/incident-record.service';
import { incidentRolesSchema, ROLE_LABELS } from '../incidents/incidents.schema';
import { httpUrlOrNull } from '../security/url';
import { incidentBudgets, type IncidentBudgetRow } from '../slo/slo.service';
import { changesBefore } from '../changes/change-history.service';
import * as items from './action-items.repo';
import { postmortemMarkdown } from './markdown.compute';
import { blamelessHints, dueAtFor, isEditable, isOverdue, mergeSections, normalizeSections, parseDuePolicy, requirementOf, type Review } from './postmortems.compute';
import * as repo from './postmortems.repo';
import { postmortemFilterSchema, PM_STATE_LABELS, saveSectionsSchema, SECTION_KEYS, type PostmortemFilter, type SectionKey, type Sections } from './postmortems.schema';
import { factsOf, TIMELINE_LIMIT, type Facts, type PrefillInput } from './prefill.compute';
import { prefillSections } from './template.compute';
import { templateFor } from './template.service';

// Post-mortems (docs/postmortems.md): repo + compute + who may + audit.
// Review and publication live in postmortem-review.service.ts, action items in
// action-items.service.ts, reminders in reminders.service.ts, the template in
// template.service.ts.

export const duePolicy = () => parseDuePolicy(process.env.RUNWELL_POSTMORTEM_DUE_HOURS).policy;

/** Viewers and executives read published post-mortems only; responders (and export tokens) see drafts too. */
export function seesDrafts(actor: Actor): boolean {
  return can(actor, 'incident.respond') || (actor.kind === 'token' && can(actor, 'postmortem.read'));
}

export const author = (ctx: RequestContext) => ({
  authorId: ctx.actor.kind === 'user' ? ctx.actor.id : null,
  authorLabel: ctx.actor.kind === 'user' ? ctx.actor.name : `${ctx.actor.kind}:${ctx.actor.name}`,
});


async function namesOf(ids: readonly (string | null)[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids.filter((i): i is string => !!i))];
  return new Map((await repo.usersByIds(db(), wanted)).map((u) => [u.id, u.name]));
}

export function toDto(row: repo.PostmortemRow, names: Map<string, string>, now: number) {
  const dueAt = ms(row.dueAt);
  return {
    id: row.id,
    incidentId: row.incidentId,
    incident: {
      id: row.incident.id,
      number: row.incident.number,
      title: row.incident.title,
      severity: row.incident.severity,
      state: row.incident.state,
      team: row.incident.team,
      services: row.incident.services.map((s) => s.service),
      startedAt: row.incident.startedAt.getTime(),
      resolvedAt: ms(row.incident.resolvedAt),
    },
    owner: row.ownerId ? { id: row.ownerId, name: names.get(row.ownerId) ?? row.ownerId } : null,
    state: row.state,
    stateLabel: PM_STATE_LABELS[row.state],
    required: row.required,
    requiredReasons: row.requiredReasons,
    requested: row.requested,
    notNeededReason: row.notNeededReason,
    dueAt,
    overdue: isOverdue({ required: row.required, state: row.state, dueAt, notNeededReason: row.notNeededReason, firstPublishedAt: ms(row.firstPublishedAt) }, now),
    title: row.title,
    sections: normalizeSections(row.sections),
    version: row.version,
    submittedAt: ms(row.submittedAt),
    publishedAt: ms(row.publishedAt),
    publishedBy: row.publishedById ? { id: row.publishedById, name: names.get(row.publishedById) ?? row.publishedById } : null,
    reviewers: row.reviewers.map((r) => ({ userId: r.userId, name: names.get(r.userId) ?? r.userId, decision: r.decision as Review['decision'], comment: r.comment, decidedAt: ms(r.decidedAt) })),
    actionItemCount: row._count.actionItems,
    createdAt: row.createdAt.getTime(),
    updatedAt: row.updatedAt.getTime(),
  };
}
export type PostmortemDto = ReturnType<typeof toDto>;

export async function dtoOf(row: repo.PostmortemRow, now: number): Promise<PostmortemDto> {
  return toDto(row, await namesOf([row.ownerId, row.publishedById, ...row.reviewers.map((r) => r.userId)]), now);
}

export async function loadOrThrow(id: string, tx = db()): Promise<repo.PostmortemRow> {
  const row = await repo.findById(tx, id);
  if (!row) throw new DomainError('NOT_FOUND', 'Post-mortem not found');
  return row;
}

function assertVisible(ctx: RequestContext, row: { state: string }) {
  if (row.state !== 'published' && !seesDrafts(ctx.actor)) throw new DomainError('NOT_FOUND', 'This post-mortem is not published yet');
}

// ---------------------------------------------------------------------------
// Pre-fill: what Runwell knows about the incident

async function gather(inc: incidents.IncidentRow, now: number): Promise<PrefillInput> {
  const roles = incidentRolesSchema.parse(inc.roles ?? {});
  const [timeline, groups, runbookKeys, names] = await Promise.all([
    repo.timelineForPrefill(db(), inc.id, TIMELINE_LIMIT),
    repo.alertGroups(db(), inc.id),
    repo.alertRunbookKeys(db(), inc.id),
    namesOf(Object.values(roles)),
  ]);
  const times = incidents.timesOf(inc);
  const [runbooks, budget, changes] = await Promise.all([
    incidents.runbooksFor(db(), runbookKeys.map((k) => httpUrlOrNull(k.runbookUrl)).filter((u): u is string => !!u), runbookKeys.map((k) => k.alertname)),
    incidentBudgets({ serviceIds: inc.services.map((s) => s.service.id), sloRefs: inc.sloRefs, startedAt: times.startedAt, endedAt: times.resolvedAt }, now).catch(() => [] as IncidentBudgetRow[]),
    changesBefore(inc.services.map((s) => s.service.id), times.startedAt, 24, inc.id),
  ]);
  return {
    incident: {
      number: inc.number,
      title: inc.title,
      summary: inc.summary,
      severity: inc.severity,
      services: inc.services.map((s) => s.service.name),
      team: inc.team?.name ?? null,
      roles: Object.fromEntries(Object.entries(roles).map(([k, v]) => [ROLE_LABELS[k as keyof typeof ROLE_LABELS], v ? (names.get(v) ?? v) : null])),
      times,
    },
    budget,
    timeline: timeline.entries.map((e) => ({ at: e.at.getTime(), kind: e.kind, text: e.text, pinned: e.pinned, authorLabel: e.authorLabel })),
    timelineTotal: timeline.total,
    alerts: groups.map((g) => ({ alertname: g.alertname, service: g.service, count: Number(g.count), firstAt: g.firstAt.getTime(), lastAt: g.lastAt.getTime() })),
    runbooks: runbooks.map((r) => ({ title: r.title, href: `/runbooks/${r.id}` })),
    changes: changes.map((c) => ({ ...c, href: `/changes/${c.id}` })),
  };
}

async function incidentOrThrow(incidentId: string) {
  const inc = await incidents.findIncident(db(), incidentId);
  if (!inc) throw new DomainError('NOT_FOUND', 'Incident not found');
  if (inc.state === 'declined' || inc.state === 'merged') throw new DomainError('BAD_INPUT', `A ${inc.state} incident has no post-mortem of its own`);
  return inc;
}

/**
 * The incident's post-mortem, created pre-filled on first need (the incident
 * resolves, someone opens it). Requirement and due time are decided here and
 * refreshed while it is a draft (the incident may resolve later or change
 * severity). Idempotent: concurrent first visits create one.
 */
export async function ensurePostmortem(ctx: RequestContext, incidentId: string, now = Date.now(), known?: { inc: incidents.IncidentRow; input: PrefillInput; facts: Facts }): Promise<string> {
  const inc = known?.inc ?? (await incidentOrThrow(incidentId));
  const existing = await repo.findByIncident(db(), incidentId);
  const resolvedAt = ms(inc.resolvedAt);
  if (existing) {
    // The incident resolved (or was reopened and resolved again) or changed severity since the draft began.
    const due = dueAtFor(inc.severity, resolvedAt, duePolicy());
    const bySeverity = inc.severity === 'P1' || inc.severity === 'P2';
    const required = existing.required || bySeverity;
    const reasons = bySeverity && !existing.requiredReasons.includes(`${inc.severity} incident`) ? [`${inc.severity} incident`, ...existing.requiredReasons] : existing.requiredReasons;
    const open = existing.state !== 'published' && !existing.firstPublishedAt;
    if (open && (ms(existing.dueAt) !== due || required !== existing.required)) {
      await inTransaction(async (tx) => {
        await repo.update(tx, existing.id, { dueAt: due === null ? null : new Date(due), required, requiredReasons: reasons });
        await recordAudit(tx, ctx, { action: 'postmortem.due', targetType: 'postmortem', targetId: existing.id, before: { dueAt: existing.dueAt, required: existing.required }, after: { dueAt: due, required } });
      });
    }
    return existing.id;
  }
  const input = known?.input ?? (await gather(inc, now));
  const facts = known?.facts ?? factsOf(input);
  const req = requirementOf({ severity: inc.severity, exhaustedSlos: facts.exhaustedSlos, requested: false });
  const roles = incidentRolesSchema.parse(inc.roles ?? {});
  return inTransaction(async (tx) => {
    // The organisation's template for this severity (template.service); existing drafts keep their text.
    const template = await templateFor(tx, inc.severity);
    const created = await repo.insert(tx, {
      incidentId,
      ownerId: roles.commander ?? null,
      required: req.required,
      requiredReasons: req.reasons,
      dueAt: dueAtFor(inc.severity, resolvedAt, duePolicy()),
      title: `#${inc.number} ${inc.title}`,
      sections: prefillSections(input, facts, template.sections),
      ...author(ctx),
    });
    if (created.created) {
      await incidents.addTimeline(tx, { incidentId, at: now, kind: 'link', text: `Post-mortem draft started${req.required ? ` (required: ${req.reasons.join('; ')})` : ''}`, data: { postMortemId: created.id }, ...author(ctx) });
      await recordAudit(tx, ctx, { action: 'postmortem.create', targetType: 'postmortem', targetId: created.id, after: { incidentId, required: req.required, reasons: req.reasons, template: template.scope } });
    }
    return created.id;
  });
}

/** Everything the editor and the reader show, in one read. Writers open (and so create) the draft. */
export async function openPostmortem(ctx: RequestContext, incidentId: string, now = Date.now()) {
  authorize(ctx, 'postmortem.read', 'You may not read post-mortems');
  const inc = await incidentOrThrow(incidentId);
  const input = await gather(inc, now);
  const facts = factsOf(input);
  let row = await repo.findByIncident(db(), incidentId);
  if ((!row || row.state !== 'published') && can(ctx.actor, 'postmortem.write')) {
    await ensurePostmortem(ctx, incidentId, now, { inc, input, facts });
    row = await repo.findByIncident(db(), incidentId);
  }
  if (!row) throw new DomainError('NOT_FOUND', 'No post-mortem has been started for this incident');
  assertVisible(ctx, row);
  const [dto, actionItems, revisions, people] = await Promise.all([dtoOf(row, now), items.ofPostmortem(db(), row.id), repo.revisions(db(), row.id, 50), repo.people(db())]);
  const ownerNames = await namesOf(actionItems.map((a) => a.ownerId));
  return {
    postmortem: dto,
    facts,
    actionItems: actionItems.map((a) => ({ ...a, owner: a.ownerId ? { id: a.ownerId, name: ownerNames.get(a.ownerId) ?? a.ownerId } : null, dueAt: ms(a.dueAt), completedAt: ms(a.completedAt), createdAt: a.createdAt.getTime() })),
    revisions: revisions.map((r) => ({ version: r.version, authorLabel: r.authorLabel, at: r.createdAt.getTime() })),
    people: seesDrafts(ctx.actor) ? people : [],
    hints: blamelessHints(dto.sections, people.map((p) => p.name)),
    editable: isEditable(row.state) && can(ctx.actor, 'postmortem.write'),
  };
}
export type OpenPostmortem = Awaited<ReturnType<typeof openPostmortem>>;

export async function revision(ctx: RequestContext, input: { id: string; version: number }) {
  authorize(ctx, 'postmortem.read', 'You may not read post-mortems');
  const row = await loadOrThrow(input.id);
  assertVisible(ctx, row);
  if (!seesDrafts(ctx.actor)) throw new DomainError('FORBIDDEN', 'Revision history is for responders');
  const sections = await repo.revisionSections(db(), input.id, input.version);
  if (!sections) throw new DomainError('NOT_FOUND', `No version ${input.version}`);
  return { version: input.version, sections: normalizeSections(sections) };
}

// ---------------------------------------------------------------------------
// Editing

/**
 * Saves the sections the editor changed. Started from the stored version: saved
 * as is. Started from an older one: three-way merged per section; a section both
 * sides changed differently is refused with 409 and both texts, never overwritten.
 */
export async function saveSections(ctx: RequestContext, input: unknown, now = Date.now()) {
  authorize(ctx, 'postmortem.write', 'Your role may not edit post-mortems');
  const data = saveSectionsSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lock(tx, data.id);
    const row = await loadOrThrow(data.id, tx);
    if (!isEditable(row.state)) throw new DomainError('BAD_INPUT', `A post-mortem ${row.state === 'in_review' ? 'in review is frozen; withdraw it or ask for changes' : 'that is published must be reopened'} before editing`);
    const theirs = normalizeSections(row.sections);
    const mine = data.sections as Partial<Sections>;
    let next: Sections;
    let autoMerged: SectionKey[] = [];
    if (data.baseVersion === row.version) next = { ...theirs, ...mine };
    else {
      const baseStored = data.baseVersion < row.version ? await repo.revisionSections(tx, data.id, data.baseVersion) : null;
      // Without the base (an unknown version) every section this editor sent that differs from the stored text is a conflict.
      const unknownBase = { ...theirs, ...Object.fromEntries(Object.keys(mine).map((k) => [k, '\u0000unknown base'])) } as Sections;
      const merged = mergeSections(baseStored ? normalizeSections(baseStored) : unknownBase, theirs, mine);
      if (!merged.ok) {
        const last = (await repo.revisions(tx, data.id, 1))[0];
        throw new DomainError('CONFLICT', `Someone else saved version ${row.version} while you edited version ${data.baseVersion}: ${merged.conflicts.length} section(s) changed on both sides`, undefined, {
          version: row.version,
          savedBy: last?.authorLabel ?? '',
          savedAt: last?.createdAt.getTime() ?? null,
          conflicts: merged.conflicts.map((c) => ({ key: c.key, theirs: c.theirs, mine: c.mine })),
          theirs,
        });
      }
      next = merged.sections;
      autoMerged = merged.autoMerged;
    }
    const changed = SECTION_KEYS.filter((k) => next[k] !== theirs[k]);
    if (!changed.length) return { version: row.version, sections: theirs, autoMerged, changed };
    const version = row.version + 1;
    await repo.saveSections(tx, data.id, next, version, author(ctx));
    await recordAudit(tx, ctx, { action: 'postmortem.edit', targetType: 'postmortem', targetId: data.id, before: { version: row.version }, after: { version, sections: changed, autoMerged } });
    return { version, sections: next, autoMerged, changed, at: now };
  });
}

// ---------------------------------------------------------------------------
// Lists, export, and what other domains ask

export async function listPostmortems(ctx: RequestContext, filter: PostmortemFilter = {}, now = Date.now()) {
  authorize(ctx, 'postmortem.read', 'You may not read post-mortems');
  const f = postmortemFilterSchema.parse(filter);
  const { rows, total } = await repo.list(db(), { teamId: f.teamId, serviceId: f.serviceId, severity: f.severity, state: f.state, overdueAt: f.overdue ? now : undefined, visibleStates: seesDrafts(ctx.actor) ? undefined : ['published'] }, f.page, f.pageSize);
  const names = await namesOf(rows.flatMap((r) => [r.ownerId, r.publishedById]));
  return { items: rows.map((r) => toDto(r, names, now)), total, page: f.page, pageSize: f.pageSize };
}

export async function getPostmortem(ctx: RequestContext, id: string, now = Date.now()) {
  authorize(ctx, 'postmortem.read', 'You may not read post-mortems');
  const row = await loadOrThrow(id);
  assertVisible(ctx, row);
  const [dto, actionItems] = await Promise.all([dtoOf(row, now), items.ofPostmortem(db(), id)]);
  const owners = await namesOf(actionItems.map((a) => a.ownerId));
  return { ...dto, actionItems: actionItems.map((a) => ({ id: a.id, title: a.title, type: a.type, priority: a.priority, owner: a.ownerId ? (owners.get(a.ownerId) ?? a.ownerId) : null, dueAt: ms(a.dueAt), status: a.status, wontDoReason: a.wontDoReason, trackerUrl: a.trackerUrl })) };
}

export async function postmortemAsMarkdown(ctx: RequestContext, id: string, now = Date.now()): Promise<string> {
  const pm = await getPostmortem(ctx, id, now);
  return postmortemMarkdown({
    incident: { number: pm.incident.number, title: pm.incident.title, severity: pm.incident.severity, services: pm.incident.services.map((s) => s.name) },
    state: pm.state,
    owner: pm.owner?.name ?? null,
    dueAt: pm.dueAt,
    publishedAt: pm.publishedAt,
    publishedBy: pm.publishedBy?.name ?? null,
    approvals: pm.reviewers.filter((r) => r.decision === 'approved').map((r) => r.name),
    sections: pm.sections,
    facts: null,
    actionItems: pm.actionItems,
  });
}

/**
 * For the change gate (change management): the services (of those given) with
 * an overdue post-mortem of a P1/P2 incident, in one query. The seed's
 * warning-band action ("block new incidents until the post-mortem is filed")
 * reads: their T2/T3 changes go on hold until the post-mortem is published.
 * System-level, no caller check: the gate decides who sees the answer.
 */
export async function servicesWithOverduePostmortem(serviceIds: readonly string[], now = Date.now()): Promise<Set<string>> {
  return repo.servicesWithOverdue(db(), serviceIds, now);
}

/** The console's post-mortem card: state, requirement, due time, overdue. */
export async function postmortemSummaryForIncident(incidentId: string, now = Date.now()) {
  const pm = await repo.findByIncident(db(), incidentId);
  if (!pm) return null;
  const dueAt = ms(pm.dueAt);
  return { id: pm.id, state: pm.state, required: pm.required, dueAt, overdue: isOverdue({ required: pm.required, state: pm.state, dueAt, notNeededReason: pm.notNeededReason, firstPublishedAt: ms(pm.firstPublishedAt) }, now) };
}

export async function overdueIncidentIds(incidentIds: readonly string[], now = Date.now()): Promise<Set<string>> {
  return repo.overdueByIncident(db(), incidentIds, now);
}
