import { levelName } from '../maturity/maturity.schema';
import type { Series } from './chart.compute';
import type { MaturityReport } from './maturity-report.compute';
import { direction, type Delta, type MonthlyReport } from './reports.schema';

// The PDFs' document model (pure): what the executive and maturity PDFs say,
// as sections of blocks, from the same report objects the pages and the API
// use. pdf.render.ts draws it with @react-pdf/renderer; tests read it as data.

export type Tone = 'better' | 'worse' | 'same' | 'unknown';
export type Figure = { label: string; value: string; sub: string; change: string; tone: Tone };
export type Row = { cells: string[]; bar?: { value: number | null; max: number; label: string } };
export type Block =
  | { kind: 'text'; text: string; muted?: boolean }
  | { kind: 'figures'; items: Figure[] }
  | { kind: 'list'; items: { badge: string; tone: 'high' | 'medium'; text: string }[] }
  /** dense: 8 pt rows with less padding (a team's thirty criteria fit one page, and one page per team is half the layout work). */
  | { kind: 'table'; caption: string; columns: string[]; widths: number[]; rows: Row[]; dense?: boolean }
  | { kind: 'bars'; title: string; legend: string[]; series: Series[]; unit: string }
  | { kind: 'line'; title: string; series: Series; unit: string };
export type Section = { title: string; breakBefore: boolean; blocks: Block[] };
/** pageNumbers: "Page N of M" in the footer (a dynamic node react-pdf lays out again on every page; the long maturity PDF goes without and names the section instead). */
export type DocModel = { title: string; subtitle: string; footer: string; sections: Section[]; pageNumbers?: boolean };

export const fmt = (v: number | null | undefined, unit = ''): string => (v === null || v === undefined ? '—' : `${Number.isInteger(v) ? v : v.toFixed(1)}${unit}`);
const level = (n: number | null | undefined) => (n === null || n === undefined ? '—' : `L${n} ${levelName(n)}`);
const stamp = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export function changeText(d: Delta | undefined): { change: string; tone: Tone } {
  if (!d) return { change: '', tone: 'unknown' };
  const tone = direction(d);
  if (tone === 'unknown') return { change: 'no comparison', tone };
  if (tone === 'same') return { change: `unchanged (${fmt(d.previous, d.unit)})`, tone };
  return { change: `${d.change! > 0 ? '+' : '-'}${fmt(Math.abs(d.change!), d.unit)} vs ${fmt(d.previous, d.unit)}`, tone };
}

/** "L2 to L3 (up)", "L3 (same)", "L3 (new)": a team's maturity movement in words. */
export function movement(now: number | null, before: number | null): string {
  if (now === null) return '—';
  if (before === null) return `L${now} (no earlier level)`;
  if (now === before) return `L${now} (same)`;
  return `L${before} to L${now} (${now > before ? 'up' : 'down'})`;
}

const BAND = { elite: 'Elite', high: 'High', medium: 'Medium', low: 'Low', 'no-data': 'No data' } as const;

