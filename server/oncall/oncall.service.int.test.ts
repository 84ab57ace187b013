import { beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { actorWith, auditFor, rejection, uniqueSlug } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import { addOverride, deleteOverride, deletePolicy, deleteSchedule, oncallOverview, savePolicy, saveSchedule, setBusinessHours } from './oncall.service';

// Schedules, overrides, policies and business hours through the service: the
// oncall zod schemas validate by path, people must exist, every change is audited,
// and the overview answers "who is on call now, who is next" from the stored rows.

const HOUR = 3_600_000;
let engineer: Awaited<ReturnType<typeof actorWith>>;
let viewer: Awaited<ReturnType<typeof actorWith>>;
let teamId = '';
const people: string[] = [];

beforeAll(async () => {
  engineer = await actorWith('engineer');
  viewer = await actorWith('viewer');
  const p = getPrisma();
  teamId = (await p.team.create({ data: { slug: uniqueSlug('oncall'), name: 'On-call team' } })).id;
  for (const n of ['ann', 'ben', 'cat']) people.push((await p.user.create({ data: { email: `${uniqueSlug(n)}@oncall.test`, name: n } })).id);
});

const weekly = (participants: string[]) => ({ name: 'Primary week', turn: { type: 'weekly' as const }, handoffTime: '09:00', timeZone: 'Europe/Berlin', startDate: '2026-03-02', participants });

describe('on-call service', () => {
  it('creates, reads, edits and deletes a schedule with audit; now and next across the DST change', async () => {
    const { id } = await saveSchedule(engineer, { teamId, name: 'Primary', layers: [weekly(people)] });
    // Monday 30 March 2026 after the spring change: hand-off at 09:00 CEST = 07:00Z; week 5 -> ben.
    const now = Date.parse('2026-03-30T08:00:00Z');
    const view = await oncallOverview(viewer, { teamId, days: 14 }, now);
    const s = view.schedules.find((x) => x.id === id)!;
    expect(s.now.userId).toBe(people[1]);
    expect(new Date(s.now.since).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(s.now.next).toEqual({ at: Date.parse('2026-04-06T07:00:00Z'), userId: people[2] });
    expect(s.calendar.gaps).toEqual([]);
    expect(s.calendar.layers[0]!.shifts.length).toBeGreaterThanOrEqual(2);

    await saveSchedule(engineer, { id, teamId, name: 'Primary', layers: [weekly([people[2]!])] });
    const after = (await oncallOverview(viewer, { teamId }, now)).schedules.find((x) => x.id === id)!;
    expect(after.now.userId).toBe(people[2]);

    // An override wins over the layers and shows as the current person.
    const o = await addOverride(engineer, { scheduleId: id, userId: people[0]!, start: new Date(now - HOUR), end: new Date(now + HOUR), reason: 'swap' });
    const overridden = (await oncallOverview(viewer, { teamId }, now)).schedules.find((x) => x.id === id)!;
    expect(overridden.now.userId).toBe(people[0]);
    expect(overridden.calendar.shifts[0]).toMatchObject({ userId: people[0], source: 'override' });
    await deleteOverride(engineer, { id: o.id });

    await deleteSchedule(engineer, { id });
    expect((await oncallOverview(viewer, { teamId }, now)).schedules.find((x) => x.id === id)).toBeUndefined();
    expect((await auditFor('oncall_schedule', id)).map((a) => a.action)).toEqual([
      'oncall.schedule.create',
      'oncall.schedule.update',
      'oncall.override.create',
      'oncall.override.delete',
      'oncall.schedule.delete',
    ]);
  });

  it('validates by path and refuses unknown people, duplicates and viewers', async () => {
    const bad = await rejection(saveSchedule(engineer, { teamId, name: '', layers: [{ ...weekly([]), handoffTime: '25:00', timeZone: 'Mars/Base' }] }));
    expect(bad).toBeInstanceOf(ZodError);
    expect((bad as ZodError).issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['name', 'layers.0.handoffTime', 'layers.0.timeZone', 'layers.0.participants']));
    expect(await rejection(saveSchedule(engineer, { teamId, name: 'X', layers: [weekly(['nobody'])] }))).toMatchObject({ code: 'BAD_INPUT', field: 'layers.0.participants' });
    await saveSchedule(engineer, { teamId, name: 'Dup', layers: [weekly(people)] });
    expect(await rejection(saveSchedule(engineer, { teamId, name: 'Dup', layers: [weekly(people)] }))).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(await rejection(saveSchedule(viewer, { teamId, name: 'V', layers: [weekly(people)] }))).toMatchObject({ code: 'FORBIDDEN' });
    const o = await rejection(addOverride(engineer, { scheduleId: 'x', userId: people[0]!, start: new Date(10 * HOUR), end: new Date(HOUR) }));
    expect((o as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['end']);
  });

  it('refuses overrides from an API token with the pages scope (it may only answer pages)', async () => {
    const { id } = await saveSchedule(engineer, { teamId, name: 'Token swap', layers: [weekly(people)] });
    const bot = { actor: { kind: 'token' as const, id: 'tok-pages', name: 'chatops', scopes: ['pages' as const] }, requestId: null };
    const refused = await rejection(addOverride(bot, { scheduleId: id, userId: people[0]!, start: new Date(HOUR), end: new Date(2 * HOUR) }));
    expect(refused).toMatchObject({ code: 'FORBIDDEN', message: 'API tokens may not add on-call overrides; sign in to do it' });
    const o = await addOverride(engineer, { scheduleId: id, userId: people[0]!, start: new Date(HOUR), end: new Date(2 * HOUR) });
    expect(await rejection(deleteOverride(bot, { id: o.id }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(await getPrisma().scheduleOverride.count({ where: { scheduleId: id } })).toBe(1);
  });

  it('keeps one default escalation policy per team, with ordered steps', async () => {
    const { id: scheduleId } = await saveSchedule(engineer, { teamId, name: 'For policy', layers: [weekly(people)] });
    const steps = [
      { afterMinutes: 0, targets: [{ type: 'schedule', scheduleId }] },
      { afterMinutes: 15, targets: [{ type: 'team-lead' }] },
      { afterMinutes: 30, targets: [{ type: 'user', userId: people[2]! }] },
    ];
    const a = await savePolicy(engineer, { teamId, name: 'Seed', steps });
    const b = await savePolicy(engineer, { teamId, name: 'Night', steps: steps.slice(0, 1), isDefault: true });
    const policies = (await oncallOverview(viewer, { teamId })).policies;
    expect(policies.filter((p) => p.isDefault).map((p) => p.id)).toEqual([b.id]);
    expect(policies.find((p) => p.id === a.id)!.steps.map((s) => s.afterMinutes)).toEqual([0, 15, 30]);
    const unordered = await rejection(savePolicy(engineer, { teamId, name: 'Bad', steps: [steps[1]!, steps[0]!] }));
    expect((unordered as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['steps.1.afterMinutes']);
    expect(await rejection(savePolicy(engineer, { teamId, name: 'Ghost', steps: [{ afterMinutes: 0, targets: [{ type: 'user', userId: 'ghost' }] }] }))).toMatchObject({ field: 'steps.0.targets.0' });
    await deletePolicy(engineer, { id: a.id });
    expect((await auditFor('escalation_policy', a.id)).map((x) => x.action)).toEqual(['oncall.policy.create', 'oncall.policy.delete']);
  });

  it('stores business hours per team for triage', async () => {
    await setBusinessHours(engineer, { teamId, hours: { days: [5, 1, 2], start: '08:00', end: '16:00', timeZone: 'America/New_York' } });
    const team = (await oncallOverview(viewer, { teamId })).teams.find((t) => t.id === teamId)!;
    expect(team.businessHours).toEqual({ days: [1, 2, 5], start: '08:00', end: '16:00', timeZone: 'America/New_York' });
    const bad = await rejection(setBusinessHours(engineer, { teamId, hours: { days: [1], start: '17:00', end: '09:00', timeZone: 'UTC' } }));
    expect((bad as ZodError).issues.map((i) => i.path.join('.'))).toEqual(['hours.end']);
    expect((await auditFor('team', teamId)).map((a) => a.action)).toContain('oncall.business_hours.update');
  });
});
