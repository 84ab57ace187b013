import { authorize } from '../lib/authorize';
import type { Action } from '../lib/roles';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import {
  businessHoursInputSchema,
  idSchema,
  oncallViewSchema,
  overrideInputSchema,
  policyInputSchema,
  scheduleInputSchema,
  type ScheduleView,
} from './oncall-api.schema';
import { onCallAt, renderSchedule } from './oncall.compute';
import { DEFAULT_BUSINESS_HOURS, escalationPolicySchema, type EscalationStep } from './oncall.schema';
import * as repo from './oncall.repo';
import { scheduleFromStored } from './stored.compute';

// On-call schedules, overrides, escalation policies and business hours
// (docs/incidents.md, "On-call"). Who may change what: schedules, policies and
// business hours are team configuration (catalog.manage: engineers and up);
// overrides are shift swaps any responder may make (incident.respond).

const DAY_MS = 86_400_000;

function authorizeTo(ctx: RequestContext, action: Action, what: string) {
  authorize(ctx, action, `You may not ${what}`);
}

// incident.respond is also granted to API tokens with the `pages` scope, which
// exist to read, acknowledge and resolve pages. Changing who is on call is a
// person's decision, so a token may not add or remove overrides.
function authorizePersonTo(ctx: RequestContext, action: Action, what: string) {
  if (ctx.actor.kind === 'token') throw new DomainError('FORBIDDEN', `API tokens may not ${what}; sign in to do it`);
  authorizeTo(ctx, action, what);
}

function viewOf(row: Awaited<ReturnType<typeof repo.schedulesOf>>[number], now: number, days: number): ScheduleView {
  const from = now;
  const to = now + days * DAY_MS;
  const base = {
    id: row.id,
    name: row.name,
    teamId: row.teamId,
    overrides: row.overrides.map((o) => ({ id: o.id, userId: o.userId, start: o.start, end: o.end, reason: o.reason })),
  };
  try {
    const schedule = scheduleFromStored(row);
    const current = onCallAt(schedule, now);
    const rendered = renderSchedule(schedule, from, to);
    return {
      ...base,
      layers: schedule.layers,
      now: { userId: current.userId, since: current.since, next: current.next && { at: current.next.at, userId: current.next.userId } },
      calendar: {
        from,
        to,
        shifts: rendered.shifts.map((s) => ({ start: s.start, end: s.end, userId: s.userId, source: s.source.kind === 'override' ? 'override' : s.source.name })),
        gaps: rendered.gaps,
        layers: rendered.layers.map((shifts, i) => ({ name: schedule.layers[i]!.name, shifts: shifts.map((s) => ({ start: s.start, end: s.end, userId: s.userId })) })),
      },
      problem: null,
    };
  } catch (error) {
    return {
      ...base,
      layers: [],
      now: { userId: null, since: now, next: null },
      calendar: { from, to, shifts: [], gaps: [{ start: from, end: to }], layers: [] },
      problem: `This schedule cannot be read (${(error as Error).message.slice(0, 200)}); edit and save it again.`,
    };
  }
}

/** Everything the on-call page shows, for one team or all. */
export async function oncallOverview(ctx: RequestContext, input: unknown = {}, now = Date.now()) {
  authorizeTo(ctx, 'app.read', 'view on-call schedules');
  const v = oncallViewSchema.parse(input);
  const [teams, people, schedules, policies] = await Promise.all([repo.listTeams(db()), repo.listPeople(db()), repo.schedulesOf(db(), v.teamId), repo.policiesOf(db(), v.teamId)]);
  return {
    now,
    days: v.days,
    teams: teams.map((t) => ({
      id: t.id,
      slug: t.slug,
      name: t.name,
      timeZone: t.timeZone,
      businessHours: t.businessHours ? { days: t.businessHours.days, start: t.businessHours.start, end: t.businessHours.end, timeZone: t.businessHours.timeZone } : null,
      defaultBusinessHours: DEFAULT_BUSINESS_HOURS,
      leadIds: t.members.filter((m) => m.isLead).map((m) => m.userId),
      memberIds: t.members.map((m) => m.userId),
    })),
    people,
    schedules: schedules.map((s) => viewOf(s, now, v.days)),
    policies: policies.map((p) => {
      const steps = escalationPolicySchema.shape.steps.safeParse(p.steps);
      return { id: p.id, teamId: p.teamId, name: p.name, isDefault: p.isDefault, steps: steps.success ? steps.data : ([] as EscalationStep[]), problem: steps.success ? null : 'stored steps are invalid; save the policy again' };
    }),
  };
}

async function checkPeople(tx: Db, ids: readonly string[], field: string) {
  const found = await repo.usersExist(tx, ids);
  const missing = ids.find((id) => !found.has(id));
  if (missing) throw new DomainError('BAD_INPUT', `unknown person ${missing}`, field);
}

