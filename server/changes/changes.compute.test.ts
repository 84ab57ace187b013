import { describe, expect, it } from 'vitest';
import type { BandOrNoData } from '../lib/policy-bands';
import { checkTransition, exitCodeFor, gateDecision, outstanding, statusForDecision, type GateFacts } from './changes.compute';
import type { FreezeRule } from './freeze.compute';
import type { Decision, Tier } from './changes.schema';

const weekend: FreezeRule = { id: 'w', name: 'Weekend freeze', kind: 'weekly', tiers: ['T2', 'T3'], timeZone: 'Europe/Berlin', startDay: 5, startMinute: 900, endDay: 1, endMinute: 540 };
const WEDNESDAY = Date.parse('2026-01-21T12:00:00Z');
const SATURDAY = Date.parse('2026-01-17T12:00:00Z');
const REMAINING: Record<BandOrNoData, number | null> = { normal: 80, caution: 40, restricted: 15, freeze: 5, exhausted: -3, 'no-data': null };

function facts(over: Partial<GateFacts> & { band?: BandOrNoData } = {}): GateFacts {
  const band = over.band ?? 'normal';
  return {
    tier: 'T1',
    reliability: false,
    at: WEDNESDAY,
    services: [{ id: 's1', name: 'checkout' }],
    freezes: [weekend],
    budgets: [{ serviceId: 's1', serviceName: 'checkout', band, remainingPercent: REMAINING[band], slo: 'availability' }],
    overduePostmortems: [],
    approvals: [],
    authorId: 'author',
    hasRunbook: true,
    cabSize: 2,
    ...over,
  };
}

describe('gate: budget band x tier x reliability (on a Wednesday, no approvals yet)', () => {
  // [band, tier, reliability, decision, outstanding requirements]
  const rows: [BandOrNoData, Tier, boolean, Decision, string[]][] = [
    ['normal', 'T1', false, 'allow', []],
    ['normal', 'T2', false, 'needs_approval', ['team_lead']],
    ['normal', 'T3', false, 'needs_approval', ['cab']],
    ['caution', 'T1', false, 'allow', []],
    ['caution', 'T2', false, 'needs_approval', ['team_lead']],
    ['caution', 'T3', false, 'needs_approval', ['cab', 'extra_review']],
    ['restricted', 'T1', false, 'allow', []],
    ['restricted', 'T2', false, 'needs_approval', ['team_lead', 'executive']],
    ['restricted', 'T3', false, 'block', ['cab']],
    ['restricted', 'T3', true, 'block', ['cab']],
    ['freeze', 'T1', false, 'block', []],
    ['freeze', 'T2', false, 'block', ['team_lead']],
    ['freeze', 'T3', false, 'block', ['cab']],
    ['freeze', 'T1', true, 'allow', []],
    ['freeze', 'T2', true, 'needs_approval', ['team_lead']],
    ['exhausted', 'T1', false, 'block', []],
    ['exhausted', 'T1', true, 'allow', []],
    ['exhausted', 'T3', true, 'needs_approval', ['cab']],
    ['no-data', 'T1', false, 'allow', []],
    ['no-data', 'T3', false, 'needs_approval', ['cab']],
  ];
  it.each(rows)('%s budget, %s, reliability=%s -> %s %j', (band, tier, reliability, decision, requires) => {
    const r = gateDecision(facts({ band, tier, reliability }));
    expect(r.decision).toBe(decision);
    expect(r.requires).toEqual(requires);
    expect(r.band).toBe(band);
    expect(r.budgetRemaining).toBe(REMAINING[band]);
  });

  it('says why when there is no SLO data', () => {
    expect(gateDecision(facts({ band: 'no-data' })).reasons.map((r) => r.code)).toContain('budget_unknown');
  });

  it('takes the worst band of several services', () => {
    const r = gateDecision(
      facts({
        tier: 'T2',
        budgets: [
          { serviceId: 's1', serviceName: 'checkout', band: 'normal', remainingPercent: 90 },
          { serviceId: 's2', serviceName: 'payments', band: 'restricted', remainingPercent: 12, slo: 'latency' },
          { serviceId: 's3', serviceName: 'search', band: 'no-data', remainingPercent: null },
        ],
      }),
    );
    expect(r.band).toBe('restricted');
    expect(r.reasons.find((x) => x.code === 'budget_restricted')?.message).toContain('payments (latency) has 12 %');
  });
});

