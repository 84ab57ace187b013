import { recordAudit } from '../audit/audit.service';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import { can, type Actor } from '../lib/roles';
import type { RequestContext } from '../lib/request-context';
import { incidentMetrics } from '../incidents/incidents.service';
import { GATED_STATUSES, checkTransition, statusForDecision, type GateResult } from './changes.compute';
import * as repo from './changes.repo';
import { evaluate, regate, resolveServices } from './gate.service';
import { classifyManifests } from './classify.service';
import type { Classification } from './classify.compute';
import { incidentsOfChange } from './incident-links.service';
import {
  approveSchema,
  changeIdSchema,
  createChangeSchema,
  listChangesSchema,
  overrideSchema,
  transitionSchema,
  type ApprovalKind,
  type ChangeSource,
  type ChangeStatus,
  type Requirement,
  type Tier,
} from './changes.schema';
import { doraFigures } from './dora.compute';

// Change management (docs/changes.md): the ledger and its approvals. Every
// decision comes from gate.service (the same for the UI, the API and the CLI).

const actorLabel = (a: Actor) => (a.kind === 'user' ? a.name : `${a.kind}:${a.name}`);
const actorId = (a: Actor) => (a.kind === 'system' ? null : a.id);

// ---------------------------------------------------------------------------
// The ledger

function toDto(row: repo.ChangeRow) {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    tier: row.tier as Tier,
    source: row.source as ChangeSource,
    environment: row.environment,
    cluster: row.cluster,
    commitSha: row.commitSha,
    committedAt: row.committedAt?.getTime() ?? null,
    prUrl: row.prUrl,
    runbookUrl: row.runbookUrl,
    rollbackPlan: row.rollbackPlan,
    reliability: row.reliability,
    author: { id: row.authorId, label: row.authorLabel },
    requestedAt: row.requestedAt.getTime(),
    startedAt: row.startedAt?.getTime() ?? null,
    finishedAt: row.finishedAt?.getTime() ?? null,
    status: row.status as ChangeStatus,
    decision: row.decision,
    reasons: row.decisionReasons as { code: string; message: string }[],
    requires: row.decisionRequires as Requirement[],
    decidedAt: row.decidedAt.getTime(),
    override: row.overrideReason ? { reason: row.overrideReason, by: row.overriddenByLabel ?? '', at: row.overriddenAt?.getTime() ?? null } : null,
    externalId: row.externalId,
    services: row.services.map(({ service: s }) => ({ id: s.id, slug: s.slug, name: s.name, team: { id: s.team.id, slug: s.team.slug, name: s.team.name } })),
    approvals: row.approvals.map((a) => ({ id: a.id, userId: a.userId, userName: a.userName, kind: a.kind as ApprovalKind, comment: a.comment, at: a.createdAt.getTime() })),
  };
}
export type ChangeDto = ReturnType<typeof toDto>;

async function load(tx: Db, id: string): Promise<repo.ChangeRow> {
  const row = await repo.findById(tx, id);
  if (!row) throw new DomainError('NOT_FOUND', 'Change not found');
  return row;
}

/** Record a change (UI form, API, GitOps). Idempotent by (source, externalId): a repeat returns the stored change. */
export async function createChange(ctx: RequestContext, input: unknown, source: ChangeSource = 'ui', now = Date.now()): Promise<{ change: ChangeDto; gate: GateResult; created: boolean; tierSuggestion?: Classification }> {
  authorize(ctx, 'change.submit', 'Your role may not record changes');
  const v = createChangeSchema.parse(input);
  return inTransaction(async (tx) => {
    if (v.externalId) {
      const existing = await repo.findByExternalId(tx, source, v.externalId);
      if (existing) {
        const gate = await regate(tx, existing, now, actorLabel(ctx.actor));
        return { change: toDto(await load(tx, existing.id)), gate, created: false };
      }
    }
    const services = await resolveServices(tx, v.services);
    const requestedAt = v.requestedAt?.getTime() ?? now;
    // No tier given: the tier assistant's answer, recorded with its reasons.
    const suggested = v.tier ? null : classifyManifests(v.manifests!, 'manifests.');
    const tier = v.tier ?? suggested!.tier;
    const gate = await evaluate(tx, { services, tier, reliability: v.reliability, at: Math.max(now, requestedAt), now, authorId: actorId(ctx.actor), hasRunbook: !!v.runbookUrl });
    const id = await repo.insert(tx, {
      title: v.title,
      description: v.description,
      tier,
      source,
      environment: v.environment,
      cluster: v.cluster ?? null,
      commitSha: v.commitSha?.toLowerCase() ?? null,
      committedAt: v.committedAt ?? null,
      prUrl: v.prUrl ?? null,
      runbookUrl: v.runbookUrl ?? null,
      rollbackPlan: v.rollbackPlan,
      reliability: v.reliability,
      authorId: actorId(ctx.actor),
      authorLabel: actorLabel(ctx.actor),
      requestedAt: new Date(requestedAt),
      status: statusForDecision(gate.decision),
      decision: gate.decision,
      decisionReasons: gate.reasons,
      decisionRequires: gate.requires,
      decidedAt: new Date(now),
      externalId: v.externalId ?? null,
      serviceIds: services.map((s) => s.id),
    });
    await repo.addEvent(tx, { changeId: id, at: new Date(now), kind: 'recorded', message: `Recorded (${source}); gate: ${gate.decision.replace('_', ' ')}`, actorLabel: actorLabel(ctx.actor) });
    if (suggested) {
      const why = suggested.reasons.filter((r) => r.tier === tier).map((r) => r.message).slice(0, 3).join('; ') || 'no rule above T1 matched';
      await repo.addEvent(tx, { changeId: id, at: new Date(now), kind: 'recorded', message: `Tier ${tier} set by the tier assistant: ${why}`, actorLabel: 'tier assistant' });
    }
    await recordAudit(tx, ctx, { action: 'change.create', targetType: 'change', targetId: id, after: { title: v.title, tier, tierSuggested: !!suggested, services: services.map((s) => s.slug), source, decision: gate.decision } });
    return { change: toDto(await load(tx, id)), gate, created: true, ...(suggested ? { tierSuggestion: suggested } : {}) };
  });
}