export async function saveSchedule(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeTo(ctx, 'catalog.manage', 'change on-call schedules');
  const v = scheduleInputSchema.parse(input);
  return inTransaction(async (tx) => {
    if (!(await repo.findTeam(tx, v.teamId))) throw new DomainError('NOT_FOUND', 'Team not found', 'teamId');
    for (const [i, layer] of v.layers.entries()) await checkPeople(tx, layer.participants, `layers.${i}.participants`);
    const clash = await repo.findScheduleByName(tx, v.teamId, v.name);
    if (clash && clash.id !== v.id) throw new DomainError('CONFLICT', `The team already has a schedule named "${v.name}"`, 'name');
    const data = { teamId: v.teamId, name: v.name, layers: v.layers };
    if (!v.id) {
      const row = await repo.createSchedule(tx, data);
      await recordAudit(tx, ctx, { action: 'oncall.schedule.create', targetType: 'oncall_schedule', targetId: row.id, after: data });
      return { id: row.id };
    }
    const before = await repo.findSchedule(tx, v.id);
    if (!before) throw new DomainError('NOT_FOUND', 'Schedule not found');
    await repo.updateSchedule(tx, v.id, data);
    await recordAudit(tx, ctx, { action: 'oncall.schedule.update', targetType: 'oncall_schedule', targetId: v.id, before: { teamId: before.teamId, name: before.name, layers: before.layers }, after: data });
    return { id: v.id };
  });
}

export async function deleteSchedule(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeTo(ctx, 'catalog.manage', 'change on-call schedules');
  const { id } = idSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findSchedule(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Schedule not found');
    await repo.deleteSchedule(tx, id);
    await recordAudit(tx, ctx, { action: 'oncall.schedule.delete', targetType: 'oncall_schedule', targetId: id, before: { teamId: before.teamId, name: before.name, layers: before.layers } });
    return { id };
  });
}

export async function addOverride(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizePersonTo(ctx, 'incident.respond', 'add on-call overrides');
  const v = overrideInputSchema.parse(input);
  return inTransaction(async (tx) => {
    if (!(await repo.findSchedule(tx, v.scheduleId))) throw new DomainError('NOT_FOUND', 'Schedule not found', 'scheduleId');
    await checkPeople(tx, [v.userId], 'userId');
    const row = await repo.createOverride(tx, { scheduleId: v.scheduleId, userId: v.userId, start: v.start, end: v.end, reason: v.reason, createdById: ctx.actor.kind === 'user' ? ctx.actor.id : null });
    await recordAudit(tx, ctx, { action: 'oncall.override.create', targetType: 'oncall_schedule', targetId: v.scheduleId, after: { overrideId: row.id, userId: v.userId, start: v.start, end: v.end, reason: v.reason } });
    return { id: row.id };
  });
}

export async function deleteOverride(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizePersonTo(ctx, 'incident.respond', 'remove on-call overrides');
  const { id } = idSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findOverride(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Override not found');
    await repo.deleteOverride(tx, id);
    await recordAudit(tx, ctx, { action: 'oncall.override.delete', targetType: 'oncall_schedule', targetId: before.scheduleId, before: { overrideId: id, userId: before.userId, start: before.start, end: before.end } });
    return { id };
  });
}

export async function savePolicy(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeTo(ctx, 'catalog.manage', 'change escalation policies');
  const v = policyInputSchema.parse(input);
  return inTransaction(async (tx) => {
    if (!(await repo.findTeam(tx, v.teamId))) throw new DomainError('NOT_FOUND', 'Team not found', 'teamId');
    for (const [i, step] of v.steps.entries()) {
      for (const [j, t] of step.targets.entries()) {
        const field = `steps.${i}.targets.${j}`;
        if (t.type === 'user') await checkPeople(tx, [t.userId], field);
        if (t.type === 'schedule' && !(await repo.scheduleIdsExist(tx, [t.scheduleId])).has(t.scheduleId)) throw new DomainError('BAD_INPUT', 'unknown schedule', field);
        if (t.type === 'team-lead' && t.teamId && !(await repo.findTeam(tx, t.teamId))) throw new DomainError('BAD_INPUT', 'unknown team', field);
      }
    }
    const clash = await repo.findPolicyByName(tx, v.teamId, v.name);
    if (clash && clash.id !== v.id) throw new DomainError('CONFLICT', `The team already has a policy named "${v.name}"`, 'name');
    const before = v.id ? await repo.findPolicy(tx, v.id) : null;
    if (v.id && !before) throw new DomainError('NOT_FOUND', 'Policy not found');
    const data = { teamId: v.teamId, name: v.name, steps: v.steps, isDefault: v.isDefault };
    const row = await repo.savePolicy(tx, v.id, data);
    await recordAudit(tx, ctx, {
      action: v.id ? 'oncall.policy.update' : 'oncall.policy.create',
      targetType: 'escalation_policy',
      targetId: row.id,
      before: before ? { name: before.name, steps: before.steps, isDefault: before.isDefault } : null,
      after: data,
    });
    return { id: row.id };
  });
}

export async function deletePolicy(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeTo(ctx, 'catalog.manage', 'change escalation policies');
  const { id } = idSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findPolicy(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Policy not found');
    await repo.deletePolicy(tx, id);
    await recordAudit(tx, ctx, { action: 'oncall.policy.delete', targetType: 'escalation_policy', targetId: id, before: { name: before.name, steps: before.steps } });
    return { id };
  });
}

export async function setBusinessHours(ctx: RequestContext, input: unknown) {
  authorizeTo(ctx, 'catalog.manage', 'change business hours');
  const v = businessHoursInputSchema.parse(input);
  return inTransaction(async (tx) => {
    const team = await repo.findTeam(tx, v.teamId);
    if (!team) throw new DomainError('NOT_FOUND', 'Team not found', 'teamId');
    const hours = { days: [...v.hours.days].sort(), start: v.hours.start, end: v.hours.end, timeZone: v.hours.timeZone };
    await repo.upsertBusinessHours(tx, v.teamId, hours);
    await recordAudit(tx, ctx, { action: 'oncall.business_hours.update', targetType: 'team', targetId: v.teamId, before: team.businessHours, after: hours });
    return hours;
  });
}
