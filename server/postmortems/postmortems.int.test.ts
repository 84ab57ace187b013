import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, expectDomainError, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import type { RequestContext } from '../lib/request-context';
import { createService } from '../catalog/catalog.service';
import { getPrisma } from '../db';
import { declareIncident, getIncident, listIncidents, transition } from '../incidents/incidents.service';
import { addServices, postStatusUpdate } from '../incidents/incident-console.service';
import { setNoticeSenders } from '../paging/notify.service';
import { saveChannel } from '../paging/paging.service';
import { networkSenders, type Senders } from '../paging/senders';
import { createTeam } from '../teams/teams.service';
import { createActionItem, listActionItems, updateActionItem } from './action-items.service';
import { move } from './postmortem-review.service';
import { listPostmortems, openPostmortem, postmortemAsMarkdown, saveSections, servicesWithOverduePostmortem } from './postmortems.service';
import { runReminders } from './reminders.service';
import { seenBefore } from './seen-before.service';

const H = 3_600_000;
const M = 60_000;
const t0 = Date.parse('2026-06-01T10:00:00Z');
const sent: { url: string; body: { type?: string; subject?: string; text?: string } }[] = [];
const fakeSenders: Senders = {
  webhook: async (url, body) => {
    sent.push({ url, body: body as (typeof sent)[number]['body'] });
    return 'HTTP 200';
  },
  email: async () => 'accepted',
};

let ic: RequestContext;
let reviewer: RequestContext;
let viewer: RequestContext;
let engineer: RequestContext;
let admin: RequestContext;
let serviceId: string;
let teamId: string;

beforeAll(async () => {
  setNoticeSenders(fakeSenders);
  [ic, reviewer, viewer, engineer, admin] = await Promise.all([actorWith('incident_commander', 'pm.test'), actorWith('incident_commander', 'pm.test'), actorWith('viewer', 'pm.test'), actorWith('engineer', 'pm.test'), actorWith('admin', 'pm.test')]);
  const team = await createTeam(systemCtx, { slug: uniqueSlug('pm-team'), name: 'PM team' });
  teamId = team.id;
  serviceId = (await createService(systemCtx, { slug: uniqueSlug('pm-svc'), name: 'PM checkout', teamId })).id;
});
afterAll(() => setNoticeSenders(networkSenders));

async function resolvedIncident(title: string, severity: 'P1' | 'P2' | 'P3' = 'P2') {
  const inc = await declareIncident(ic, { title, severity, serviceIds: [serviceId], startedAt: new Date(t0) }, t0 + 5 * M);
  await transition(ic, { id: inc.id, to: 'investigating' }, t0 + 6 * M);
  await transition(ic, { id: inc.id, to: 'resolved' }, t0 + 50 * M);
  return inc;
}

