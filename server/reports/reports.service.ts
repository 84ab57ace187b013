import { authorize } from '../lib/authorize';
import type { RequestContext } from '../lib/request-context';
import * as actionItems from '../postmortems/action-items.service';
import * as changes from '../changes/changes.service';
import * as incidents from '../incidents/incidents.service';
import * as maturity from '../maturity/maturity.service';
import * as readiness from '../readiness/readiness.service';
import * as slo from '../slo/slo.service';
import { lastFullMonth, parsePeriod, periodsEndingWith, previousPeriod } from './period.compute';
import { deltas, minutes, round1, SEVERITIES, sloRollup, topRisks } from './reports.compute';
import { reportInputSchema, type DoraLine, type Headline, type MonthlyReport, type Period, type ReportInput, type TeamLine } from './reports.schema';

// The executive report: one month's or quarter's headline figures from the
// other domains' services, the period before for the trend, the top risks in
// plain sentences.
// Who may read it: reports.view (executives, admins, `reports` API tokens).

const DAY_MS = 86_400_000;

async function headline(ctx: RequestContext, p: Period, now: number, readinessTrend: { day: string; score: number }[]) {
  // Figures "at the end of the month" are evaluated at its last instant, or now for the running month.
  const end = Math.min(p.to - 1, now);
  const days = Math.max(1, Math.round((p.to - p.from) / DAY_MS));
  const [slos, metrics, completion, levels, dora] = await Promise.all([
    slo.listSlos(ctx, {}, end),
    incidents.incidentMetrics(ctx, { from: new Date(p.from), to: new Date(p.to) }),
    actionItems.completionReport(ctx, { days }, end),
    maturity.levelsAt(ctx, new Date(end)),
    p.from < now ? changes.doraReport(ctx, { days: Math.min(days, 365) }, end + 1) : null,
  ]);
  const doraLine: DoraLine | null = dora && {
    deploymentsPerWeek: dora.deploymentsPerWeek,
    deploymentFrequency: dora.deploymentFrequency,
    leadTime: dora.leadTime,
    changeFailurePercent: dora.changeFailureRate === null ? null : round1(dora.changeFailureRate * 100),
    changeFailure: dora.changeFailure,
    timeToRestore: dora.timeToRestore,
  };
  const last = [...readinessTrend].reverse().find((t) => Date.parse(`${t.day}T00:00:00Z`) < p.to && Date.parse(`${t.day}T00:00:00Z`) >= p.from);
  const orgLevel = levels.get('org') ?? null;
  const h: Headline = {
    slos: sloRollup(slos),
    incidents: {
      total: metrics.incidents,
      unresolved: metrics.unresolved,
      bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, { count: metrics.bySeverity[s].incidents, mttrMinutes: minutes(metrics.bySeverity[s].mttr.medianMs) }])) as Headline['incidents']['bySeverity'],
      mttrMinutes: minutes(metrics.overall.mttr.medianMs),
    },
    postmortems: {
      due: completion.overall.due,
      filed: completion.overall.filed,
      completionPercent: completion.overall.rate === null ? null : round1(completion.overall.rate),
      actionItems: completion.overall.actions.total,
      actionItemsDone: completion.overall.actions.done,
      actionCompletionPercent: completion.overall.actions.completionRate === null ? null : round1(completion.overall.actions.completionRate),
    },
    readiness: { score: last?.score ?? null, day: last?.day ?? null },
    maturity: { level: orgLevel, source: orgLevel === null ? 'none' : 'snapshot' },
    dora: doraLine,
  };
  return { h, slos, levels };
}

export async function monthlyReport(ctx: RequestContext, input: ReportInput = {}, now = Date.now()): Promise<MonthlyReport> {
  authorize(ctx, 'reports.view', 'You may not read reports');
  const { month, period: asked } = reportInputSchema.parse(input);
  const period = (asked ?? month ? parsePeriod((asked ?? month)!) : null) ?? lastFullMonth(now);
  const previous = previousPeriod(period);
  const word = period.kind;
  const trendDays = Math.min(365, Math.max(1, Math.ceil((now - previous.from) / DAY_MS) + 1));
  const overview = await readiness.getOverview(ctx, { days: trendDays }, new Date(now));
  const trend = overview.trend.map((t) => ({ day: t.day, score: t.score }));
  const mttrPeriods = periodsEndingWith(period, 6);
  const [cur, prev, overdueItems, live, mttrTrend] = await Promise.all([
    headline(ctx, period, now, trend),
    headline(ctx, previous, now, trend),
    actionItems.listActionItems(ctx, { status: 'unfinished', overdue: true, pageSize: 1 }, now),
    maturity.assessAll(ctx, now),
    Promise.all(mttrPeriods.map((p) => (p.from > now ? null : incidents.incidentMetrics(ctx, { from: new Date(p.from), to: new Date(p.to) })))),
  ]);
  const exhausted = cur.slos.filter((s) => s.dataState === 'ok' && s.remainingPercent <= 0);
  const teamIds = [...new Set([...live.teams.map((t) => t.teamId!), ...cur.slos.map((s) => s.teamId)])];
  const teams: TeamLine[] = teamIds.map((teamId) => {
    const own = cur.slos.filter((s) => s.teamId === teamId);
    const roll = sloRollup(own);
    return {
      teamId,
      team: live.teams.find((t) => t.teamId === teamId)?.team ?? own[0]?.teamName ?? teamId,
      slos: own.length,
      meeting: roll.meeting,
      exhausted: roll.exhausted,
      budgetSpentPercent: roll.budgetSpentPercent,
      level: cur.levels.get(teamId) ?? null,
      previousLevel: prev.levels.get(teamId) ?? null,
    };
  });
  const notes: string[] = [];
  if (period.to > now) notes.push(`${period.label} is not over yet: figures run to ${new Date(now).toISOString().slice(0, 10)}.`);
  if (cur.h.maturity.level === null) notes.push(`No maturity snapshot was stored by the end of this ${word}; the live level is shown instead.`);
  notes.push(`SLO figures are each SLO’s window as it stood at the end of the ${word}; incidents are those whose impact started in the ${word}; DORA bands are over the ${word} (docs/changes.md).`);
  return {
    generatedAt: now,
    period,
    previous,
    current: cur.h,
    prior: prev.h,
    deltas: deltas(cur.h, prev.h),
    risks: topRisks({
      current: cur.h,
      prior: prev.h,
      exhaustedSlos: exhausted.map((s) => ({ name: s.name, service: s.serviceName, team: s.teamName })),
      overduePostmortems: Math.max(0, cur.h.postmortems.due - cur.h.postmortems.filed),
      openActionItemsOverdue: overdueItems.overdue,
      unresolved: cur.h.incidents.unresolved,
      periodWord: word,
    }),
    teams: teams.sort((a, b) => a.team.localeCompare(b.team)),
    maturityNow: { level: live.org.level, teams: live.teams.map((t) => ({ team: t.team, level: t.level })) },
    trends: {
      mttr: mttrPeriods.map((p, i) => ({ label: p.key, value: minutes(mttrTrend[i]?.overall.mttr.medianMs ?? null) })),
      readiness: trend.filter((t) => Date.parse(`${t.day}T00:00:00Z`) >= previous.from && Date.parse(`${t.day}T00:00:00Z`) < period.to).map((t) => ({ label: t.day, value: t.score })),
    },
    notes,
  };
}