describe('gate: freeze windows and post-mortems', () => {
  it.each([
    ['T1', false, 'allow'],
    ['T2', false, 'hold'],
    ['T3', false, 'hold'],
    ['T2', true, 'needs_approval'],
  ] as const)('Saturday, %s reliability=%s -> %s', (tier, reliability, decision) => {
    const r = gateDecision(facts({ tier, reliability, at: SATURDAY }));
    expect(r.decision).toBe(decision);
    if (decision === 'hold') expect(r.freeze).toMatchObject({ name: 'Weekend freeze', untilLocal: 'Mon 2026-01-19 09:00 Europe/Berlin' });
  });

  it('a budget block outranks a freeze hold, and both reasons are given', () => {
    const r = gateDecision(facts({ tier: 'T3', band: 'restricted', at: SATURDAY }));
    expect(r.decision).toBe('block');
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(['budget_restricted', 'freeze_weekly']));
  });

  it.each([
    ['T1', false, 'allow'],
    ['T2', false, 'hold'],
    ['T3', false, 'hold'],
    ['T2', true, 'needs_approval'],
  ] as const)('overdue post-mortem on the service, %s reliability=%s -> %s', (tier, reliability, decision) => {
    const r = gateDecision(facts({ tier, reliability, overduePostmortems: [{ serviceId: 's1', serviceName: 'checkout' }] }));
    expect(r.decision).toBe(decision);
  });
});

describe('gate: approvals and override', () => {
  it('a T2 passes with a team lead approval that is not the author', () => {
    expect(gateDecision(facts({ tier: 'T2', approvals: [{ kind: 'team_lead', userId: 'author' }] })).decision).toBe('needs_approval');
    expect(gateDecision(facts({ tier: 'T2', approvals: [{ kind: 'team_lead', userId: 'lead' }] })).decision).toBe('allow');
  });

  it('a T3 needs N distinct CAB approvers and a runbook', () => {
    const one = [{ kind: 'cab' as const, userId: 'a' }];
    const two = [...one, { kind: 'cab' as const, userId: 'b' }];
    expect(outstanding(['cab', 'runbook'], { approvals: one, cabSize: 2, hasRunbook: true })).toEqual(['cab']);
    expect(outstanding(['cab', 'runbook'], { approvals: [...one, ...one], cabSize: 2, hasRunbook: true })).toEqual(['cab']);
    expect(outstanding(['cab', 'runbook'], { approvals: two, cabSize: 2, hasRunbook: false })).toEqual(['runbook']);
    expect(gateDecision(facts({ tier: 'T3', approvals: two })).decision).toBe('allow');
  });

  it('a break-glass override allows and keeps the reasons it overrode', () => {
    const r = gateDecision(facts({ tier: 'T2', at: SATURDAY, override: { reason: 'Payment outage fix', by: 'Ada' } }));
    expect(r.decision).toBe('allow');
    expect(r.overridden).toBe(true);
    expect(r.requires).toEqual([]);
    expect(r.reasons.map((x) => x.code)).toEqual(expect.arrayContaining(['freeze_weekly', 'override']));
  });

  it('gives the tier rollback SLA', () => {
    expect(gateDecision(facts({ tier: 'T2' })).rollbackSla).toBe('< 15 min via GitOps revert');
  });
});

describe('statuses', () => {
  it.each([
    ['allow', 'approved', 0],
    ['needs_approval', 'pending_approval', 0],
    ['hold', 'held', 1],
    ['block', 'blocked', 1],
  ] as const)('%s -> status %s, CLI exit %i', (decision, status, exit) => {
    expect(statusForDecision(decision)).toBe(status);
    expect(exitCodeFor(decision)).toBe(exit);
  });

  it.each([
    ['approved', 'in_progress', true],
    ['in_progress', 'succeeded', true],
    ['in_progress', 'rolled_back', true],
    ['succeeded', 'rolled_back', true],
    ['held', 'in_progress', false],
    ['blocked', 'succeeded', false],
    ['succeeded', 'in_progress', false],
  ] as const)('%s -> %s allowed %s', (from, to, ok) => {
    expect(checkTransition(from, to) === null).toBe(ok);
  });
});

describe('gate: toil over budget (server/toil signal)', () => {
  const over = (blocking: boolean) => [{ teamName: 'Payments', percent: 62.5, blocking, sprintEnd: '2026-01-25' }];
  // [toil, reliability, decision, reason code or null]
  const rows: [GateFacts['toil'], boolean, Decision, string | null][] = [
    [[], false, 'allow', null],
    [over(false), false, 'allow', 'toil_over_budget'],
    [over(true), false, 'block', 'toil_over_budget_block'],
    [over(true), true, 'allow', null],
    [over(false), true, 'allow', null],
  ];
  it.each(rows)('toil %o, reliability %s -> %s (%s)', (toil, reliability, decision, code) => {
    const r = gateDecision(facts({ toil, reliability }));
    expect(r.decision).toBe(decision);
    const toilReasons = r.reasons.filter((x) => x.code.startsWith('toil_'));
    expect(toilReasons.map((x) => x.code)).toEqual(code ? [code] : []);
    if (code) expect(toilReasons[0]!.message).toMatch(/Payments spends 62.5 % .*halt(s)? feature work/);
  });
});