describe('post-mortem lifecycle', () => {
  it('starts pre-filled when the incident resolves, owned by the declarer (made commander), due 48 h later', async () => {
    const inc = await resolvedIncident(uniqueSlug('Checkout 5xx'));
    expect(inc.roles.commander).toBe(ic.actor.id);
    const open = await openPostmortem(ic, inc.id, t0 + H);
    const pm = open.postmortem;
    expect(pm).toMatchObject({ state: 'draft', required: true, requiredReasons: ['P2 incident'], version: 1, owner: { id: ic.actor.id } });
    expect(pm.dueAt).toBe(t0 + 50 * M + 48 * H);
    expect(pm.sections.detection).toContain('MTTD');
    expect(pm.sections.timeline).toContain('Investigating → Resolved');
    expect(open.facts.durations.mttr).toBe(50 * M);
    // A P2 with a service paged its team (no policy: the pager falls back to the team's schedules).
    expect(await getPrisma().page.count({ where: { incidentId: inc.id, teamId } })).toBe(1);
    // Viewers see nothing until it is published.
    await expectDomainError(openPostmortem(viewer, inc.id, t0 + H), 'NOT_FOUND');
    expect((await listPostmortems(viewer, { teamId })).items.map((p) => p.id)).not.toContain(pm.id);
  });

  it('never loses a write: concurrent saves of different sections merge, the same section conflicts with both texts', async () => {
    const inc = await resolvedIncident(uniqueSlug('Concurrent'));
    const { postmortem: pm } = await openPostmortem(ic, inc.id, t0 + H);
    const [a, b] = await Promise.all([
      saveSections(ic, { id: pm.id, baseVersion: 1, sections: { summary: 'Summary by A' } }),
      saveSections(reviewer, { id: pm.id, baseVersion: 1, sections: { rootCause: 'Root cause by B' } }),
    ]);
    expect([a.version, b.version].sort()).toEqual([2, 3]);
    const after = (await openPostmortem(ic, inc.id, t0 + H)).postmortem;
    expect(after.sections).toMatchObject({ summary: 'Summary by A', rootCause: 'Root cause by B' });
    expect(after.version).toBe(3);

    await saveSections(reviewer, { id: pm.id, baseVersion: 3, sections: { summary: 'Summary by B' } });
    const conflict = await expectDomainError(saveSections(ic, { id: pm.id, baseVersion: 3, sections: { summary: 'Summary by A again', lessons: 'L' } }), 'CONFLICT');
    expect(conflict.details).toMatchObject({ version: 4, conflicts: [{ key: 'summary', theirs: 'Summary by B', mine: 'Summary by A again' }] });
    const stored = (await openPostmortem(ic, inc.id, t0 + H)).postmortem;
    expect(stored.sections.summary).toBe('Summary by B');
    expect(stored.sections.lessons).toBe('');
    // Resolved by saving on top of the version shown in the conflict.
    expect((await saveSections(ic, { id: pm.id, baseVersion: 4, sections: { summary: 'Merged summary', lessons: 'L' } })).version).toBe(5);
    expect((await openPostmortem(ic, inc.id, t0 + H)).revisions.map((r) => r.version)).toEqual([5, 4, 3, 2, 1]);
  });

  it('goes through review: not by the owner, publish records who and when, viewers then read it', async () => {
    const inc = await resolvedIncident(uniqueSlug('Reviewed'));
    const { postmortem: pm } = await openPostmortem(ic, inc.id, t0 + H);
    await createActionItem(ic, { postMortemId: pm.id, title: 'Alert on cart client timeouts', type: 'detect', ownerId: engineer.actor.id, dueAt: new Date(t0 + 10 * 24 * H) });
    await createActionItem(ic, { postMortemId: pm.id, title: 'Canary the client config', type: 'prevent', priority: 'P1', ownerId: ic.actor.id });
    await expectDomainError(move(ic, 'submit', { id: pm.id, reviewerIds: [ic.actor.id] }), 'BAD_INPUT', 'reviewerIds');
    await move(ic, 'submit', { id: pm.id, reviewerIds: [reviewer.actor.id] }, t0 + 2 * H);
    await expectDomainError(saveSections(ic, { id: pm.id, baseVersion: 1, sections: { summary: 'late edit' } }), 'BAD_INPUT');
    await expectDomainError(move(ic, 'approve', { id: pm.id }), 'BAD_INPUT');
    await expectDomainError(move(ic, 'publish', { id: pm.id }), 'BAD_INPUT');
    await move(reviewer, 'approve', { id: pm.id, comment: 'Clear and blameless' }, t0 + 3 * H);
    const published = await move(reviewer, 'publish', { id: pm.id }, t0 + 4 * H);
    expect(published).toMatchObject({ state: 'published', publishedAt: t0 + 4 * H, publishedBy: { id: reviewer.actor.id } });
    const read = await openPostmortem(viewer, inc.id, t0 + 5 * H);
    expect(read.postmortem.state).toBe('published');
    expect(read.actionItems).toHaveLength(2);
    expect(read.editable).toBe(false);
    const md = await postmortemAsMarkdown(viewer, pm.id);
    expect(md).toContain('| Alert on cart client timeouts | detect | P2 |');
    expect((await auditFor('postmortem', pm.id)).map((e) => e.action)).toEqual(expect.arrayContaining(['postmortem.create', 'postmortem.submit', 'postmortem.approve', 'postmortem.publish']));
    expect((await getIncident(viewer, inc.id)).timeline.map((e) => e.text)).toContain(`Post-mortem published by ${reviewer.actor.kind === 'user' ? reviewer.actor.name : ''}`);
  });

  it('holds changes for an overdue P1/P2 post-mortem until it is published (servicesWithOverduePostmortem)', async () => {
    const own = (await createService(systemCtx, { slug: uniqueSlug('pm-gate'), name: 'Gate svc', teamId })).id;
    const inc = await declareIncident(ic, { title: uniqueSlug('Gate'), severity: 'P1', serviceIds: [own], startedAt: new Date(t0) }, t0);
    await transition(ic, { id: inc.id, to: 'resolved' }, t0 + H);
    expect(await servicesWithOverduePostmortem([own], t0 + 2 * H)).toEqual(new Set());
    expect(await servicesWithOverduePostmortem([own], t0 + 50 * H)).toEqual(new Set([own]));
    const listed = await listIncidents(ic, { state: 'all', search: inc.title });
    expect(listed[0]!.postmortemOverdue).toBe(true);
    expect((await listPostmortems(ic, { overdue: true, serviceId: own })).total).toBe(1);
  });
});