export function executiveDocument(r: MonthlyReport): DocModel {
  const d = (key: string) => r.deltas.find((x) => x.key === key);
  const c = r.current;
  const p = r.prior;
  const lvl = c.maturity.level ?? r.maturityNow.level;
  const fig = (label: string, value: string, sub: string, key?: string): Figure => ({ label, value, sub, ...changeText(key ? d(key) : undefined) });
  const cur = r.period.label;
  const prev = r.previous.label;
  const sections: Section[] = [
    {
      title: 'Headline numbers',
      breakBefore: false,
      blocks: [
        {
          kind: 'figures',
          items: [
            fig('SLOs meeting target', fmt(c.slos.meetingPercent, ' %'), `${c.slos.meeting} of ${c.slos.total} SLOs, ${c.slos.exhausted} out of budget`, 'slosMeeting'),
            fig('Error budget spent', fmt(c.slos.budgetSpentPercent, ' %'), 'mean over SLOs with data', 'budgetSpent'),
            fig('Incidents', String(c.incidents.total), `P1 ${c.incidents.bySeverity.P1.count}, P2 ${c.incidents.bySeverity.P2.count}, P3 ${c.incidents.bySeverity.P3.count}`, 'incidents'),
            fig('MTTR (median)', fmt(c.incidents.mttrMinutes, ' min'), c.incidents.unresolved ? `${c.incidents.unresolved} still unresolved` : 'all resolved', 'mttr'),
            fig('Post-mortem completion', fmt(c.postmortems.completionPercent, ' %'), `${c.postmortems.filed} of ${c.postmortems.due} due filed`, 'postmortems'),
            fig('Action items done', fmt(c.postmortems.actionCompletionPercent, ' %'), `${c.postmortems.actionItemsDone} of ${c.postmortems.actionItems}`, 'actions'),
            fig('Readiness score', fmt(c.readiness.score), c.readiness.day ? `on ${c.readiness.day}` : 'no snapshot in the period', 'readiness'),
            fig('Maturity level', level(lvl), c.maturity.level === null ? 'live (no snapshot in the period)' : 'organisation, end of period', 'maturity'),
          ],
        },
      ],
    },
    {
      title: 'Top risks',
      breakBefore: false,
      blocks: r.risks.length ? [{ kind: 'list', items: r.risks.map((x) => ({ badge: x.severity, tone: x.severity, text: x.text })) }] : [{ kind: 'text', text: `No risk stands out this ${r.period.kind}.` }],
    },
    {
      title: 'SLO attainment and error budget by team',
      breakBefore: true,
      blocks: [
        {
          kind: 'table',
          caption: `SLOs meeting their target at the end of ${cur}, per team (bar: share meeting)`,
          columns: ['Team', 'SLOs meeting', 'Out of budget', 'Budget spent', 'Meeting'],
          widths: [30, 17, 14, 14, 25],
          rows: r.teams.map((t) => ({
            cells: [t.team, t.slos ? `${t.meeting} of ${t.slos}` : 'no SLO', String(t.exhausted), fmt(t.budgetSpentPercent, ' %')],
            bar: { value: t.slos ? (t.meeting / t.slos) * 100 : null, max: 100, label: t.slos ? `${Math.round((t.meeting / t.slos) * 100)} %` : '' },
          })),
        },
      ],
    },
    {
      title: 'Incidents by severity and MTTR',
      breakBefore: true,
      blocks: [
        { kind: 'bars', title: `Incidents by severity: ${cur} against ${prev}`, legend: [cur, prev], unit: '', series: [c, p].map((h) => (['P1', 'P2', 'P3'] as const).map((s) => ({ label: s, value: h.incidents.bySeverity[s].count }))) },
        {
          kind: 'table',
          caption: 'Incidents and median time to resolve by severity',
          columns: ['Severity', cur, 'MTTR', prev, 'MTTR'],
          widths: [20, 20, 20, 20, 20],
          rows: (['P1', 'P2', 'P3'] as const).map((s) => ({ cells: [s, String(c.incidents.bySeverity[s].count), fmt(c.incidents.bySeverity[s].mttrMinutes, ' min'), String(p.incidents.bySeverity[s].count), fmt(p.incidents.bySeverity[s].mttrMinutes, ' min')] })),
        },
        { kind: 'line', title: `MTTR trend (median minutes, last ${r.trends.mttr.length} ${r.period.kind}s)`, unit: ' min', series: r.trends.mttr },
      ],
    },
    {
      title: 'Post-mortems, delivery and readiness',
      breakBefore: true,
      blocks: [
        {
          kind: 'table',
          caption: 'Post-mortem and action item completion',
          columns: ['Figure', cur, prev],
          widths: [50, 25, 25],
          rows: [
            { cells: ['Post-mortems filed of due', `${c.postmortems.filed} of ${c.postmortems.due} (${fmt(c.postmortems.completionPercent, ' %')})`, `${p.postmortems.filed} of ${p.postmortems.due} (${fmt(p.postmortems.completionPercent, ' %')})`] },
            { cells: ['Action items done', `${c.postmortems.actionItemsDone} of ${c.postmortems.actionItems} (${fmt(c.postmortems.actionCompletionPercent, ' %')})`, `${p.postmortems.actionItemsDone} of ${p.postmortems.actionItems} (${fmt(p.postmortems.actionCompletionPercent, ' %')})`] },
          ],
        },
        {
          kind: 'table',
          caption: 'DORA bands (docs/changes.md)',
          columns: ['Key', cur, prev],
          widths: [40, 30, 30],
          rows: [
            { cells: ['Deployment frequency', c.dora ? `${BAND[c.dora.deploymentFrequency]} (${c.dora.deploymentsPerWeek}/week)` : '—', p.dora ? `${BAND[p.dora.deploymentFrequency]} (${p.dora.deploymentsPerWeek}/week)` : '—'] },
            { cells: ['Lead time for changes', c.dora ? BAND[c.dora.leadTime] : '—', p.dora ? BAND[p.dora.leadTime] : '—'] },
            { cells: ['Change failure rate', c.dora ? `${BAND[c.dora.changeFailure]} (${fmt(c.dora.changeFailurePercent, ' %')})` : '—', p.dora ? `${BAND[p.dora.changeFailure]} (${fmt(p.dora.changeFailurePercent, ' %')})` : '—'] },
            { cells: ['Time to restore', c.dora ? BAND[c.dora.timeToRestore] : '—', p.dora ? BAND[p.dora.timeToRestore] : '—'] },
          ],
        },
        { kind: 'line', title: `Readiness score by day, ${prev} and ${cur}`, unit: '', series: r.trends.readiness },
      ],
    },
    {
      title: 'Maturity by team',
      breakBefore: true,
      blocks: [
        { kind: 'text', text: `Organisation: ${level(lvl)}. Movement is the level stored at the end of ${cur} against the end of ${prev}.` },
        {
          kind: 'table',
          caption: 'Maturity level per team and its movement',
          columns: ['Team', `End of ${cur}`, 'Movement', 'Now'],
          widths: [34, 22, 26, 18],
          rows: r.teams.map((t) => {
            const now = r.maturityNow.teams.find((x) => x.team === t.team)?.level ?? null;
            return { cells: [t.team, level(t.level), movement(t.level, t.previousLevel), level(now)] };
          }),
        },
      ],
    },
  ];
  sections.push({ title: 'Notes', breakBefore: false, blocks: r.notes.map((n) => ({ kind: 'text', text: n, muted: true })) });
  return { title: `Reliability report: ${cur}`, subtitle: `Compared with ${prev}. Generated ${stamp(r.generatedAt)} by Runwell.`, footer: `Runwell executive report, ${cur}`, sections };
}

