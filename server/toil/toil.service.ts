import { recordAudit } from '../audit/audit.service';
import { db, inTransaction, type Db } from '../database/tx';
import { DomainError } from '../errors';
import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { can } from '../lib/roles';
import { pageHandlingOfTeams } from '../paging/page-toil.service';
import { actionFor, currentSprint, dayOf, dayProblem, effectiveSettings, gateEffect, lastSprints, summarizeSprint } from './toil.compute';
import * as repo from './toil.repo';
import { announcing } from '../lib/fact-changes';
import {
  deleteToilSchema,
  logToilSchema,
  toilOverviewSchema,
  toilSettingsSchema,
  type TeamToilDto,
  type ToilEntryDto,
  type ToilGateSignal,
  type ToilOverviewDto,
  type ToilSettingsDto,
  type ToilSource,
} from './toil.schema';

// Toil budget per team and sprint (docs/domains.md, "Toil"): entries people
// log plus what on-call measured (server/paging), against the team's
// engineering hours; the change gate reads `toilGateSignals`.

type TeamRow = Awaited<ReturnType<typeof repo.teamsWithMembers>>[number];

function settingsOf(t: TeamRow): ToilSettingsDto {
  const s = t.toilSettings;
  return effectiveSettings(s ? { sprintDays: s.sprintDays, sprintAnchor: dayOf(s.sprintAnchor.getTime()), engineeringHours: s.engineeringHours, pageMinutes: s.pageMinutes, blockFeatureWork: s.blockFeatureWork } : null);
}

async function teamToil(tx: Db, teams: readonly TeamRow[], now: number, count: number): Promise<TeamToilDto[]> {
  if (teams.length === 0) return [];
  const plans = teams.map((t) => {
    const settings = settingsOf(t);
    return { t, settings, sprints: lastSprints(now, settings.sprintAnchor, settings.sprintDays, count) };
  });
  const from = Math.min(...plans.map((p) => p.sprints[0]!.start));
  const to = Math.max(...plans.map((p) => p.sprints[p.sprints.length - 1]!.end));
  const ids = teams.map((t) => t.id);
  const [entries, pages] = await Promise.all([repo.entriesBetween(tx, ids, dayOf(from), dayOf(to)), pageHandlingOfTeams(ids, from, to)]);
  return plans.map(({ t, settings, sprints }) => {
    const mine = entries.filter((e) => e.teamId === t.id).map((e) => ({ day: dayOf(e.day.getTime()), hours: e.hours }));
    const myPages = pages.filter((p) => p.teamId === t.id);
    const trend = sprints.map((s) => summarizeSprint(s, mine, myPages, settings, t._count.members));
    const current = currentSprint(sprints[sprints.length - 1]!, trend[trend.length - 1]!, now);
    return {
      teamId: t.id,
      teamSlug: t.slug,
      teamName: t.name,
      members: t._count.members,
      settings,
      current,
      trend,
      action: actionFor(current.band),
      gate: gateEffect(current.band, settings.blockFeatureWork),
    };
  });
}

const BAND_ORDER = { over: 0, watch: 1, healthy: 2, 'no-data': 3 } as const;

function entryDto(e: { id: string; teamId: string; day: Date; hours: number; what: string; source: string; authorLabel: string; createdAt: Date; team: { name: string } }): ToilEntryDto {
  return { id: e.id, teamId: e.teamId, teamName: e.team.name, day: dayOf(e.day.getTime()), hours: e.hours, what: e.what, source: e.source, authorLabel: e.authorLabel, createdAt: e.createdAt };
}

/** Every team's toil, worst band first, with the trend over the last sprints and the recent log. */
export async function getToilOverview(ctx: RequestContext, input: unknown = {}, now = Date.now()): Promise<ToilOverviewDto> {
  authorize(ctx, 'app.read', 'You may not view toil');
  const { sprints } = toilOverviewSchema.parse(input ?? {});
  const teams = await teamToil(db(), await repo.teamsWithMembers(db()), now, sprints);
  teams.sort((a, b) => BAND_ORDER[a.current.band] - BAND_ORDER[b.current.band] || (b.current.percent ?? 0) - (a.current.percent ?? 0) || a.teamName.localeCompare(b.teamName));
  const entries = (await repo.recentEntries(db(), 100)).map(entryDto);
  return { at: new Date(now).toISOString(), teams, entries };
}

const authorLabel = (ctx: RequestContext) => (ctx.actor.kind === 'user' ? ctx.actor.email : `${ctx.actor.kind}:${ctx.actor.name}`);