describe('reminders and overdue action items', () => {
  it('reminds the owner once per stage through the channels that cover them, and the action item owner when overdue', async () => {
    await saveChannel(admin, { kind: 'webhook', name: uniqueSlug('pm-hook'), url: 'http://127.0.0.1:9/pm-reminders', scope: { userIds: [ic.actor.id, engineer.actor.id], teamIds: [] } });
    const inc = await resolvedIncident(uniqueSlug('Remind me'));
    const { postmortem: pm } = await openPostmortem(ic, inc.id, t0 + H);
    const item = await createActionItem(ic, { postMortemId: pm.id, title: 'Fix the timeout', type: 'mitigate', ownerId: engineer.actor.id, dueAt: new Date(t0 + 24 * H) });
    // Earlier tests' post-mortems (same owner) get their own reminders; follow this one and its item.
    const mine = () => sent.filter((s) => s.url.endsWith('/pm-reminders') && (s.body.subject?.includes(inc.title) || s.body.subject?.includes('Fix the timeout')));
    const due = pm.dueAt!;

    await runReminders(due - 30 * H);
    expect(mine()).toHaveLength(0);
    await runReminders(due - 23 * H);
    expect(mine().map((s) => s.body.subject)).toEqual([expect.stringMatching(/is due within 24 hours$/), expect.stringMatching(/^Action item overdue: Fix the timeout/)]);
    await runReminders(due - 22 * H);
    expect(mine()).toHaveLength(2);
    await runReminders(due + M);
    expect(mine().at(-1)!.body).toMatchObject({ type: 'runwell.notice', event: 'postmortem.reminder' });
    expect(mine().at(-1)!.body.subject).toMatch(/is overdue$/);
    expect(mine()).toHaveLength(3);

    await updateActionItem(engineer, { id: item.id, status: 'done' });
    await expectDomainError(updateActionItem(engineer, { id: item.id, title: 'Renamed' }), 'FORBIDDEN');
    await expectDomainError(updateActionItem(ic, { id: item.id, status: 'wont_do' }), 'BAD_INPUT', 'wontDoReason');
    const list = await listActionItems(ic, { teamId, status: 'done' });
    expect(list.items.map((i) => i.id)).toContain(item.id);
  });
});

