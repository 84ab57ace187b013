import { describe, expect, it } from 'vitest';
import { barLength, groupedBars, lineChart, niceMax, thin } from './chart.compute';
import { maturityMarkdown, maturityReport } from './maturity-report.compute';
import { changeText, executiveDocument, maturityDocument, movement, pageRuns, printable, winAnsi, type Block } from './pdf.compute';
import { parsePeriod } from './period.compute';
import type { Headline, MonthlyReport } from './reports.schema';
import type { ScopeAssessment } from '../maturity/maturity.schema';

const H = (incidents: number, mttr: number | null): Headline => ({
  slos: { total: 4, meeting: 3, meetingPercent: 75, exhausted: 1, budgetSpentPercent: 40 },
  incidents: { total: incidents, unresolved: 0, bySeverity: { P1: { count: 1, mttrMinutes: mttr }, P2: { count: incidents - 1, mttrMinutes: 30 }, P3: { count: 0, mttrMinutes: null } }, mttrMinutes: mttr },
  postmortems: { due: 2, filed: 1, completionPercent: 50, actionItems: 4, actionItemsDone: 3, actionCompletionPercent: 75 },
  readiness: { score: 82, day: '2026-11-30' },
  maturity: { level: 2, source: 'snapshot' },
  dora: { deploymentsPerWeek: 3.5, deploymentFrequency: 'high', leadTime: 'elite', changeFailurePercent: 12.5, changeFailure: 'elite', timeToRestore: 'high' },
});

const report: MonthlyReport = {
  generatedAt: Date.parse('2026-12-05T10:00:00Z'),
  period: parsePeriod('2026-Q4')!,
  previous: parsePeriod('2026-Q3')!,
  current: H(3, 90),
  prior: H(2, 30),
  deltas: [{ key: 'mttr', label: 'MTTR (median)', current: 90, previous: 30, change: 60, better: 'down', unit: ' min' }],
  risks: [{ severity: 'high', text: 'P1 incidents took 90 minutes.', href: '/quality' }],
  teams: [
    { teamId: 't1', team: 'Payments', slos: 4, meeting: 3, exhausted: 1, budgetSpentPercent: 40, level: 3, previousLevel: 2 },
    { teamId: 't2', team: 'Search', slos: 0, meeting: 0, exhausted: 0, budgetSpentPercent: null, level: null, previousLevel: null },
  ],
  maturityNow: { level: 2, teams: [{ team: 'Payments', level: 3 }, { team: 'Search', level: 1 }] },
  trends: { mttr: [{ label: '2026-Q3', value: 30 }, { label: '2026-Q4', value: 90 }], readiness: [{ label: '2026-11-30', value: 82 }] },
  notes: ['A note.'],
};

describe('executive document', () => {
  const doc = executiveDocument(report);
  const section = (t: string) => doc.sections.find((s) => s.title.startsWith(t))!;
  it('names the period against the one before', () => {
    expect(doc.title).toBe('Reliability report: Q4 2026');
    expect(doc.subtitle).toMatch(/^Compared with Q3 2026\. Generated 2026-12-05 10:00 UTC/);
  });
  it('headline figures carry their change, coloured by direction', () => {
    const figures = section('Headline').blocks[0]!;
    expect(figures.kind).toBe('figures');
    const mttr = figures.kind === 'figures' ? figures.items.find((f) => f.label === 'MTTR (median)')! : null;
    expect(mttr).toMatchObject({ value: '90 min', change: '+60 min vs 30 min', tone: 'worse' });
  });
  it('team rows carry the SLO attainment bar; maturity rows the movement', () => {
    const slo = section('SLO attainment').blocks[0]!;
    expect(slo.kind === 'table' && slo.rows.map((r) => [r.cells[0], r.cells[1], r.bar?.value])).toEqual([['Payments', '3 of 4', 75], ['Search', 'no SLO', null]]);
    const mat = section('Maturity by team').blocks[1]!;
    expect(mat.kind === 'table' && mat.rows.map((r) => r.cells)).toEqual([['Payments', 'L3 Defined', 'L2 to L3 (up)', 'L3 Defined'], ['Search', '—', '—', 'L1 Reactive']]);
  });
  it('charts draw the page’s series: incidents by severity both periods, the MTTR trend', () => {
    const inc = section('Incidents').blocks;
    expect(inc[0]).toMatchObject({ kind: 'bars', legend: ['Q4 2026', 'Q3 2026'], series: [[{ label: 'P1', value: 1 }, { label: 'P2', value: 2 }, { label: 'P3', value: 0 }], [{ label: 'P1', value: 1 }, { label: 'P2', value: 1 }, { label: 'P3', value: 0 }]] });
    expect(inc[2]).toMatchObject({ kind: 'line', series: report.trends.mttr });
  });
  it('sections after the headline start on a new page', () => {
    expect(doc.sections.map((s) => s.breakBefore)).toEqual([false, false, true, true, true, true, false]);
  });
  it('writes only characters the standard PDF fonts have', () => {
    expect(JSON.stringify(doc)).not.toMatch(/[→−▲▼]/);
  });
});

