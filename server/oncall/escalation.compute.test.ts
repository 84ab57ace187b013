import { describe, expect, it } from 'vitest';
import { escalationStatus, leadlessSteps, resolveTargets } from './escalation.compute';
import { escalationPolicySchema, type EscalationPolicy } from './oncall.schema';

const MIN = 60_000;
const paged = Date.parse('2026-03-29T00:50:00Z'); // 01:50 in Berlin, ten minutes before the clocks jump

// The seed's runbook: page on-call, after 15 min the team lead, after 30 min the VP.
const seedPolicy: EscalationPolicy = escalationPolicySchema.parse({
  name: 'payments',
  steps: [
    { afterMinutes: 0, targets: [{ type: 'schedule', scheduleId: 'payments-primary' }] },
    { afterMinutes: 15, targets: [{ type: 'team-lead' }] },
    { afterMinutes: 30, targets: [{ type: 'user', userId: 'vp-engineering' }] },
  ],
});

describe('escalationStatus', () => {
  it.each([
    { name: 'just paged', now: 0, ack: null, resolved: null, state: 'escalating', fired: [0], next: 1, nextIn: 15, cancelled: [] },
    { name: '14 min, nobody answered', now: 14, ack: null, resolved: null, state: 'escalating', fired: [0], next: 1, nextIn: 1, cancelled: [] },
    { name: '15 min: the team lead is paged', now: 15, ack: null, resolved: null, state: 'escalating', fired: [0, 1], next: 2, nextIn: 15, cancelled: [] },
    { name: '30 min: the VP is paged', now: 31, ack: null, resolved: null, state: 'exhausted', fired: [0, 1, 2], next: null, nextIn: null, cancelled: [] },
    { name: 'acknowledged at 10 min', now: 40, ack: 10, resolved: null, state: 'acknowledged', fired: [0], next: null, nextIn: null, cancelled: [1, 2] },
    { name: 'acknowledged exactly at 15 min stops the lead page', now: 40, ack: 15, resolved: null, state: 'acknowledged', fired: [0], next: null, nextIn: null, cancelled: [1, 2] },
    { name: 'acknowledged at 20 min after the lead was paged', now: 40, ack: 20, resolved: null, state: 'acknowledged', fired: [0, 1], next: null, nextIn: null, cancelled: [2] },
    { name: 'resolved without acknowledgement', now: 40, ack: null, resolved: 5, state: 'resolved', fired: [0], next: null, nextIn: null, cancelled: [1, 2] },
    { name: 'an acknowledgement after now is not known yet', now: 16, ack: 20, resolved: null, state: 'escalating', fired: [0, 1], next: 2, nextIn: 14, cancelled: [] },
  ])('$name', ({ now, ack, resolved, state, fired, next, nextIn, cancelled }) => {
    const r = escalationStatus({
      policy: seedPolicy,
      pagedAt: paged,
      acknowledgedAt: ack === null ? null : paged + ack * MIN,
      resolvedAt: resolved === null ? null : paged + resolved * MIN,
      now: paged + now * MIN,
    });
    expect(r.state).toBe(state);
    expect(r.fired.map((f) => f.step)).toEqual(fired);
    expect(r.next?.step ?? null).toBe(next);
    expect(r.next ? r.next.inMs / MIN : null).toBe(nextIn);
    expect(r.cancelled.map((c) => c.step)).toEqual(cancelled);
    expect(r.reason).toMatch(/step/);
  });

  it('step times are elapsed minutes, unaffected by the DST jump during the page', () => {
    const r = escalationStatus({ policy: seedPolicy, pagedAt: paged, acknowledgedAt: null, now: paged + 60 * MIN });
    expect(r.fired.map((f) => new Date(f.at).toISOString())).toEqual(['2026-03-29T00:50:00.000Z', '2026-03-29T01:05:00.000Z', '2026-03-29T01:20:00.000Z']);
  });

  it('schema: steps must be in increasing order', () => {
    const r = escalationPolicySchema.safeParse({ name: 'x', steps: [seedPolicy.steps[1], seedPolicy.steps[0]] });
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['steps.1.afterMinutes', 'must be later than the step before']]);
  });
});

describe('resolveTargets', () => {
  const ctx = { onCall: { 'payments-primary': 'ana', empty: null }, teamLeads: { payments: 'lea', infra: null }, owningTeamId: 'payments' };
  it.each([
    { targets: seedPolicy.steps[0]!.targets, userIds: ['ana'], unresolved: 0 },
    { targets: seedPolicy.steps[1]!.targets, userIds: ['lea'], unresolved: 0 },
    { targets: [{ type: 'team-lead' as const, teamId: 'infra' }], userIds: [], unresolved: 1 },
    { targets: [{ type: 'schedule' as const, scheduleId: 'empty' }, { type: 'user' as const, userId: 'ana' }, { type: 'schedule' as const, scheduleId: 'payments-primary' }], userIds: ['ana'], unresolved: 1 },
  ])('$targets', ({ targets, userIds, unresolved }) => {
    const r = resolveTargets(targets, ctx);
    expect(r.userIds).toEqual(userIds);
    expect(r.unresolved).toHaveLength(unresolved);
  });

  it('a team-lead target without an owning team names nobody', () => {
    expect(resolveTargets([{ type: 'team-lead' }], { ...ctx, owningTeamId: null }).unresolved[0]).toMatch(/no owning team/);
  });
});

describe('leadlessSteps', () => {
  const teams = [
    { id: 'pay', name: 'Payments', leadIds: ['u1'] },
    { id: 'chk', name: 'Checkout', leadIds: [] },
  ];
  it.each([
    { name: 'a lead-less policy team: its "team lead" step pages nobody', policyTeam: 'chk', targets: [{ type: 'team-lead' as const }], want: [{ step: 1, teamName: 'Checkout' }] },
    { name: 'a team with a lead: no warning', policyTeam: 'pay', targets: [{ type: 'team-lead' as const }], want: [] },
    { name: 'an explicit team overrides the policy team', policyTeam: 'pay', targets: [{ type: 'team-lead' as const, teamId: 'chk' }], want: [{ step: 1, teamName: 'Checkout' }] },
    { name: 'people and schedules are not team leads', policyTeam: 'chk', targets: [{ type: 'user' as const, userId: 'u9' }], want: [] },
  ])('$name', ({ policyTeam, targets, want }) => {
    const steps = [{ targets: [{ type: 'schedule' as const, scheduleId: 's' }] }, { targets }];
    expect(leadlessSteps(steps, policyTeam, teams)).toEqual(want);
  });
});