/** Which approval kinds this person may give for this change (the seed: team lead, CAB, VP/CISO). */
async function grantable(tx: Db, actor: Actor, row: repo.ChangeRow): Promise<ApprovalKind[]> {
  if (actor.kind !== 'user' || !can(actor, 'change.approve') || actor.id === row.authorId) return [];
  if (actor.role === 'admin') return ['team_lead', 'extra_review', 'cab', 'executive'];
  if (actor.role === 'executive') return ['executive'];
  if (actor.role === 'incident_commander') return ['team_lead', 'extra_review', 'cab'];
  // Engineers approve as the lead of a team owning one of the services.
  return (await repo.isLeadOfAny(tx, actor.id, row.services.map((s) => s.service.teamId))) ? ['team_lead'] : [];
}

const INBOX_SIZE = 200;

/**
 * The approvals inbox: changes waiting at the gate that this person may
 * approve now (team leads for their teams' T2, the CAB for T3, VP/CISO for the
 * budget band), oldest first, with what each still needs from them.
 */
export async function approvalInbox(ctx: RequestContext) {
  authorize(ctx, 'change.approve', 'Your role may not approve changes');
  const rows = await repo.gatedChanges(db(), ['pending_approval', 'held'], INBOX_SIZE);
  const items = [];
  for (const row of rows) {
    const mine = await grantable(db(), ctx.actor, row);
    const given = new Set(row.approvals.filter((a) => a.userId === actorId(ctx.actor)).map((a) => a.kind));
    const open = (row.decisionRequires as Requirement[]).filter((r): r is ApprovalKind => r !== 'runbook');
    const yours = open.filter((k) => mine.includes(k) && !given.has(k));
    if (yours.length) items.push({ ...toDto(row), yours });
  }
  return { items, truncated: rows.length === INBOX_SIZE };
}

export async function approveChange(ctx: RequestContext, input: unknown, now = Date.now()): Promise<ChangeDto> {
  authorize(ctx, 'change.approve', 'Your role may not approve changes');
  const v = approveSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lock(tx, v.id);
    const row = await load(tx, v.id);
    if (ctx.actor.kind === 'user' && ctx.actor.id === row.authorId) throw new DomainError('FORBIDDEN', 'Approvers are never the author of the change');
    if (!GATED_STATUSES.includes(row.status as ChangeStatus)) throw new DomainError('CONFLICT', `The change is ${row.status.replace('_', ' ')}: approvals are closed`);
    const mine = await grantable(tx, ctx.actor, row);
    const open = (row.decisionRequires as Requirement[]).filter((r): r is ApprovalKind => r !== 'runbook');
    const already = new Set(row.approvals.filter((a) => a.userId === actorId(ctx.actor)).map((a) => a.kind));
    const kind = v.kind ?? open.find((k) => mine.includes(k) && !already.has(k));
    if (!kind) throw new DomainError('CONFLICT', mine.length ? 'Nothing left for you to approve on this change' : 'You may not approve this change (team leads of its services, the CAB, or VP/CISO for the budget band)', 'kind');
    if (!mine.includes(kind)) throw new DomainError('FORBIDDEN', `You may not give the ${kind.replace('_', ' ')} approval`, 'kind');
    if (already.has(kind)) throw new DomainError('CONFLICT', 'You already gave this approval', 'kind');
    const user = ctx.actor.kind === 'user' ? ctx.actor : null;
    await repo.addApproval(tx, { changeId: row.id, userId: user?.id ?? '', userName: user?.name ?? '', kind, comment: v.comment });
    await repo.addEvent(tx, { changeId: row.id, at: new Date(now), kind: 'approval', message: `Approved (${kind.replace('_', ' ')})${v.comment ? `: ${v.comment}` : ''}`, actorLabel: actorLabel(ctx.actor) });
    await regate(tx, await load(tx, row.id), now, actorLabel(ctx.actor));
    await recordAudit(tx, ctx, { action: 'change.approve', targetType: 'change', targetId: row.id, after: { kind, comment: v.comment } });
    return toDto(await load(tx, row.id));
  });
}