describe('words and geometry', () => {
  it.each([
    [3, 2, 'L2 to L3 (up)'],
    [1, 2, 'L2 to L1 (down)'],
    [2, 2, 'L2 (same)'],
    [2, null, 'L2 (no earlier level)'],
    [null, 2, '—'],
  ])('movement(%s, %s) = %s', (now, before, text) => expect(movement(now, before)).toBe(text));

  it.each([
    [{ change: null, previous: null, better: 'up' as const }, 'no comparison', 'unknown'],
    [{ change: 0, previous: 5, better: 'up' as const }, 'unchanged (5)', 'same'],
    [{ change: -2.5, previous: 80, better: 'up' as const }, '-2.5 vs 80', 'worse'],
  ])('changeText %#', (d, change, tone) => expect(changeText({ key: 'k', label: 'l', current: 1, unit: '', ...d })).toEqual({ change, tone }));

  it.each([
    [[0, null], 1],
    [[3], 5],
    [[12], 20],
    [[100], 100],
    [[101], 200],
  ])('niceMax(%j) = %d', (values, max) => expect(niceMax(values)).toBe(max));

  it('grouped bars: heights scale to the axis, a missing value draws nothing', () => {
    const g = groupedBars([[{ label: 'P1', value: 10 }, { label: 'P2', value: null }], [{ label: 'P1', value: 5 }, { label: 'P2', value: 0 }]], { width: 100, height: 50 });
    expect(g.max).toBe(10);
    expect(g.rects.map((r) => [r.label, r.series, r.height, r.y])).toEqual([['P1', 0, 50, 0], ['P1', 1, 25, 25], ['P2', 1, 0, 50]]);
    expect(g.rects[1]!.x).toBeGreaterThan(g.rects[0]!.x);
  });

  it('a line breaks at missing values', () => {
    const l = lineChart([{ label: 'a', value: 1 }, { label: 'b', value: 2 }, { label: 'c', value: null }, { label: 'd', value: 2 }], { width: 30, height: 10 });
    expect(l.segments.map((s) => s.map((p) => [p.x, p.y]))).toEqual([[[0, 5], [10, 0]], [[30, 0]]]);
  });

  it('bar lengths clamp; thin keeps the ends', () => {
    expect([barLength(50, 100, 80), barLength(150, 100, 80), barLength(null, 100, 80), barLength(-1, 100, 80)]).toEqual([40, 80, 0, 0]);
    expect(thin([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 4)).toEqual([1, 4, 7, 10]);
  });
});

describe('maturity report', () => {
  const attestation = { id: 'a1', by: 'Lead Person', at: '2026-11-01T00:00:00Z', until: '2027-01-30T00:00:00Z', evidenceUrl: 'https://wiki/dr', note: '', expired: false };
  const marker = (id: string, level: 1 | 2, status: 'met' | 'not-met', source: 'measured' | 'attested' = 'measured') => ({ id, level, title: id, criterion: `${id} rule`, status, value: 3, detail: 'seen', href: '/x', how: '', source, attestable: source === 'attested', attestation: source === 'attested' ? attestation : null });
  const scope = (team: string, teamId: string | null, level: 1 | 2): ScopeAssessment => ({ scope: teamId ? 'team' : 'org', teamId, team, services: 2, previousLevel: null, level, levels: [], markers: [marker('a', 1, 'met'), marker('b', 2, level === 2 ? 'met' : 'not-met', 'attested')], next: [], aheadOfFoundations: 0 });
  const base = { now: Date.parse('2026-12-05T00:00:00Z'), org: scope('Organisation', null, 1), teams: [scope('Search', 's', 1), scope('Payments', 'p', 2)], levelsBefore: new Map([['p', 1], ['org', 1]]) };

  it('a past period reads the stored level; the shape is the CLI JSON', () => {
    const services = [{ service: 'ledger', serviceId: 'l', teamId: 'p', level: 2 as const }, { service: 'api', serviceId: 'a', teamId: 'p', level: 1 as const }];
    const r = maturityReport({ ...base, period: parsePeriod('2026-11')!, levelsAtEnd: new Map([['p', 2], ['s', 2]]), services });
    expect(r.period).toBe('2026-11');
    expect(r.teams.map((t) => t.serviceLevels.map((x) => `${x.service} L${x.level}`))).toEqual([['api L1', 'ledger L2'], []]);
    expect(r.organisation.serviceLevels).toEqual([]);
    expect(maturityDocument(r).sections[2]!.blocks[0]).toEqual({ kind: 'text', text: 'Services at their own level (live): api L1, ledger L2.' });
    expect(r.teams.map((t) => [t.team, t.level, t.previousLevel])).toEqual([['Payments', 2, 1], ['Search', 2, null]]);
    expect(r.teams[0]!.criteria[1]).toEqual({ id: 'b', level: 2, title: 'b', met: true, source: 'attested', evidence: 'b rule; attested by Lead Person until 2027-01-30: https://wiki/dr', href: '/x' });
    expect(r.teams[0]!.criteria[0]).toMatchObject({ source: 'measured', evidence: 'a rule; value 3; seen' });
    expect(r.organisation.distribution).toEqual({ '1': 0, '2': 2, '3': 0, '4': 0, '5': 0 });
  });

  it('the running period reads the live level; markdown lists unmet criteria', () => {
    const r = maturityReport({ ...base, period: parsePeriod('2026-12')!, levelsAtEnd: new Map([['s', 2]]) });
    expect(r.teams.find((t) => t.team === 'Search')!.level).toBe(1);
    const md = maturityMarkdown(r);
    expect(md).toContain('| Search | L1 | — | 1 of 2 |');
    expect(md).toContain('- L2 b (attested): b rule; attested by Lead Person until 2027-01-30: https://wiki/dr');
    const doc = maturityDocument(r);
    expect(doc.sections.map((s) => s.title)).toEqual(['Organisation', 'Organisation: L1 Reactive', 'Payments: L2 Managed', 'Search: L1 Reactive', 'Notes']);
    const payments = doc.sections[2]!.blocks[0] as Extract<Block, { kind: 'table' }>;
    expect(payments.rows.map((r) => r.cells.slice(0, 2))).toEqual([['L1 a', 'met (measured)'], ['L2 b', 'met (attested)']]);
    expect(doc.pageNumbers).toBe(false);
    expect(executiveDocument(report).pageNumbers).toBeUndefined();
  });
});

describe('markdown of the executive document', () => {
  it('has the sections, figures, tables and chart series', async () => {
    const { documentMarkdown } = await import('./markdown.compute');
    const md = documentMarkdown(executiveDocument(report));
    expect(md.startsWith('# Reliability report: Q4 2026\n')).toBe(true);
    expect(md).toContain('- **MTTR (median)**: 90 min (all resolved; +60 min vs 30 min)');
    expect(md).toContain('| Payments | 3 of 4 | 1 | 40 % | 75 % |');
    expect(md).toContain('MTTR trend (median minutes, last 2 quarters): 2026-Q3 30 min, 2026-Q4 90 min');
    expect(md).toContain('1. **high** P1 incidents took 90 minutes.');
  });
});

describe('printable text', () => {
  it.each([
    ['pages per shift ≤ 5', 'pages per shift <= 5'],
    ['GitOps changes ≥ 1 — 30 days’ “ledger”', 'GitOps changes >= 1 — 30 days’ “ledger”'],
    ['L2 → L3 −1', 'L2 -> L3 -1'],
    ['Zürich café €', 'Zürich café €'],
    ['日本 🙂', '?? ?'],
  ])('%s', (text, expected) => expect(winAnsi(text)).toBe(expected));
  it('applies to every string of the model', () => {
    const doc = printable({ title: 'a ≥ b', subtitle: '', footer: '', sections: [{ title: 's', breakBefore: false, blocks: [{ kind: 'text', text: 'x ≤ 1' }] }] });
    expect(doc.title).toBe('a >= b');
    expect(doc.sections[0]!.blocks[0]).toEqual({ kind: 'text', text: 'x <= 1' });
  });
});

describe('page runs', () => {
  const sec = (title: string, breakBefore: boolean) => ({ title, breakBefore });
  it.each([
    [[], []],
    [[sec('a', false), sec('b', false)], [['a', 'b']]],
    [[sec('a', true), sec('b', false), sec('c', true)], [['a', 'b'], ['c']]],
    [[sec('a', false), sec('b', true), sec('c', true), sec('d', false)], [['a'], ['b'], ['c', 'd']]],
  ])('%j', (sections, titles) => expect(pageRuns(sections).map((r) => r.map((s) => s.title))).toEqual(titles));
});