export function maturityDocument(r: MaturityReport): DocModel {
  const o = r.organisation;
  const sections: Section[] = [
    {
      title: 'Organisation',
      breakBefore: false,
      blocks: [
        { kind: 'text', text: `Organisation at ${level(o.level)} (before: ${level(o.previousLevel)}), ${r.teams.length} teams, ${o.services} services.` },
        { kind: 'bars', title: 'Teams per level', legend: ['Teams'], unit: '', series: [Object.entries(o.distribution).map(([l, n]) => ({ label: `L${l} ${levelName(Number(l))}`, value: n }))] },
        {
          kind: 'table',
          caption: 'Teams, levels and criteria met',
          columns: ['Team', 'Level', 'Movement', 'Criteria met'],
          widths: [34, 22, 24, 20],
          rows: r.teams.map((t) => ({ cells: [t.team, level(t.level), movement(t.level, t.previousLevel), `${t.criteria.filter((c) => c.met).length} of ${t.criteria.length}`] })),
        },
      ],
    },
  ];
  for (const t of [o, ...r.teams]) {
    sections.push({
      title: `${t.team}: ${level(t.level)}`,
      breakBefore: true,
      blocks: [
        ...(t.serviceLevels.length ? [{ kind: 'text' as const, text: `Services at their own level (live): ${t.serviceLevels.map((x) => `${x.service} L${x.level}`).join(', ')}.` }] : []),
        {
          kind: 'table',
          caption: `Criteria of ${t.team}, met or not, with their evidence`,
          // Three cells a row, not five: the PDF's layout time grows with the number of text nodes (bench/reports.bench.ts).
          columns: ['Criterion', 'Met', 'Evidence'],
          widths: [30, 16, 54],
          dense: true,
          rows: t.criteria.map((c) => ({ cells: [`L${c.level} ${c.title}`, c.met ? `met (${c.source})` : 'not met', c.evidence] })),
        },
      ],
    });
  }
  sections.push({ title: 'Notes', breakBefore: false, blocks: r.notes.map((n) => ({ kind: 'text', text: n, muted: true })) });
  return { title: `Operations maturity: ${r.periodLabel}`, subtitle: `Generated ${stamp(r.generatedAt)} by Runwell.`, footer: `Runwell maturity report, ${r.periodLabel}`, sections, pageNumbers: false };
}

/** Sections grouped into runs that each start on a new page (a section with breakBefore opens a run). */
export function pageRuns<T extends { breakBefore: boolean }>(sections: T[]): T[][] {
  const runs: T[][] = [];
  for (const sec of sections) {
    if (sec.breakBefore || !runs.length) runs.push([sec]);
    else runs.at(-1)!.push(sec);
  }
  return runs;
}

// The standard PDF fonts (Helvetica) cover Windows-1252 only: other characters
// the assessment writes are spelled in ASCII, anything else becomes "?".
const SPELLED: Record<string, string> = { '≥': '>=', '≤': '<=', '→': '->', '←': '<-', '−': '-', '×': 'x', '≈': '~', '✓': 'yes', '✗': 'no', '…': '...', '\u00a0': ' ', '\u202f': ' ' };
const CP1252_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');

export function winAnsi(text: string): string {
  return [...text].map((c) => SPELLED[c] ?? (c.charCodeAt(0) < 0x100 || CP1252_EXTRA.has(c) ? c : '?')).join('');
}

/** The model with every string made printable in the standard fonts. */
export function printable(doc: DocModel): DocModel {
  return JSON.parse(JSON.stringify(doc), (_k, v: unknown) => (typeof v === 'string' ? winAnsi(v) : v)) as DocModel;
}