export async function overrideChange(ctx: RequestContext, input: unknown, now = Date.now()): Promise<ChangeDto> {
  authorize(ctx, 'change.override', 'Only an incident commander or an admin may override the change gate');
  const v = overrideSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lock(tx, v.id);
    const row = await load(tx, v.id);
    if (!GATED_STATUSES.includes(row.status as ChangeStatus)) throw new DomainError('CONFLICT', `The change is ${row.status.replace('_', ' ')}: nothing to override`);
    if (row.overrideReason) throw new DomainError('CONFLICT', 'The change is already overridden');
    const by = actorLabel(ctx.actor);
    await repo.update(tx, row.id, { overrideReason: v.reason, overriddenById: actorId(ctx.actor), overriddenByLabel: by, overriddenAt: new Date(now) });
    await repo.addEvent(tx, { changeId: row.id, at: new Date(now), kind: 'override', message: `Break-glass override: ${v.reason}`, actorLabel: by });
    await regate(tx, await load(tx, row.id), now, by);
    await recordAudit(tx, ctx, { action: 'change.override', targetType: 'change', targetId: row.id, before: { decision: row.decision, reasons: row.decisionReasons }, after: { reason: v.reason } });
    return toDto(await load(tx, row.id));
  });
}

/** Status updates from CI and the page: start, finish, fail, roll back. */
export async function transitionChange(ctx: RequestContext, input: unknown, now = Date.now()): Promise<ChangeDto> {
  authorize(ctx, 'change.submit', 'Your role may not update changes');
  const v = transitionSchema.parse(input);
  return inTransaction(async (tx) => {
    await repo.lock(tx, v.id);
    const row = await load(tx, v.id);
    const from = row.status as ChangeStatus;
    if (from === v.status) return toDto(row); // a retried PATCH
    const refusal = checkTransition(from, v.status);
    if (refusal) throw new DomainError('CONFLICT', refusal, 'status');
    const at = v.at ?? new Date(now);
    if (from === 'approved' && (v.status === 'in_progress' || v.status === 'succeeded')) {
      // Starting is a gate question again: a freeze may have begun since it was approved.
      const gate = await regate(tx, row, now, actorLabel(ctx.actor));
      if (gate.decision !== 'allow') throw new DomainError('CONFLICT', `The gate no longer allows this change: ${gate.reasons.filter((r) => !r.code.endsWith('_pass')).map((r) => r.message).join('; ')}`, 'status');
    }
    const finished = v.status === 'succeeded' || v.status === 'failed' || v.status === 'rolled_back';
    await repo.update(tx, row.id, { status: v.status, startedAt: row.startedAt ?? at, ...(finished ? { finishedAt: at } : {}) });
    await repo.addEvent(tx, { changeId: row.id, at, kind: 'status', message: `Status: ${from.replace('_', ' ')} -> ${v.status.replace('_', ' ')}`, actorLabel: actorLabel(ctx.actor) });
    await recordAudit(tx, ctx, { action: 'change.transition', targetType: 'change', targetId: row.id, before: { status: from }, after: { status: v.status } });
    return toDto(await load(tx, row.id));
  });
}

export async function listChanges(ctx: RequestContext, input: unknown = {}) {
  authorize(ctx, 'app.read', 'Sign in to see the change ledger');
  const f = listChangesSchema.parse(input);
  const { items, total } = await repo.list(db(), { serviceId: f.service, teamId: f.team, status: f.status, tier: f.tier, source: f.source, q: f.q }, f.page, f.pageSize);
  return { items: items.map(toDto), total, page: f.page, pageSize: f.pageSize };
}

