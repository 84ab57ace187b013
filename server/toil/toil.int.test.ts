import { beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, expectIssueAt, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { createService } from '../catalog/catalog.service';
import { previewGate } from '../changes/gate.service';
import { getPrisma } from '../db';
import type { RequestContext } from '../lib/request-context';
import type { Actor } from '../lib/roles';
import { addMember, createTeam } from '../teams/teams.service';
import { createToken } from '../tokens/tokens.service';
import { GET as toilOverview, POST as logToilRoute } from '@/app/api/v1/toil/route';
import { callRoute, type Session } from '@/tests/api/rest';
import { deleteToilEntry, getToilOverview, logToil, updateToilSettings } from './toil.service';

// The toil budget against Postgres: logged (service, REST, with a toil token)
// plus measured (pages) toil against the team's engineering hours, the seed's
// bands and action, the gate's flag and the opt-in block, audit and validation.
const NOW = Date.parse('2026-12-05T12:00:00Z'); // sprint 2026-11-23 .. 2026-12-06 with the anchor below
const noSession = async (): Promise<Actor | null> => null;
const logToilResponse = (req: Request, session: Session, now?: number) => callRoute(logToilRoute, req, { session, now });
const toilOverviewResponse = (req: Request, session: Session, now?: number) => callRoute(toilOverview, req, { session, now });
const post = (token: string, body: unknown) => new Request('http://runwell.local/api/v1/toil', { method: 'POST', headers: { host: 'runwell.local', authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

let lead: RequestContext;
let engineer: RequestContext;
let viewer: RequestContext;
let admin: RequestContext;
let teamId: string;
let teamSlug: string;
let svc: string;
let toilToken: string;
let readToken: string;

beforeAll(async () => {
  [lead, engineer, viewer, admin] = await Promise.all([actorWith('engineer'), actorWith('engineer'), actorWith('viewer'), actorWith('admin')]);
  teamSlug = uniqueSlug('toil');
  const team = await createTeam(systemCtx, { slug: teamSlug, name: `Toil ${teamSlug}` });
  teamId = team.id;
  await addMember(systemCtx, { teamId, userId: lead.actor.id, isLead: true });
  await addMember(systemCtx, { teamId, userId: engineer.actor.id });
  svc = (await createService(systemCtx, { slug: uniqueSlug('toil-svc'), name: 'Toil checkout', teamId })).slug;
  toilToken = (await createToken(admin, { name: 'toil-bot', scopes: ['toil'] })).secret;
  readToken = (await createToken(admin, { name: 'reader', scopes: ['read'] })).secret;
  // On-call: one page a person resolved after 2 h, one acknowledged and resolved by its alert, one nobody touched, one from the previous sprint.
  const p = getPrisma();
  const at = (iso: string) => new Date(iso);
  await p.page.createMany({
    data: [
      { teamId, priority: 'P2', summary: 'disk full', status: 'resolved', pagedAt: at('2026-11-24T10:00:00Z'), acknowledgedAt: at('2026-11-24T10:05:00Z'), resolvedAt: at('2026-11-24T12:00:00Z'), resolvedById: lead.actor.id },
      { teamId, priority: 'P3', summary: 'flappy', status: 'resolved', pagedAt: at('2026-11-25T10:00:00Z'), acknowledgedAt: at('2026-11-25T10:01:00Z'), resolvedAt: at('2026-11-25T10:30:00Z') },
      { teamId, priority: 'P3', summary: 'noise', status: 'resolved', pagedAt: at('2026-11-26T10:00:00Z'), resolvedAt: at('2026-11-26T10:03:00Z') },
      { teamId, priority: 'P2', summary: 'old', status: 'resolved', pagedAt: at('2026-11-20T10:00:00Z'), acknowledgedAt: at('2026-11-20T10:00:00Z'), resolvedAt: at('2026-11-20T15:00:00Z'), resolvedById: lead.actor.id },
    ],
  });
});

describe('settings', () => {
  it('only a lead of the team (or an IC/admin) changes them, audited', async () => {
    const input = { teamId, sprintDays: 14, sprintAnchor: '2026-11-23', engineeringHours: null, pageMinutes: 15, blockFeatureWork: false };
    await expectDomainError(updateToilSettings(engineer, input), 'FORBIDDEN');
    await expectDomainError(updateToilSettings(viewer, input), 'FORBIDDEN');
    await expectIssueAt(updateToilSettings(lead, { ...input, sprintDays: 3 }), 'sprintDays');
    expect(await updateToilSettings(lead, input)).toMatchObject({ sprintDays: 14, configured: true });
    expect((await auditFor('team', teamId)).map((a) => a.action)).toContain('toil.settings');
  });
});

describe('logging and measuring', () => {
  it('counts pages: 2 h for the manual one, 15 min for the acknowledged one, nothing for the untouched one', async () => {
    const o = await getToilOverview(viewer, { sprints: 2 }, NOW);
    const t = o.teams.find((x) => x.teamId === teamId)!;
    expect(t.current).toMatchObject({ start: '2026-11-23', end: '2026-12-06', pagesHandled: 2, manualPages: 1, medianManualMinutes: 120, pageHours: 2.25, loggedHours: 0, engineeringHours: 120, band: 'healthy' });
    expect(t.trend[0]).toMatchObject({ start: '2026-11-09', pagesHandled: 1, pageHours: 5 });
    expect([t.action, t.gate]).toEqual([null, 'none']);
  });

  it('refuses bad input with the field that was wrong', async () => {
    await expectIssueAt(logToil(engineer, { team: teamSlug, hours: 0.3, what: 'x rotation' }, 'ui', NOW), 'hours');
    await expectIssueAt(logToil(engineer, { team: teamSlug, hours: 1, what: '' }, 'ui', NOW), 'what');
    await expectDomainError(logToil(engineer, { team: 'no-such-team', hours: 1, what: 'rotation' }, 'ui', NOW), 'BAD_INPUT', 'team');
    await expectDomainError(logToil(engineer, { team: teamSlug, hours: 1, what: 'rotation', day: '2026-12-07' }, 'ui', NOW), 'BAD_INPUT', 'day');
    await expectDomainError(logToil(viewer, { team: teamSlug, hours: 1, what: 'rotation' }, 'ui', NOW), 'FORBIDDEN');
  });

  it('logs through the service and the REST API until the team crosses 50 % with the seed action and the gate flags feature work', async () => {
    const first = await logToil(engineer, { team: teamSlug, hours: 30, what: 'manual certificate rotation', day: '2026-11-30' }, 'ui', NOW);
    expect(first.team.current).toMatchObject({ toilHours: 32.25, percent: 26.9, band: 'watch' });
    expect((await auditFor('team', teamId)).map((a) => a.action)).toContain('toil.log');

    const bad = await logToilResponse(post(toilToken, { team: teamSlug, hours: -1, what: 'restarts' }), noSession, NOW);
    expect(bad.status).toBe(400);
    expect((await bad.json()).issues).toEqual([{ path: 'hours', message: 'must be more than 0' }]);
    expect((await logToilResponse(post(readToken, { team: teamSlug, hours: 1, what: 'restarts' }), noSession, NOW)).status).toBe(403);
    expect((await logToilResponse(post(toilToken, '{nope'), noSession, NOW)).status).toBe(400);

    const res = await logToilResponse(post(toilToken, { team: teamSlug, hours: 30, what: 'hand-run failovers' }), noSession, NOW);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.entry).toMatchObject({ source: 'api', day: '2026-12-05', authorLabel: 'token:toil-bot' });
    expect(body.team.current).toMatchObject({ toilHours: 62.25, percent: 51.9, band: 'over' });
    expect(body.team.action).toMatch(/Halt feature work/);
    expect(body.team.gate).toBe('flag');

    const read = await toilOverviewResponse(new Request('http://runwell.local/api/v1/toil?sprints=3', { headers: { authorization: `Bearer ${readToken}` } }), noSession, NOW);
    expect(read.status).toBe(200);
    expect((await read.json()).teams.find((t: { teamId: string }) => t.teamId === teamId).trend).toHaveLength(3);

    const flagged = await previewGate(engineer, { services: [svc], tier: 'T1', at: new Date(NOW).toISOString() }, NOW);
    expect(flagged.decision).toBe('allow');
    expect(flagged.reasons.map((r) => r.code)).toContain('toil_over_budget');
  });

  it('blocks feature work once the team opts in; reliability work passes', async () => {
    await updateToilSettings(admin, { teamId, sprintDays: 14, sprintAnchor: '2026-11-23', engineeringHours: null, pageMinutes: 15, blockFeatureWork: true });
    const blocked = await previewGate(engineer, { services: [svc], tier: 'T1', at: new Date(NOW).toISOString() }, NOW);
    expect(blocked.decision).toBe('block');
    expect(blocked.reasons.find((r) => r.code === 'toil_over_budget_block')?.message).toMatch(/halts feature work until its sprint ends on 2026-12-06/);
    const reliability = await previewGate(engineer, { services: [svc], tier: 'T1', reliability: true, at: new Date(NOW).toISOString() }, NOW);
    expect(reliability.decision).toBe('allow');
    // The next sprint starts clean.
    const next = await previewGate(engineer, { services: [svc], tier: 'T1', at: '2026-12-08T12:00:00Z' }, NOW);
    expect(next.reasons.map((r) => r.code)).not.toContain('toil_over_budget_block');
  });

  it('lets the author delete an entry, not another engineer', async () => {
    const { entry } = await logToil(engineer, { team: teamSlug, hours: 1, what: 'typo entry', day: '2026-12-01' }, 'ui', NOW);
    const other = await actorWith('engineer');
    await expectDomainError(deleteToilEntry(other, { id: entry.id }), 'FORBIDDEN');
    expect(await deleteToilEntry(engineer, { id: entry.id })).toEqual({ id: entry.id });
    expect((await auditFor('team', teamId)).map((a) => a.action)).toContain('toil.delete');
  });
});
