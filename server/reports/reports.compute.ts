import type { Delta, Headline, Risk, Severity } from './reports.schema';
export { direction } from './reports.schema';

// Pure parts of the executive report: SLO roll-ups, period-over-period deltas
// and the top risks in plain sentences (periods: period.compute.ts).

export type SloState = { teamId: string; remainingPercent: number; dataState: 'ok' | 'no-data' };

/** SLOs at the end of the month: meeting = budget left (the SLI holds its objective over the window). */
export function sloRollup(slos: readonly SloState[]): Headline['slos'] {
  const measured = slos.filter((s) => s.dataState === 'ok');
  const meeting = measured.filter((s) => s.remainingPercent > 0).length;
  const spent = measured.map((s) => Math.min(Math.max(100 - s.remainingPercent, 0), 100));
  return {
    total: slos.length,
    meeting,
    meetingPercent: measured.length ? round1((meeting / measured.length) * 100) : null,
    exhausted: measured.length - meeting,
    budgetSpentPercent: spent.length ? round1(spent.reduce((a, b) => a + b, 0) / spent.length) : null,
  };
}

export function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

export const minutes = (ms: number | null): number | null => (ms === null ? null : round1(ms / 60_000));

const DELTAS: { key: string; label: string; pick: (h: Headline) => number | null; better: 'up' | 'down'; unit: string }[] = [
  { key: 'slosMeeting', label: 'SLOs meeting target', pick: (h) => h.slos.meetingPercent, better: 'up', unit: '%' },
  { key: 'budgetSpent', label: 'Error budget spent (mean)', pick: (h) => h.slos.budgetSpentPercent, better: 'down', unit: '%' },
  { key: 'incidents', label: 'Incidents', pick: (h) => h.incidents.total, better: 'down', unit: '' },
  { key: 'p1', label: 'P1 incidents', pick: (h) => h.incidents.bySeverity.P1.count, better: 'down', unit: '' },
  { key: 'mttr', label: 'MTTR (median)', pick: (h) => h.incidents.mttrMinutes, better: 'down', unit: ' min' },
  { key: 'postmortems', label: 'Post-mortem completion', pick: (h) => h.postmortems.completionPercent, better: 'up', unit: '%' },
  { key: 'actions', label: 'Action item completion', pick: (h) => h.postmortems.actionCompletionPercent, better: 'up', unit: '%' },
  { key: 'readiness', label: 'Readiness score', pick: (h) => h.readiness.score, better: 'up', unit: '' },
  { key: 'maturity', label: 'Maturity level (organisation)', pick: (h) => h.maturity.level, better: 'up', unit: '' },
];

export function deltas(current: Headline, prior: Headline): Delta[] {
  return DELTAS.map(({ key, label, pick, better, unit }) => {
    const c = pick(current);
    const p = pick(prior);
    return { key, label, current: c, previous: p, change: c !== null && p !== null ? round1(c - p) : null, better, unit };
  });
}

export type RiskInput = {
  current: Headline;
  prior: Headline;
  exhaustedSlos: { name: string; service: string; team: string }[];
  overduePostmortems: number;
  openActionItemsOverdue: number;
  unresolved: number;
  /** "month" or "quarter": the risks' wording. */
  periodWord?: string;
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The top risks, most serious first, each one sentence an executive can act on. */
export function topRisks(r: RiskInput, limit = 6): Risk[] {
  const out: Risk[] = [];
  const word = r.periodWord ?? 'month';
  if (r.exhaustedSlos.length) {
    const names = r.exhaustedSlos.slice(0, 3).map((s) => `${s.service} (${s.team})`).join(', ');
    out.push({ severity: 'high', text: `${plural(r.exhaustedSlos.length, 'SLO')} ended the ${word} with no error budget left: ${names}${r.exhaustedSlos.length > 3 ? ' and others' : ''}. Their teams should favour reliability work over features until the budget recovers.`, href: '/slos' });
  }
  if (r.unresolved) out.push({ severity: 'high', text: `${plural(r.unresolved, 'incident')} that started this ${word} ${r.unresolved === 1 ? 'is' : 'are'} still not resolved.`, href: '/incidents' });
  const p1 = r.current.incidents.bySeverity.P1;
  if (p1.mttrMinutes !== null && p1.mttrMinutes > 60) out.push({ severity: 'high', text: `P1 incidents took ${Math.round(p1.mttrMinutes)} minutes to resolve (median), above the one-hour warning line: runbooks and diagnostics need attention.`, href: '/quality' });
  if (r.overduePostmortems) out.push({ severity: 'medium', text: `${plural(r.overduePostmortems, 'post-mortem')} of P1/P2 incidents ${r.overduePostmortems === 1 ? 'is' : 'are'} overdue: the lessons of those incidents are not captured yet.`, href: '/postmortems' });
  if (r.openActionItemsOverdue) out.push({ severity: 'medium', text: `${plural(r.openActionItemsOverdue, 'action item')} from post-mortems ${r.openActionItemsOverdue === 1 ? 'is' : 'are'} past due: the same failures can recur.`, href: '/postmortems' });
  const pc = r.current.postmortems.completionPercent;
  if (pc !== null && pc < 80) out.push({ severity: 'medium', text: `Only ${Math.round(pc)} % of due post-mortems were filed (target: all of them).`, href: '/postmortems' });
  const rs = r.current.readiness.score;
  const rp = r.prior.readiness.score;
  if (rs !== null && rp !== null && rs < rp - 2) out.push({ severity: 'medium', text: `The readiness score fell from ${rp} to ${rs}: new or changed workloads miss production checks.`, href: '/readiness' });
  const inc = r.current.incidents.total;
  const incPrev = r.prior.incidents.total;
  if (incPrev > 0 && inc >= incPrev * 1.5 && inc - incPrev >= 2) out.push({ severity: 'medium', text: `Incidents rose from ${incPrev} to ${inc} compared with the previous ${word}.`, href: '/incidents' });
  const order = { high: 0, medium: 1 };
  return out.sort((a, b) => order[a.severity] - order[b.severity]).slice(0, limit);
}

export const SEVERITIES: Severity[] = ['P1', 'P2', 'P3'];