/** Logs toil for a team; answers with the entry and where the team's current sprint stands now. */
export async function logToil(ctx: RequestContext, input: unknown, source: ToilSource, now = Date.now()): Promise<{ entry: ToilEntryDto; team: TeamToilDto }> {
  authorize(ctx, 'toil.log', 'Only engineers, incident commanders and admins (or a token with the toil scope) can log toil');
  const v = logToilSchema.parse(input);
  const day = v.day ?? dayOf(now);
  const problem = dayProblem(day, now);
  if (problem) throw new DomainError('BAD_INPUT', `day ${problem}`, 'day');
  return announcing('toil', inTransaction(async (tx) => {
    const team = await repo.findTeam(tx, v.team);
    if (!team) throw new DomainError('BAD_INPUT', `No team "${v.team}" (give its slug or id)`, 'team');
    const row = await repo.insertEntry(tx, { teamId: team.id, day, hours: v.hours, what: v.what, source, authorId: ctx.actor.kind === 'system' ? null : ctx.actor.id, authorLabel: authorLabel(ctx) });
    await recordAudit(tx, ctx, { action: 'toil.log', targetType: 'team', targetId: team.id, after: { entryId: row.id, day, hours: v.hours, what: v.what, source } });
    const [status] = await teamToil(tx, await repo.teamsWithMembers(tx, [team.id]), now, 1);
    return { entry: entryDto(row), team: status! };
  }));
}

async function mayConfigure(tx: Db, ctx: RequestContext, teamId: string): Promise<boolean> {
  if (!can(ctx.actor, 'toil.configure')) return false;
  // Engineers configure only teams they lead; incident commanders and admins any team.
  if (ctx.actor.kind === 'user' && ctx.actor.role === 'engineer') return repo.isLead(tx, ctx.actor.id, teamId);
  return true;
}

/** Deletes a logged entry: its author, or whoever may configure the team's toil. */
export async function deleteToilEntry(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorize(ctx, 'toil.log', 'You may not change the toil log');
  const { id } = deleteToilSchema.parse(input);
  return announcing('toil', inTransaction(async (tx) => {
    const row = await repo.findEntry(tx, id);
    if (!row) throw new DomainError('NOT_FOUND', 'Toil entry not found');
    const own = ctx.actor.kind !== 'system' && row.authorId === ctx.actor.id;
    if (!own && ctx.actor.kind !== 'system' && !(await mayConfigure(tx, ctx, row.teamId))) throw new DomainError('FORBIDDEN', 'Only its author or a lead of the team can delete a toil entry');
    await repo.deleteEntry(tx, id);
    await recordAudit(tx, ctx, { action: 'toil.delete', targetType: 'team', targetId: row.teamId, before: { entryId: id, day: dayOf(row.day.getTime()), hours: row.hours, what: row.what } });
    return { id };
  }));
}

/** A team's sprint length, engineering hours, page minutes and the opt-in to block feature work. */
export async function updateToilSettings(ctx: RequestContext, input: unknown): Promise<ToilSettingsDto> {
  authorize(ctx, 'toil.configure', 'Only team leads, incident commanders and admins can change a team’s toil settings');
  const v = toilSettingsSchema.parse(input);
  return announcing('toil', inTransaction(async (tx) => {
    const team = await repo.findTeam(tx, v.teamId);
    if (!team) throw new DomainError('NOT_FOUND', 'Team not found', 'teamId');
    if (!(await mayConfigure(tx, ctx, team.id))) throw new DomainError('FORBIDDEN', `Only a lead of ${team.name}, an incident commander or an admin can change its toil settings`);
    const before = await repo.findSettings(tx, team.id);
    const { teamId: _t, ...row } = v;
    await repo.upsertSettings(tx, team.id, row);
    await recordAudit(tx, ctx, {
      action: 'toil.settings',
      targetType: 'team',
      targetId: team.id,
      before: before ? { sprintDays: before.sprintDays, sprintAnchor: dayOf(before.sprintAnchor.getTime()), engineeringHours: before.engineeringHours, pageMinutes: before.pageMinutes, blockFeatureWork: before.blockFeatureWork } : null,
      after: row,
    });
    return { ...row, configured: true };
  }));
}

/**
 * The change gate's toil signal (server/changes): teams among these over 50 %
 * in the sprint holding `at`. The gate has authorized its caller already.
 */
export async function toilGateSignals(teamIds: readonly string[], at: number): Promise<ToilGateSignal[]> {
  if (teamIds.length === 0) return [];
  const teams = await teamToil(db(), await repo.teamsWithMembers(db(), teamIds), at, 1);
  return teams
    .filter((t) => t.current.band === 'over')
    .map((t) => ({ teamId: t.teamId, teamName: t.teamName, percent: t.current.percent!, band: t.current.band, blocking: t.settings.blockFeatureWork, sprintEnd: t.current.end }));
}
