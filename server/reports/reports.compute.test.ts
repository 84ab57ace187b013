import { describe, expect, it } from 'vitest';
import { deltas, direction, sloRollup, topRisks } from './reports.compute';
import type { Headline } from './reports.schema';

const H = (over: Partial<{ [K in keyof Headline]: Partial<Headline[K]> }> = {}): Headline => ({
  slos: { total: 4, meeting: 3, meetingPercent: 75, exhausted: 1, budgetSpentPercent: 40, ...over.slos },
  incidents: { total: 3, unresolved: 0, bySeverity: { P1: { count: 1, mttrMinutes: 45 }, P2: { count: 2, mttrMinutes: 30 }, P3: { count: 0, mttrMinutes: null } }, mttrMinutes: 30, ...over.incidents },
  postmortems: { due: 2, filed: 2, completionPercent: 100, actionItems: 4, actionItemsDone: 2, actionCompletionPercent: 50, ...over.postmortems },
  readiness: { score: 80, day: '2026-11-30', ...over.readiness },
  maturity: { level: 2, source: 'snapshot', ...over.maturity },
  dora: null,
});

describe('sloRollup', () => {
  it.each([
    { name: 'none', slos: [], expected: { total: 0, meeting: 0, meetingPercent: null, exhausted: 0, budgetSpentPercent: null } },
    { name: 'one exhausted, one without data', slos: [{ teamId: 't', remainingPercent: -20, dataState: 'ok' as const }, { teamId: 't', remainingPercent: 60, dataState: 'ok' as const }, { teamId: 't', remainingPercent: 100, dataState: 'no-data' as const }], expected: { total: 3, meeting: 1, meetingPercent: 50, exhausted: 1, budgetSpentPercent: 70 } },
  ])('$name', ({ slos, expected }) => expect(sloRollup(slos)).toEqual(expected));
});

describe('deltas', () => {
  it('compares each figure and knows which way is better', () => {
    const d = deltas(H({ incidents: { total: 5 } }), H({ incidents: { total: 3 } }));
    const inc = d.find((x) => x.key === 'incidents')!;
    expect(inc).toMatchObject({ current: 5, previous: 3, change: 2 });
    expect(direction(inc)).toBe('worse');
    expect(direction(d.find((x) => x.key === 'readiness')!)).toBe('same');
    expect(direction({ change: 5, better: 'up' })).toBe('better');
    expect(direction({ change: null, better: 'up' })).toBe('unknown');
  });
});

describe('topRisks', () => {
  const base = { current: H(), prior: H(), exhaustedSlos: [], overduePostmortems: 0, openActionItemsOverdue: 0, unresolved: 0 };
  it.each([
    { name: 'a quiet month has no risks', input: base, texts: [] },
    { name: 'exhausted budget names the services', input: { ...base, exhaustedSlos: [{ name: 'avail', service: 'checkout', team: 'Payments' }] }, texts: [/1 SLO ended the month with no error budget left: checkout \(Payments\)/] },
    { name: 'slow P1s', input: { ...base, current: H({ incidents: { bySeverity: { P1: { count: 2, mttrMinutes: 95 }, P2: { count: 0, mttrMinutes: null }, P3: { count: 0, mttrMinutes: null } } } }) }, texts: [/P1 incidents took 95 minutes/] },
    { name: 'overdue post-mortems and action items', input: { ...base, overduePostmortems: 2, openActionItemsOverdue: 1 }, texts: [/2 post-mortems of P1\/P2 incidents are overdue/, /1 action item from post-mortems is past due/] },
    { name: 'readiness falling', input: { ...base, current: H({ readiness: { score: 70 } }) }, texts: [/readiness score fell from 80 to 70/] },
    { name: 'incident surge', input: { ...base, current: H({ incidents: { total: 8 } }) }, texts: [/Incidents rose from 3 to 8/] },
  ])('$name', ({ input, texts }) => {
    const risks = topRisks(input);
    expect(risks).toHaveLength(texts.length);
    texts.forEach((t, i) => expect(risks[i]!.text).toMatch(t));
  });
  it('puts high before medium', () => {
    const risks = topRisks({ ...base, overduePostmortems: 1, unresolved: 1 });
    expect(risks.map((r) => r.severity)).toEqual(['high', 'medium']);
  });
});
