import { describe, expect, it } from 'vitest';
import type { BusinessHours } from '../oncall/oncall.schema';
import { budgetForAlert, sloBurnSignal, triageAlert, type SloBudget, type TriageInput } from './triage.compute';

const Z = (iso: string) => Date.parse(iso);
const iso = (ms: number | null | undefined) => (ms == null ? ms : new Date(ms).toISOString().replace('.000Z', 'Z'));
const berlinOffice: BusinessHours = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', timeZone: 'Europe/Berlin' };
const WED_NOON = Z('2026-03-25T11:00:00Z'); // Wed 12:00 CET

const sloAlert = { labels: { alertname: 'PaymentServiceHighErrorBudgetBurn', sloth_service: 'payments', sloth_slo: 'requests-availability', sloth_severity: 'page' }, annotations: {} };
const plainAlert = { labels: { alertname: 'PodCrashLooping', namespace: 'payments' }, annotations: {} };

function input(over: Partial<TriageInput> = {}): TriageInput {
  return {
    alert: sloAlert,
    service: { slug: 'payments', tier: 'tier2' },
    budget: { remainingPercent: 75 },
    businessHours: berlinOffice,
    noise: null,
    now: WED_NOON,
    ...over,
  };
}

const kinds = (d: ReturnType<typeof triageAlert>) => d.actions.map((a) => (a.kind === 'page' ? `page:${a.who}` : a.kind));

describe('SLO burning: the budget decides', () => {
  it.each([
    { name: 'exhausted', remaining: -3, priority: 'P1', branch: 'slo-budget-critical' },
    { name: '0 %', remaining: 0, priority: 'P1', branch: 'slo-budget-critical' },
    { name: '9.99 %', remaining: 9.99, priority: 'P1', branch: 'slo-budget-critical' },
    { name: 'exactly 10 % (not below 10)', remaining: 10, priority: 'P2', branch: 'slo-budget-low' },
    { name: '10 % as a float sum, (1 - 0.9) x 100 = 9.999999999999998', remaining: (1 - 0.9) * 100, priority: 'P2', branch: 'slo-budget-low' },
    { name: '49.9 %', remaining: 49.9, priority: 'P2', branch: 'slo-budget-low' },
    { name: 'exactly 50 % (not below 50)', remaining: 50, priority: 'P3', branch: 'slo-budget-healthy' },
    { name: '100 %', remaining: 100, priority: 'P3', branch: 'slo-budget-healthy' },
  ])('$name -> $priority', ({ remaining, priority, branch }) => {
    const d = triageAlert(input({ budget: { remainingPercent: remaining } }));
    expect(d.priority).toBe(priority);
    expect(d.branch).toBe(branch);
    expect(d.budgetUnknown).toBe(false);
    expect(d.slo).toBe('payments/requests-availability');
    expect(d.reasons[0]).toMatch(/^Is an SLO burning\? yes: sloth_slo="requests-availability"/);
  });

  it('P1 wakes the secondary and escalates', () => {
    const d = triageAlert(input({ budget: { remainingPercent: 4.2 } }));
    expect(kinds(d)).toEqual(['page:primary', 'page:secondary', 'escalate']);
    expect(d.reasons).toEqual([
      'Is an SLO burning? yes: sloth_slo="requests-availability": a Sloth/Runwell burn-rate alert for payments/requests-availability, severity page',
      'Is the error budget below 10 %? yes: 4.2 % of the error budget of SLO payments/requests-availability is left (budget policy: freeze, Feature freeze: only reliability/security work merges; all-hands reliability sprint)',
      'Priority P1: wake the secondary and escalate',
    ]);
  });

  it('P2 pages the primary and sets a 30-minute response deadline', () => {
    const d = triageAlert(input({ budget: { remainingPercent: 30 } }));
    expect(kinds(d)).toEqual(['page:primary', 'respond']);
    expect(d.actions[1]).toMatchObject({ kind: 'respond', by: WED_NOON + 30 * 60_000 });
    expect(d.steps.map((s) => s.answer)).toEqual(['yes', 'no', 'yes', 'P2']);
  });

  it.each([
    { name: 'Wednesday noon -> Thursday 09:00', now: WED_NOON, from: '2026-03-26T08:00:00Z' },
    { name: 'Friday 16:00 before the spring change -> Monday 09:00 CEST', now: Z('2026-03-27T15:00:00Z'), from: '2026-03-30T07:00:00Z' },
    { name: 'Sunday night -> Monday 09:00', now: Z('2026-03-29T21:00:00Z'), from: '2026-03-30T07:00:00Z' },
  ])('P3 is a ticket for the next business day: $name', ({ now, from }) => {
    const d = triageAlert(input({ now, budget: { remainingPercent: 80 } }));
    expect(d.priority).toBe('P3');
    expect(kinds(d)).toEqual(['ticket']);
    expect(iso(d.actions[0]!.kind === 'ticket' ? d.actions[0]!.from : null)).toBe(from);
  });

  it('unknown budget: P2, and the decision says why', () => {
    const d = triageAlert(input({ budget: 'unknown' }));
    expect(d).toMatchObject({ priority: 'P2', branch: 'slo-budget-unknown', budgetUnknown: true });
    expect(d.reasons[1]).toMatch(/How much error budget is left\? unknown: no budget figure is stored for SLO payments\/requests-availability \(the SLO this alert names\) yet.*treated as P2/);
  });
});

