import { describe, expect, it } from 'vitest';
import { postmortemMarkdown } from './markdown.compute';
import { factsOf, selectTimeline, type PrefillInput } from './prefill.compute';
import { prefillSections } from './template.compute';

const T0 = Date.UTC(2026, 10, 3, 14, 0);
const M = 60_000;

const input: PrefillInput = {
  incident: {
    number: 42,
    title: 'Checkout 5xx',
    summary: '',
    severity: 'P2',
    services: ['Checkout web'],
    team: 'Shop',
    roles: { 'Incident commander': 'Carol', 'Communications lead': null },
    times: { startedAt: T0, detectedAt: T0 + 3 * M, acknowledgedAt: T0 + 5 * M, identifiedAt: T0 + 20 * M, mitigatedAt: T0 + 40 * M, resolvedAt: T0 + 65 * M, closedAt: null },
  },
  budget: [
    { slo: 'checkout-web/availability', consumedMinutes: 12.5, consumedPercent: 28.9, totalMinutes: 43.2, remainingPercentAfter: 40.1, dataState: 'ok' },
    { slo: 'checkout-web/latency', consumedMinutes: 50, consumedPercent: 115.7, totalMinutes: 43.2, remainingPercentAfter: -15.7, dataState: 'ok' },
  ],
  timeline: [
    { at: T0 + 3 * M, kind: 'alert', text: 'CheckoutErrors fired', pinned: false, authorLabel: 'Alertmanager' },
    { at: T0 + 4 * M, kind: 'status', text: 'Declared P2', pinned: false, authorLabel: 'Carol' },
    { at: T0 + 30 * M, kind: 'note', text: 'Rolled back | the cart client', pinned: true, authorLabel: 'Dan' },
    { at: T0 + 10 * M, kind: 'note', text: 'Looking at logs', pinned: false, authorLabel: 'Dan' },
  ],
  alerts: [{ alertname: 'CheckoutErrors', service: 'Checkout web', count: 3, firstAt: T0 + 3 * M, lastAt: T0 + 9 * M }],
  runbooks: [{ title: 'Checkout errors', href: '/runbooks/r1' }],
};

describe('pre-fill from the incident', () => {
  const facts = factsOf(input);
  it('measures MTTD/MTTA/MTTR from the impact start', () => {
    expect(facts.durations).toEqual({ mttd: 3 * M, mtta: 5 * M, mttr: 65 * M });
  });
  it('flags SLOs whose budget the incident exhausted', () => {
    expect(facts.exhaustedSlos).toEqual(['checkout-web/latency']);
  });
  it('puts pinned entries first, leaves alerts to the alert groups', () => {
    expect(facts.timeline.map((e) => e.text)).toEqual(['Rolled back | the cart client', 'Declared P2', 'Looking at logs']);
    expect(facts.alertCount).toBe(3);
  });
  it('writes the budget, times, roles, runbooks and the timeline into the sections', () => {
    const s = prefillSections(input, facts);
    expect(s.summary).toBe('P2 incident #42: Checkout 5xx.');
    expect(s.impact).toContain('| checkout-web/availability | 28.9 % | 12.5 of 43.2 min | 40.1 % |');
    expect(s.impact).toContain('Error budget exhausted: checkout-web/latency');
    expect(s.detection).toContain('MTTD 3 min');
    expect(s.detection).toContain('First alert: CheckoutErrors on Checkout web at 2026-11-03 14:03 UTC; 3 alert firings');
    expect(s.response).toContain('- Incident commander: Carol');
    expect(s.response).toContain('- Communications lead: nobody');
    expect(s.response).toContain('[Checkout errors](/runbooks/r1)');
    expect(s.timeline.split('\n')[0]).toBe('- 📌 **2026-11-03 14:30 UTC** note: Rolled back | the cart client — Dan');
    expect(s.rootCause).toBe('');
  });
  it('keeps the document timeline bounded for huge incidents', () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ at: T0 + i * 1000, kind: i % 2 ? 'alert' : 'note', text: `e${i}`, pinned: i === 4999, authorLabel: '' }));
    const { kept, omitted } = selectTimeline(many, 200);
    expect(kept).toHaveLength(200);
    expect(kept[0]!.text).toBe('e4999');
    expect(omitted).toBe(4800);
  });
  it('counts what the repository did not read as omitted', () => {
    const selection = [{ at: T0, kind: 'note', text: 'first', pinned: false, authorLabel: '' }];
    expect(factsOf({ ...input, timeline: selection, timelineTotal: 5000 }).timelineOmitted).toBe(4999);
    expect(factsOf({ ...input, timeline: selection }).timelineOmitted).toBe(0);
  });
  it('lists the changes of the 24 h before impact first in the timeline, oldest first', () => {
    const changes = [
      { title: 'Cart client 2.4', tier: 'T2', status: 'succeeded', at: T0 - 3_600_000, services: ['Checkout web'], href: '/changes/c2' },
      { title: 'Feature flag', tier: 'T3', status: 'rolled_back', at: T0 - 7_200_000, services: ['Checkout web'], href: '/changes/c1' },
    ];
    const facts = factsOf({ ...input, changes });
    expect(facts.changes.map((c) => c.href)).toEqual(['/changes/c1', '/changes/c2']);
    const lines = prefillSections({ ...input, changes }).timeline.split('\n');
    expect(lines[0]).toBe('Changes to the affected services in the 24 h before impact:');
    expect(lines[1]).toContain('change: [Feature flag](/changes/c1) (T3, rolled back; Checkout web)');
    expect(prefillSections(input).timeline).not.toContain('Changes to the affected services');
  });
  it('says so when no SLO covers the services', () => {
    expect(prefillSections({ ...input, budget: [] }).impact).toContain('no SLO with data covers the affected services');
  });
});

describe('Markdown export', () => {
  it('has every section, the action items table and the publication record', () => {
    const md = postmortemMarkdown({
      incident: { number: 42, title: 'Checkout 5xx', severity: 'P2', services: ['Checkout web'] },
      state: 'published',
      owner: 'Carol',
      dueAt: null,
      publishedAt: T0,
      publishedBy: 'Erin',
      approvals: ['Erin'],
      sections: prefillSections(input),
      facts: null,
      actionItems: [{ title: 'Alert on | cart timeouts', type: 'detect', priority: 'P2', owner: 'Dan', dueAt: T0, status: 'wont_do', wontDoReason: 'covered by SLO', trackerUrl: 'https://jira.example/X-1' }],
    });
    expect(md).toMatch(/^# Post-mortem: #42 Checkout 5xx\n/);
    expect(md).toContain('- Published: 2026-11-03 14:00 UTC by Erin');
    expect(md).toContain('## Root cause and trigger\n\n_Not written._');
    expect(md).toContain("| [Alert on \\| cart timeouts](https://jira.example/X-1) | detect | P2 | Dan | 2026-11-03 | Won't do: covered by SLO |");
    expect(md.indexOf('## Action items')).toBeLessThan(md.indexOf('## Timeline'));
  });
});
