import type { MarkerResult, ScopeAssessment, ServiceAssessment } from '../maturity/maturity.schema';
import type { Period } from './reports.schema';

// The maturity report (pure): every team's level, its level at the end of the
// period before, and each criterion met or not with where its evidence comes
// from. The CLI's JSON (`runwell report maturity --format json`), its Markdown
// and the maturity PDF are all this shape (docs/reports.md).

export type CriterionLine = { id: string; level: number; title: string; met: boolean; source: 'measured' | 'attested'; evidence: string; href: string };
/** serviceLevels: each of the team's services at its own live level (docs/maturity.md "Per service"); empty for the organisation. */
export type ServiceLevel = { service: string; serviceId: string; level: number };
export type TeamMaturity = { team: string; teamId: string | null; services: number; level: number; previousLevel: number | null; serviceLevels: ServiceLevel[]; criteria: CriterionLine[] };
export type MaturityReport = {
  period: string;
  periodLabel: string;
  generatedAt: number;
  teams: TeamMaturity[];
  organisation: TeamMaturity & { distribution: Record<'1' | '2' | '3' | '4' | '5', number> };
  notes: string[];
};

/** The evidence in one line: the rule, the measured value and detail, or who attested it until when, with the link. */
function evidenceOf(m: MarkerResult): string {
  if (m.source === 'attested' && m.attestation) return `${m.criterion}; attested by ${m.attestation.by} until ${m.attestation.until.slice(0, 10)}: ${m.attestation.evidenceUrl}`;
  const value = m.value === null ? '' : `${Number.isInteger(m.value) ? m.value : m.value.toFixed(1)}`;
  const expired = m.attestation?.expired ? `attestation expired ${m.attestation.until.slice(0, 10)}` : '';
  return [m.criterion, value && `value ${value}`, m.detail, expired].filter(Boolean).join('; ');
}

export function criteriaOf(a: Pick<ScopeAssessment, 'markers'>): CriterionLine[] {
  return a.markers.map((m) => ({ id: m.id, level: m.level, title: m.title, met: m.status === 'met', source: m.source, evidence: evidenceOf(m), href: m.href }));
}

export function maturityReport(input: {
  period: Period;
  now: number;
  org: ScopeAssessment;
  teams: ScopeAssessment[];
  /** Stored levels at the end of the period and of the period before, by scope key (team id, or "org"). */
  levelsAtEnd: Map<string, number>;
  levelsBefore: Map<string, number>;
  /** The services' own assessments (live); none: no service levels. */
  services?: readonly Pick<ServiceAssessment, 'service' | 'serviceId' | 'teamId' | 'level'>[];
}): MaturityReport {
  const { period, now, org, levelsAtEnd, levelsBefore } = input;
  // The running period reads the live assessment; a past one its stored level (live when none was stored).
  const past = period.to <= now;
  const line = (a: ScopeAssessment): TeamMaturity => {
    const key = a.teamId ?? 'org';
    const serviceLevels = a.teamId ? (input.services ?? []).filter((s) => s.teamId === a.teamId).map((s) => ({ service: s.service, serviceId: s.serviceId, level: s.level })).sort((x, y) => x.service.localeCompare(y.service)) : [];
    return { team: a.team, teamId: a.teamId, services: a.services, level: (past ? levelsAtEnd.get(key) : undefined) ?? a.level, previousLevel: levelsBefore.get(key) ?? null, serviceLevels, criteria: criteriaOf(a) };
  };
  const teams = [...input.teams].sort((a, b) => a.team.localeCompare(b.team)).map(line);
  const distribution = { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0 };
  for (const t of teams) distribution[String(t.level) as keyof typeof distribution] += 1;
  const notes = ['Criteria are the live assessment (docs/maturity.md); levels of a past period are the snapshots stored at its end.'];
  if (past && teams.some((t) => t.teamId && !levelsAtEnd.has(t.teamId))) notes.push('Some teams had no snapshot stored by the end of the period; their live level is shown.');
  return { period: period.key, periodLabel: period.label, generatedAt: now, teams, organisation: { ...line(org), distribution }, notes };
}

/** Markdown for wikis and pull requests: one table of teams, then each team's unmet criteria. */
export function maturityMarkdown(r: MaturityReport): string {
  const lvl = (n: number | null) => (n === null ? '—' : `L${n}`);
  const out = [`# Operations maturity: ${r.periodLabel}`, '', `Organisation: ${lvl(r.organisation.level)} (before: ${lvl(r.organisation.previousLevel)}); teams per level: ${Object.entries(r.organisation.distribution).map(([l, n]) => `L${l} ${n}`).join(', ')}`, ''];
  out.push('| Team | Level | Before | Criteria met |', '| --- | --- | --- | --- |');
  for (const t of r.teams) out.push(`| ${t.team} | ${lvl(t.level)} | ${lvl(t.previousLevel)} | ${t.criteria.filter((c) => c.met).length} of ${t.criteria.length} |`);
  for (const t of r.teams) {
    const unmet = t.criteria.filter((c) => !c.met);
    out.push('', `## ${t.team}: ${lvl(t.level)}`, '');
    if (!unmet.length) out.push('Every criterion met.');
    for (const c of unmet) out.push(`- L${c.level} ${c.title} (${c.source}): ${c.evidence}`);
  }
  out.push('', ...r.notes.map((n) => `_${n}_`));
  return `${out.join('\n')}\n`;
}