export async function getChange(ctx: RequestContext, input: unknown) {
  authorize(ctx, 'app.read', 'Sign in to see the change ledger');
  const { id } = changeIdSchema.parse(input);
  const row = await load(db(), id);
  const [events, mayGive, incidents] = await Promise.all([repo.events(db(), id), grantable(db(), ctx.actor, row), incidentsOfChange(id)]);
  const open = (row.decisionRequires as Requirement[]).filter((r) => r !== 'runbook');
  const gated = GATED_STATUSES.includes(row.status as ChangeStatus);
  return {
    ...toDto(row),
    timeline: events.map((e) => ({ id: e.id, at: e.at.getTime(), kind: e.kind, message: e.message, actor: e.actorLabel })),
    incidents,
    viewer: {
      canApprove: gated ? open.filter((k): k is ApprovalKind => mayGive.includes(k as ApprovalKind)) : [],
      canOverride: gated && !row.overrideReason && can(ctx.actor, 'change.override') && row.decision !== 'allow',
      canTransition: can(ctx.actor, 'change.submit'),
    },
  };
}

/**
 * A ledger entry decided at an earlier time, with the decision as it was then
 * (the demo's history; imports from another change tool). The gate is not
 * asked again: its facts (that day's budget) are gone. Idempotent by externalId.
 */
export async function importDecidedChange(
  ctx: RequestContext,
  input: unknown,
  decided: { decision: GateResult['decision']; reasons: GateResult['reasons']; at: number },
): Promise<{ id: string; created: boolean }> {
  authorize(ctx, 'change.submit', 'Your role may not record changes');
  const v = createChangeSchema.parse(input);
  if (!v.externalId) throw new DomainError('BAD_INPUT', 'An imported change needs its externalId', 'externalId');
  return inTransaction(async (tx) => {
    const existing = await repo.findByExternalId(tx, 'api', v.externalId!);
    if (existing) return { id: existing.id, created: false };
    const services = await resolveServices(tx, v.services);
    const at = new Date(decided.at);
    const id = await repo.insert(tx, {
      title: v.title,
      description: v.description,
      tier: v.tier ?? classifyManifests(v.manifests!, 'manifests.').tier,
      source: 'api',
      environment: v.environment,
      cluster: v.cluster ?? null,
      commitSha: v.commitSha?.toLowerCase() ?? null,
      committedAt: v.committedAt ?? null,
      prUrl: v.prUrl ?? null,
      runbookUrl: v.runbookUrl ?? null,
      rollbackPlan: v.rollbackPlan,
      reliability: v.reliability,
      authorId: actorId(ctx.actor),
      authorLabel: actorLabel(ctx.actor),
      requestedAt: v.requestedAt ?? at,
      status: statusForDecision(decided.decision),
      decision: decided.decision,
      decisionReasons: decided.reasons,
      decisionRequires: [],
      decidedAt: at,
      externalId: v.externalId!,
      serviceIds: services.map((s) => s.id),
    });
    await repo.addEvent(tx, { changeId: id, at, kind: 'recorded', message: `Imported; gate at the time: ${decided.decision.replace('_', ' ')}`, actorLabel: actorLabel(ctx.actor) });
    await recordAudit(tx, ctx, { action: 'change.import', targetType: 'change', targetId: id, after: { title: v.title, tier: v.tier, decision: decided.decision } });
    return { id, created: true };
  });
}

/** DORA's four keys over the last `days` days (docs/changes.md, "DORA"), for all services or one service or team. */
export async function doraReport(ctx: RequestContext, input: { days?: number; service?: string; team?: string } = {}, now = Date.now()) {
  authorize(ctx, 'app.read', 'Sign in to see delivery metrics');
  const days = Math.min(365, Math.max(1, Math.round(input.days ?? 28)));
  const period = { from: now - days * 86_400_000, to: now };
  const [rows, incidents] = await Promise.all([
    // Wide enough to catch changes requested before the period that finished inside it.
    repo.doraRows(db(), { serviceId: input.service, teamId: input.team, from: new Date(period.from - 180 * 86_400_000), to: new Date(period.to) }),
    incidentMetrics(ctx, { from: new Date(period.from), to: new Date(period.to) }),
  ]);
  // A deployed change confirmed as an incident's cause failed, whatever its status says.
  const causes = await repo.confirmedCauses(db(), rows.map((r) => r.id));
  const changes = rows.map((r) => ({
    status: (causes.has(r.id) && r.status === 'succeeded' ? 'failed' : r.status) as ChangeStatus,
    requestedAt: r.requestedAt.getTime(),
    startedAt: r.startedAt?.getTime() ?? null,
    finishedAt: r.finishedAt?.getTime() ?? null,
    committedAt: r.committedAt?.getTime() ?? null,
  }));
  const mttr = incidents.overall.mttr;
  return { ...doraFigures(changes, { medianMs: mttr.medianMs, count: mttr.count }, period), restoreScope: 'all incidents' as const };
}
