import { describe, expect, it } from 'vitest';
import { buildChain, CHAIN_STAGES, lagLabel, type ChainInput } from './chain.compute';

const T0 = Date.UTC(2026, 2, 10, 12, 0);
const M = 60_000;
const H = 60 * M;

const full: ChainInput = {
  incident: { id: 'inc1', number: 7, title: 'Checkout 5xx', severity: 'P1', state: 'resolved', stateLabel: 'Resolved', startedAt: T0, detectedAt: T0 + 4 * M, acknowledgedAt: T0 + 8 * M, resolvedAt: T0 + 64 * M },
  windowHours: 24,
  changes: [
    { id: 'c-old', title: 'Old config', tier: 'T3', status: 'succeeded', at: T0 - 20 * H, cause: null },
    { id: 'c-cause', title: 'cart 2.4', tier: 'T2', status: 'succeeded', at: T0 - 30 * M, cause: 'confirmed' },
    { id: 'c-new', title: 'Flag flip', tier: 'T3', status: 'succeeded', at: T0 - 10 * M, cause: null },
  ],
  budget: [
    { sloId: 's1', slo: 'checkout/availability', consumedPercent: 12.5, consumedMinutes: 5.4, remainingPercentAfter: 40, dataState: 'ok' },
    { sloId: 's2', slo: 'checkout/latency', consumedPercent: 101, consumedMinutes: 43.6, remainingPercentAfter: -1, dataState: 'ok' },
    { sloId: 's3', slo: 'cart/availability', consumedPercent: 0, consumedMinutes: 0, remainingPercentAfter: 80, dataState: 'no-data' },
  ],
  alerts: [
    { alertname: 'CheckoutLatency', service: 'Checkout', count: 2, firstAt: T0 + 5 * M, lastAt: T0 + 9 * M },
    { alertname: 'CheckoutErrors', service: 'Checkout', count: 3, firstAt: T0 + 3 * M, lastAt: T0 + 20 * M },
  ],
  pages: [
    { id: 'p2', status: 'resolved', priority: 'P1', pagedAt: T0 + 6 * M, acknowledgedAt: null },
    { id: 'p1', status: 'resolved', priority: 'P1', pagedAt: T0 + 3 * M, acknowledgedAt: T0 + 8 * M },
  ],
  postmortem: { id: 'pm1', state: 'published', overdue: false, dueAt: T0 + 50 * H, notNeededReason: null, visible: true },
  actionItems: [
    { id: 'a1', title: 'Canary the client', status: 'done', dueAt: T0 + 5 * 24 * H, trackerUrl: 'https://jira.example/A-1' },
    { id: 'a2', title: 'Alert on timeouts', status: 'open', dueAt: T0 + 2 * 24 * H, trackerUrl: null },
    { id: 'a3', title: 'Runbook for rollbacks', status: 'in_progress', dueAt: null, trackerUrl: null },
  ],
};
const now = T0 + 3 * 24 * H;
const chain = buildChain(full, now);
const node = (stage: (typeof CHAIN_STAGES)[number], c = chain) => c.find((n) => n.stage === stage)!;

describe('buildChain: a full story', () => {
  it('has the seven stages in order, each linking to its page', () => {
    expect(chain.map((n) => n.stage)).toEqual([...CHAIN_STAGES]);
    expect(chain.map((n) => n.href)).toEqual(['/changes/c-cause', '/slos/s2', '/incidents/inc1#alerts', '/oncall?page=p1', '/incidents/inc1', '/incidents/inc1/postmortem', '/incidents/inc1/postmortem#action-items']);
  });
  it.each([
    ['change', '3 changes in the 24 h before; 1 confirmed cause', 'danger'],
    ['burn', "101.0 % of checkout/latency's budget; 1 budget exhausted", 'danger'],
    ['alert', 'CheckoutErrors first; 5 firings of 2 alerts', 'danger'],
    ['page', '2 pages; acknowledged after 5 min', 'success'],
    ['incident', '#7 P1 · Resolved · resolved after 1 h 4 min', 'success'],
    ['postmortem', 'Published', 'success'],
    ['actions', '1 of 3 done; 1 overdue', 'danger'],
  ] as const)('%s: %s', (stage, headline, tone) => {
    expect(node(stage)).toMatchObject({ headline, tone, present: true });
  });
  it('orders changes causes first, then newest', () => {
    expect(node('change').items.map((i) => i.label)).toEqual(['cart 2.4', 'Flag flip', 'Old config']);
    expect(node('change').at).toBe(T0 - 20 * H);
  });
  it('lists burned SLOs worst first, no-data last', () => {
    expect(node('burn').items.map((i) => [i.label, i.tone])).toEqual([['checkout/latency', 'danger'], ['checkout/availability', 'warning'], ['cart/availability', 'neutral']]);
  });
  it('lists action items unfinished and overdue first; tracker links win', () => {
    expect(node('actions').items.map((i) => [i.label, i.href])).toEqual([
      ['Alert on timeouts', '/incidents/inc1/postmortem#action-items'],
      ['Runbook for rollbacks', '/incidents/inc1/postmortem#action-items'],
      ['Canary the client', 'https://jira.example/A-1'],
    ]);
  });
  it('measures the lag from the previous stage that has a moment', () => {
    expect(chain.map((n) => n.lagMs)).toEqual([null, 20 * H, 3 * M, 0, M, null, null]);
    expect(chain.map((n) => lagLabel(n.lagMs))).toEqual(['', '+20 h 0 min', '+3 min', '+0 min', '+1 min', '', '']);
  });
});