describe('which SLO budget a burn alert is judged by', () => {
  // checkout-web as seen with a real Alertmanager: availability is nearly
  // spent, latency is healthy. A latency burn must read the latency budget.
  const checkout: SloBudget[] = [
    { slo: 'checkout-web/requests-availability', remainingPercent: 26.21 },
    { slo: 'checkout-web/requests-latency', remainingPercent: 95.63 },
  ];
  const elsewhere: SloBudget[] = [...checkout, { slo: 'payments/requests-availability', remainingPercent: 4 }];
  it.each<{ name: string; labels: Record<string, string>; slos?: SloBudget[]; slo: string | null; left: number | null; basis: RegExp; priority: string }>([
    { name: 'sloth_service + sloth_slo name the latency SLO', labels: { sloth_service: 'checkout-web', sloth_slo: 'requests-latency' }, slo: 'checkout-web/requests-latency', left: 95.63, basis: /\(the SLO this alert names\)/, priority: 'P3' },
    { name: 'sloth_slo alone, looked up on the alert\'s service', labels: { sloth_slo: 'requests-latency', service: 'checkout-web' }, slo: 'checkout-web/requests-latency', left: 95.63, basis: /the SLO this alert names/, priority: 'P3' },
    { name: 'sloth_id is service-slo', labels: { sloth_id: 'checkout-web-requests-latency', sloth_severity: 'page' }, slo: 'checkout-web/requests-latency', left: 95.63, basis: /the SLO this alert names/, priority: 'P3' },
    { name: 'the named availability SLO', labels: { sloth_service: 'checkout-web', sloth_slo: 'requests-availability' }, slo: 'checkout-web/requests-availability', left: 26.21, basis: /the SLO this alert names/, priority: 'P2' },
    { name: 'names an SLO of another service', labels: { sloth_service: 'payments', sloth_slo: 'requests-availability' }, slos: elsewhere, slo: 'payments/requests-availability', left: 4, basis: /the SLO this alert names/, priority: 'P1' },
    { name: 'names no SLO: the worst SLO of the service', labels: { alertname: 'CheckoutErrorBudgetBurn' }, slo: 'checkout-web/requests-availability', left: 26.21, basis: /\(the service's worst SLO: the alert names none\)/, priority: 'P2' },
    { name: 'names an SLO without data: unknown, never another SLO\'s figure', labels: { sloth_service: 'checkout-web', sloth_slo: 'requests-freshness' }, slo: 'checkout-web/requests-freshness', left: null, basis: /no budget figure is stored for SLO checkout-web\/requests-freshness \(the SLO this alert names\)/, priority: 'P2' },
  ])('$name', ({ labels, slos, slo, left, basis, priority }) => {
    const budget = budgetForAlert(labels, 'checkout-web', checkout, slos ?? checkout);
    expect(budget === 'unknown' ? null : budget.remainingPercent).toBe(left);
    const d = triageAlert(input({ alert: { labels, annotations: {} }, service: { slug: 'checkout-web', tier: 'tier1' }, budget }));
    expect(d.priority).toBe(priority);
    expect(d.slo).toBe(slo);
    expect(d.reasons[1]).toMatch(basis);
    if (left !== null) expect(d.reasons[1]).toContain(`${left} % of the error budget of SLO ${slo}`);
  });
});

describe('recognising SLO burn alerts', () => {
  it.each<{ labels: Record<string, string>; burning: boolean; slo: string | null }>([
    { labels: { sloth_slo: 'availability' }, burning: true, slo: 'availability' },
    { labels: { sloth_id: 'checkout-latency', sloth_severity: 'ticket' }, burning: true, slo: 'checkout-latency' },
    { labels: { slo: 'search-availability' }, burning: true, slo: 'search-availability' },
    { labels: { sloth_severity: 'page' }, burning: true, slo: null },
    { labels: { alertname: 'CheckoutAvailabilityErrorBudgetBurn' }, burning: true, slo: null },
    { labels: { alertname: 'HighErrorRate', severity: 'critical' }, burning: false, slo: null },
  ])('$labels', ({ labels, burning, slo }) => {
    expect(sloBurnSignal(labels)).toMatchObject({ burning, slo });
  });
});

describe('not burning: customer visibility', () => {
  type Case = { name: string; alert: TriageInput['alert']; tier: 'tier1' | 'tier2' | 'tier3'; visible: boolean; because: RegExp };
  it.each<Case>([
    { name: 'customer_visible label', alert: { labels: { ...plainAlert.labels, customer_visible: 'true' }, annotations: {} }, tier: 'tier3', visible: true, because: /label is "true"/ },
    { name: 'customer_visible annotation', alert: { labels: plainAlert.labels, annotations: { customer_visible: 'Yes' } }, tier: 'tier3', visible: true, because: /annotation is "Yes"/ },
    { name: 'tier 1 service', alert: plainAlert, tier: 'tier1', visible: true, because: /tier 1/ },
    { name: 'tier 1, explicitly not visible', alert: { labels: { ...plainAlert.labels, customer_visible: 'false' }, annotations: {} }, tier: 'tier1', visible: false, because: /label is "false"/ },
    { name: 'tier 2 service', alert: plainAlert, tier: 'tier2', visible: false, because: /is tier 2/ },
  ])('$name', ({ alert, tier, visible, because }) => {
    const d = triageAlert(input({ alert, service: { slug: 'payments', tier } }));
    expect(d.priority).toBe(visible ? 'P2' : 'business-hours');
    expect(d.branch).toBe(visible ? 'customer-visible' : 'internal');
    expect(d.steps[1]!.because).toMatch(because);
  });

  it('an unmapped alert is not customer-visible', () => {
    const d = triageAlert(input({ alert: plainAlert, service: null }));
    expect(d.steps[1]!.because).toBe('no customer_visible label and the alert maps to no service');
  });
});

describe('not burning, not visible: business hours in Europe/Berlin', () => {
  it.each([
    { name: 'Mon 08:59:59 CEST', now: '2026-03-30T06:59:59Z', within: false, from: '2026-03-30T07:00:00Z' },
    { name: 'Mon 09:00 CEST', now: '2026-03-30T07:00:00Z', within: true, from: '2026-03-30T07:00:00Z' },
    { name: 'Mon 16:59:59 CEST', now: '2026-03-30T14:59:59Z', within: true, from: '2026-03-30T14:59:59Z' },
    { name: 'Mon 17:00 CEST', now: '2026-03-30T15:00:00Z', within: false, from: '2026-03-31T07:00:00Z' },
    { name: 'Fri 17:00 CET before the change', now: '2026-03-27T16:00:00Z', within: false, from: '2026-03-30T07:00:00Z' },
    { name: 'Sun 03:30 CEST, just after the jump', now: '2026-03-29T01:30:00Z', within: false, from: '2026-03-30T07:00:00Z' },
    { name: 'Fri 08:00 UTC is 09:00 CET', now: '2026-03-27T08:00:00Z', within: true, from: '2026-03-27T08:00:00Z' },
  ])('$name', ({ now, within, from }) => {
    const d = triageAlert(input({ alert: plainAlert, now: Z(now) }));
    expect(d.priority).toBe('business-hours');
    expect(d.steps[2]).toMatchObject({ question: 'Is it business hours?', answer: within ? 'yes' : 'no' });
    const action = d.actions[0]!;
    expect(action.kind).toBe('investigate');
    expect(iso(action.kind === 'investigate' ? action.from : null)).toBe(from);
  });

  it('names the local time and the opening in the reasons', () => {
    const d = triageAlert(input({ alert: plainAlert, now: Z('2026-03-28T09:00:00Z') }));
    expect(d.steps[2]!.because).toBe('it is Sat 2026-03-28 10:00 Europe/Berlin; business hours are Mon-Fri 09:00-17:00; they open Mon 2026-03-30 09:00 Europe/Berlin');
  });

  it('a team without business hours gets the UTC default, and is told so', () => {
    const d = triageAlert(input({ alert: plainAlert, businessHours: null, now: Z('2026-03-25T08:30:00Z') }));
    expect(d.steps[2]!.answer).toBe('no');
    expect(d.steps[2]!.because).toMatch(/UTC; business hours are Mon-Fri 09:00-17:00 \(the team has no business hours set; using the default\)/);
  });

  it.each([
    { name: 'no history', noise: null, silence: false },
    { name: 'flapping', noise: { flapping: true, peakChangesInAnHour: 6 }, silence: true },
    { name: '1 of 5 pages actionable', noise: { flapping: false, recentPages: 5, actionablePages: 1 }, silence: true },
    { name: '3 of 5 pages actionable (60 %, not below)', noise: { flapping: false, recentPages: 5, actionablePages: 3 }, silence: false },
    { name: 'too few pages to judge', noise: { flapping: false, recentPages: 4, actionablePages: 0 }, silence: false },
  ])('silence candidate: $name -> $silence', ({ noise, silence }) => {
    const d = triageAlert(input({ alert: plainAlert, noise }));
    expect(d.silenceCandidate).toBe(silence);
    expect(kinds(d)).toEqual(silence ? ['investigate', 'silence-candidate'] : ['investigate']);
    expect(d.steps.find((s) => s.question === 'Is it noisy?')!.answer).toBe(silence ? 'yes' : 'no');
  });

  it('noise never lowers an SLO or customer-visible page', () => {
    const d = triageAlert(input({ budget: { remainingPercent: 5 }, noise: { flapping: true } }));
    expect(d).toMatchObject({ priority: 'P1', silenceCandidate: false });
  });
});
