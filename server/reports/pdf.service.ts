import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import { DomainError } from '../errors';
import * as maturity from '../maturity/maturity.service';
import { lastFullMonth, parsePeriod, previousPeriod, PERIOD_HINT } from './period.compute';
import { maturityReport, type MaturityReport } from './maturity-report.compute';
import { executiveDocument, maturityDocument } from './pdf.compute';
import { renderPdf } from './pdf.render';
import type { MonthlyReport, Period } from './reports.schema';
import { monthlyReport } from './reports.service';

// The reports as files: the maturity report (JSON shape of docs/reports.md),
// the executive and maturity PDFs. Used by the REST routes, the CLI and the
// monthly e-mail. Who may call: reports.view (executives, admins, `reports` tokens).

export type ReportOptions = { period?: string; team?: string };

export function periodOf(text: string | undefined, now: number): Period {
  if (text === undefined || text === '') return lastFullMonth(now);
  const p = parsePeriod(text);
  if (!p) throw new DomainError('BAD_INPUT', `period ${PERIOD_HINT} (got "${text}")`, 'period');
  return p;
}

const matches = (team: string, teamId: string | null, asked: string) => {
  const a = asked.trim().toLowerCase();
  return team.toLowerCase() === a || teamId === asked;
};

function unknownTeam(asked: string, known: string[]): DomainError {
  return new DomainError('BAD_INPUT', `unknown team "${asked}"; teams: ${known.slice(0, 20).join(', ')}${known.length > 20 ? ', …' : ''}`, 'team');
}

export async function maturityReportFor(ctx: RequestContext, o: ReportOptions = {}, now = Date.now()): Promise<MaturityReport> {
  authorize(ctx, 'reports.view', 'You may not read reports');
  const period = periodOf(o.period, now);
  const previous = previousPeriod(period);
  const [live, atEnd, before] = await Promise.all([maturity.assessAll(ctx, now), maturity.levelsAt(ctx, new Date(Math.min(period.to - 1, now))), maturity.levelsAt(ctx, new Date(previous.to - 1))]);
  let teams = live.teams;
  if (o.team) {
    teams = teams.filter((t) => matches(t.team, t.teamId, o.team!));
    if (!teams.length) throw unknownTeam(o.team, live.teams.map((t) => t.team));
  }
  return maturityReport({ period, now, org: live.org, teams, levelsAtEnd: atEnd, levelsBefore: before, services: live.services });
}

export async function executiveReportFor(ctx: RequestContext, o: ReportOptions = {}, now = Date.now()): Promise<MonthlyReport> {
  const period = periodOf(o.period, now);
  const r = await monthlyReport(ctx, { period: period.key }, now);
  if (!o.team) return r;
  const teams = r.teams.filter((t) => matches(t.team, t.teamId, o.team!));
  if (!teams.length) throw unknownTeam(o.team, r.teams.map((t) => t.team));
  return { ...r, teams, maturityNow: { ...r.maturityNow, teams: r.maturityNow.teams.filter((t) => teams.some((x) => x.team === t.team)) } };
}

export async function executivePdf(ctx: RequestContext, o: ReportOptions = {}, now = Date.now()): Promise<{ pdf: Buffer; filename: string; report: MonthlyReport }> {
  const report = await executiveReportFor(ctx, o, now);
  return { pdf: await renderPdf(executiveDocument(report)), filename: `runwell-executive-${report.period.key}.pdf`, report };
}

export async function maturityPdf(ctx: RequestContext, o: ReportOptions = {}, now = Date.now()): Promise<{ pdf: Buffer; filename: string }> {
  const report = await maturityReportFor(ctx, o, now);
  return { pdf: await renderPdf(maturityDocument(report)), filename: `runwell-maturity-${report.period}.pdf` };
}