describe('buildChain: gaps are shown, not hidden', () => {
  const bare: ChainInput = { ...full, changes: [], budget: [], alerts: [], pages: [], postmortem: null, actionItems: [], incident: { ...full.incident, state: 'investigating', stateLabel: 'Investigating', resolvedAt: null } };
  const c = buildChain(bare, now);
  it.each([
    ['change', 'No change to its services in the 24 h before'],
    ['burn', 'No SLO covers its services'],
    ['alert', 'No alert: declared by hand'],
    ['page', 'Nobody was paged'],
    ['postmortem', 'Starts when the incident resolves'],
    ['actions', 'None yet'],
  ] as const)('%s: %s', (stage, headline) => {
    expect(node(stage, c)).toMatchObject({ headline, present: false, href: null, items: [] });
  });
  it('the incident is always there', () => {
    expect(node('incident', c)).toMatchObject({ present: true, tone: 'danger', headline: '#7 P1 · Investigating' });
  });
  it('an SLO without data is not a burn', () => {
    const noData = buildChain({ ...bare, budget: [full.budget[2]!] }, now);
    expect(node('burn', noData)).toMatchObject({ present: false, headline: 'No SLO data for the incident window', href: null });
  });
  it('a suspected cause only', () => {
    const suspected = buildChain({ ...bare, changes: [{ ...full.changes[1]!, cause: 'suspected' }] }, now);
    expect(node('change', suspected)).toMatchObject({ headline: '1 change in the 24 h before; 1 suspected', tone: 'warning' });
  });
});

describe('buildChain: the post-mortem as the reader may see it', () => {
  it.each([
    ['a draft hidden from a viewer hides its action items too', { id: 'pm', state: 'draft', overdue: true, dueAt: T0, notNeededReason: null, visible: false }, 'Not published yet', null, 0],
    ['an overdue draft', { id: 'pm', state: 'draft', overdue: true, dueAt: T0 + 50 * H, notNeededReason: null, visible: true }, 'Draft, overdue since 2026-03-12 14:00 UTC', '/incidents/inc1/postmortem', 3],
    ['a draft not yet due', { id: 'pm', state: 'in_review', overdue: false, dueAt: now + 90 * M, notNeededReason: null, visible: true }, 'In review, due in 1 h 30 min', '/incidents/inc1/postmortem', 3],
    ['not needed', { id: 'pm', state: 'draft', overdue: false, dueAt: null, notNeededReason: 'duplicate of #6', visible: true }, 'Not needed: duplicate of #6', '/incidents/inc1/postmortem', 3],
  ] as const)('%s', (_n, postmortem, headline, href, items) => {
    const c = buildChain({ ...full, postmortem }, now);
    expect(node('postmortem', c)).toMatchObject({ headline, href });
    expect(node('actions', c).items).toHaveLength(items);
  });
});

describe('buildChain: many items', () => {
  it('shows five per stage and counts the rest', () => {
    const changes = Array.from({ length: 8 }, (_, i) => ({ id: `c${i}`, title: `Change ${i}`, tier: 'T3', status: 'succeeded', at: T0 - (i + 1) * H, cause: null }));
    const c = node('change', buildChain({ ...full, changes }, now));
    expect(c.items).toHaveLength(5);
    expect(c.more).toBe(3);
    expect(c.items[0]!.label).toBe('Change 0');
  });
});