describe('incident console', () => {
  it('merges a duplicate: its timeline, alerts and services move to the target, audited', async () => {
    const other = (await createService(systemCtx, { slug: uniqueSlug('pm-merge'), name: 'Merge svc', teamId })).id;
    const alert = await getPrisma().alert.create({ data: { fingerprint: uniqueSlug('fp'), startsAt: new Date(t0), alertname: 'DupAlert', status: 'firing', labels: {}, annotations: {}, receivedAt: new Date(t0), lastSeenAt: new Date(t0) } });
    const dup = await declareIncident(ic, { title: uniqueSlug('Dup'), severity: 'P3', alertIds: [alert.id], serviceIds: [other] }, t0);
    const target = await declareIncident(ic, { title: uniqueSlug('Target'), severity: 'P3' }, t0);
    await expectDomainError(transition(ic, { id: dup.id, to: 'merged', mergedInto: dup.id }), 'BAD_INPUT', 'mergedInto');
    const merged = await transition(ic, { id: dup.id, to: 'merged', mergedInto: target.id }, t0 + M);
    expect(merged.state).toBe('merged');
    const t = await getIncident(ic, target.id);
    expect(t.alerts.map((a) => a.id)).toEqual([alert.id]);
    expect(t.incident.services.map((s) => s.id)).toEqual([other]);
    expect(t.timeline.map((e) => e.text)).toEqual(expect.arrayContaining(['DupAlert fired', expect.stringMatching(/^Incident #\d+ .* merged into this one: \d+ timeline entries, 1 alerts and 1 services moved here$/)]));
    expect((await auditFor('incident', dup.id)).map((e) => e.action)).toContain('incident.merge');
  });

  it('adds services later (a P1 pages their team) and posts stakeholder updates to the timeline and the team channels', async () => {
    const team2 = await createTeam(systemCtx, { slug: uniqueSlug('pm-team2'), name: 'Payments' });
    const svc2 = (await createService(systemCtx, { slug: uniqueSlug('pm-pay'), name: 'Payments API', teamId: team2.id })).id;
    await saveChannel(admin, { kind: 'slack', name: uniqueSlug('pm-room'), url: 'http://127.0.0.1:9/pm-room', scope: { userIds: [], teamIds: [team2.id] } });
    const inc = await declareIncident(ic, { title: uniqueSlug('Manual P1'), severity: 'P1' }, t0);
    expect(await getPrisma().page.count({ where: { incidentId: inc.id } })).toBe(0);
    expect((await addServices(ic, { id: inc.id, serviceIds: [svc2] }, t0 + M)).pagesOpened).toBe(1);
    expect((await addServices(ic, { id: inc.id, serviceIds: [svc2] }, t0 + 2 * M)).pagesOpened).toBe(0);
    await expectDomainError(postStatusUpdate(engineer, { id: inc.id, text: 'Payments degraded' }), 'FORBIDDEN');
    const update = await postStatusUpdate(ic, { id: inc.id, text: 'Card payments failing for ~5 % of users; rollback in progress.' }, t0 + 3 * M);
    expect(update.sent.length).toBeGreaterThanOrEqual(1);
    expect(sent.find((s) => s.url.endsWith('/pm-room'))?.body.text).toMatch(/^Update on #\d+/);
    const detail = await getIncident(ic, inc.id);
    expect(detail.timeline.find((e) => e.kind === 'update')?.text).toBe('Card payments failing for ~5 % of users; rollback in progress.');
  });
});

describe('demo post-mortems', () => {
  it('publishes one with action items partly done and leaves the other as an overdue draft, once', async () => {
    const { writeDemoPostmortems } = await import('../seed/demo-postmortems.service');
    const now = Date.now();
    const mk = async (title: string, severity: 'P2' | 'P3', daysAgo: number) => {
      const start = now - daysAgo * 24 * H;
      const inc = await declareIncident(ic, { title, severity, serviceIds: [serviceId], startedAt: new Date(start) }, start + M);
      await transition(ic, { id: inc.id, to: 'resolved' }, start + H);
      return { ...inc, times: { ...inc.times, resolvedAt: start + H } };
    };
    const checkout = await mk(uniqueSlug('Demo checkout'), 'P2', 3);
    const payments = await mk(uniqueSlug('Demo payments'), 'P3', 9);
    const people = { commander: ic, admin, engineerId: engineer.actor.id };
    expect(await writeDemoPostmortems({ checkout, payments }, people)).toEqual([checkout.title, payments.title]);
    expect(await writeDemoPostmortems({ checkout, payments }, people)).toEqual([]);
    const published = await openPostmortem(viewer, checkout.id);
    expect(published.postmortem).toMatchObject({ state: 'published', publishedBy: { id: admin.actor.id } });
    expect(published.actionItems.map((a) => a.status).sort()).toEqual(['done', 'in_progress', 'open']);
    const draft = (await openPostmortem(ic, payments.id)).postmortem;
    expect(draft).toMatchObject({ state: 'draft', required: true, overdue: true });
  });
});

describe('seen before', () => {
  it("lists past post-mortems of the same service with their open action items; viewers see published ones only", async () => {
    const ownService = (await createService(systemCtx, { slug: uniqueSlug('seen-svc'), name: 'Seen before svc', teamId })).id;
    const declare = async (title: string, at: number) => {
      const inc = await declareIncident(ic, { title, severity: 'P2', serviceIds: [ownService], startedAt: new Date(at) }, at + M);
      await transition(ic, { id: inc.id, to: 'resolved' }, at + 30 * M);
      return inc;
    };
    const past = await declare(uniqueSlug('Past outage'), t0 - 48 * H);
    const pastPm = (await openPostmortem(ic, past.id, t0 - 40 * H)).postmortem;
    await createActionItem(ic, { postMortemId: pastPm.id, title: 'Add a retry budget', type: 'prevent', dueAt: t0 - 24 * H }, t0 - 40 * H);
    const now = await declare(uniqueSlug('Same again'), t0);

    const seen = await seenBefore(ic, now.id, t0 + H);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ incident: { id: past.id }, match: 'service', sharedServices: ['Seen before svc'], openActionItems: 1, actionItems: [{ title: 'Add a retry budget', overdue: true }] });
    // The draft is hidden from a viewer until it is published.
    expect(await seenBefore(viewer, now.id, t0 + H)).toEqual([]);
    // Only earlier incidents are precedents.
    expect(await seenBefore(ic, past.id, t0 + H)).toEqual([]);
  });
});

describe('pre-fill with the change ledger', () => {
  it("names the affected service's deployed changes of the 24 h before impact, not older or undeployed ones", async () => {
    const svc = (await createService(systemCtx, { slug: uniqueSlug('chg-svc'), name: 'Changed svc', teamId })).id;
    const start = t0 + 30 * 24 * H;
    const change = (title: string, status: 'succeeded' | 'blocked' | 'rolled_back', at: number) =>
      getPrisma().change.create({ data: { title, tier: 'T2', authorLabel: 'ci', requestedAt: new Date(at), startedAt: status === 'blocked' ? null : new Date(at), status, decision: 'allow', decidedAt: new Date(at), services: { create: [{ serviceId: svc }] } } });
    await change('Cart client 2.4', 'succeeded', start - 2 * H);
    await change('Flag flip', 'rolled_back', start - 20 * H);
    await change('Blocked one', 'blocked', start - H);
    await change('Last week', 'succeeded', start - 7 * 24 * H);
    const inc = await declareIncident(ic, { title: uniqueSlug('After a deploy'), severity: 'P2', serviceIds: [svc], startedAt: new Date(start) }, start + 5 * M);
    await transition(ic, { id: inc.id, to: 'resolved' }, start + 40 * M);
    const open = await openPostmortem(ic, inc.id, start + H);
    expect(open.facts.changes.map((c) => c.title)).toEqual(['Flag flip', 'Cart client 2.4']);
    expect(open.postmortem.sections.timeline).toContain('change: [Cart client 2.4](/changes/');
  });
});
