import { burnRateThresholds, SLI_WINDOWS, type BurnRateThreshold, type Severity } from './burn-rate.compute';
import { errorBudgetRatio, objectiveRatio, sloId, type Slo, type SloAlert } from './slo.schema';
import { errorRateExpr, errorRatioExpr, eventQueries, promNumber, rawRatioExpr, selector, totalRateExpr } from './slo-promql.compute';
import { rulesPeriodDays } from './slo-windows.compute';

// Prometheus rules for an SLO, compatible with Sloth's output: same series names
// and labels (Grafana's Sloth dashboards and Alertmanager routes keep working),
// same three groups per SLO. Differences (docs/slo.md, "Rules"):
//  1. The period ratio (slo:sli_error:ratio_rate30d) is sum(errors)/sum(total)
//     over the period, from two extra 5 m series, instead of the mean of the 5 m
//     ratios, which weighs a quiet night's 5 minutes like a peak hour's.
//  2. No traffic gives no sample instead of NaN/Inf; no error series gives 0.
//  3. Burn-rate factors follow the period length (28 d -> 13.44, ...).

export type RecordingRule = { record: string; expr: string; labels: Record<string, string> };
export type AlertingRule = { alert: string; expr: string; labels: Record<string, string>; annotations: Record<string, string> };
export type Rule = RecordingRule | AlertingRule;
export type RuleGroup = { name: string; rules: Rule[] };
export type RulesResult = { groups: RuleGroup[]; warnings: string[] };

export const SERIES = {
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  // Runwell additions: 5 m bad/total rates, summed over the period for the exact ratio.
  errorEvents5m: 'slo:sli_error_events:rate5m',
  totalEvents5m: 'slo:sli_total_events:rate5m',
  objective: 'slo:objective:ratio',
  errorBudget: 'slo:error_budget:ratio',
  periodDays: 'slo:time_period:days',
  currentBurnRate: 'slo:current_burn_rate:ratio',
  periodBurnRate: 'slo:period_burn_rate:ratio',
  periodBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
  info: 'sloth_slo_info',
} as const;

const LONGEST_ALERT_WINDOW_DAYS = 3;

export function sloRuleGroups(slo: Slo): RulesResult {
  const id = sloId(slo);
  const periodDays = rulesPeriodDays(slo.window);
  if (periodDays < LONGEST_ALERT_WINDOW_DAYS) {
    throw new RangeError(`${id}: a ${periodDays}d period is shorter than the 3d ticket window; use at least 3 days`);
  }
  const idLabels = { sloth_id: id, sloth_service: slo.service, sloth_slo: slo.name };
  const filter = selector(idLabels);
  const baseLabels = { ...slo.labels, ...idLabels };
  const period = `${periodDays}d`;
  const thresholds = burnRateThresholds(periodDays);
  const budget = errorBudgetRatio(slo.objective);

  return {
    groups: [
      { name: `sloth-slo-sli-recordings-${id}`, rules: sliRecordings(slo, baseLabels, filter, period) },
      { name: `sloth-slo-meta-recordings-${id}`, rules: metaRecordings(slo, baseLabels, filter, period, periodDays) },
      ...alertGroup(slo, id, filter, thresholds, budget),
    ],
    warnings: unreachableThresholds(id, thresholds, budget, slo),
  };
}

/** One rule file for many SLOs (ids must be unique: the parsers check). */
export function ruleGroupsFor(slos: readonly Slo[]): RulesResult {
  const groups: RuleGroup[] = [];
  const warnings: string[] = [];
  for (const slo of slos) {
    const r = sloRuleGroups(slo);
    groups.push(...r.groups);
    warnings.push(...r.warnings);
  }
  return { groups, warnings };
}

function sliRecordings(slo: Slo, baseLabels: Record<string, string>, filter: string, period: string): RecordingRule[] {
  const labels = (window: string) => sortKeys({ ...baseLabels, sloth_window: window });
  const events = eventQueries(slo.sli);
  const rules: RecordingRule[] = [];

  if (events) {
    // Bad and total rates over 5 m, recorded once; the 5 m ratio and the period
    // ratio are computed from them.
    rules.push(
      { record: SERIES.errorEvents5m, expr: errorRateExpr(events, '5m'), labels: labels('5m') },
      { record: SERIES.totalEvents5m, expr: totalRateExpr(events, '5m'), labels: labels('5m') },
      {
        record: SERIES.errorRatio('5m'),
        expr: `${SERIES.errorEvents5m}${filter}\n/\n(${SERIES.totalEvents5m}${filter} > 0)`,
        labels: labels('5m'),
      },
    );
    for (const w of SLI_WINDOWS.slice(1)) rules.push({ record: SERIES.errorRatio(w), expr: errorRatioExpr(events, w), labels: labels(w) });
  } else if (slo.sli.type === 'raw') {
    for (const w of SLI_WINDOWS) rules.push({ record: SERIES.errorRatio(w), expr: rawRatioExpr(slo.sli.errorRatioQuery, w), labels: labels(w) });
  }

  if (!(SLI_WINDOWS as readonly string[]).includes(period)) {
    rules.push({ record: SERIES.errorRatio(period), expr: periodRatioExpr(events !== null, filter, period), labels: labels(period) });
  }
  return rules;
}

/**
 * The period error ratio. Each 5 m rate sample is the average rate over the 5
 * minutes before it, and numerator and denominator are sampled at the same
 * instants, so sum_over_time(bad) / sum_over_time(total) = (bad events in the
 * period) / (events in the period) x (the same sampling factor on both sides,
 * which cancels) - the traffic-weighted ratio, i.e. errors / total, evaluated
 * cheaply from recorded series instead of a raw 30 d range over every counter.
 * Intervals with no traffic add 0 to both sums and so do not dilute the ratio.
 * A raw (already a ratio) SLI has no counts: its period ratio is the time
 * average of its 5 m ratio, as in Sloth.
 */
function periodRatioExpr(hasEvents: boolean, filter: string, period: string): string {
  if (!hasEvents) return `avg_over_time(${SERIES.errorRatio('5m')}${filter}[${period}])`;
  return (
    `sum_over_time(${SERIES.errorEvents5m}${filter}[${period}])\n/\n` +
    `(sum_over_time(${SERIES.totalEvents5m}${filter}[${period}]) > 0)`
  );
}

function metaRecordings(slo: Slo, baseLabels: Record<string, string>, filter: string, period: string, periodDays: number): RecordingRule[] {
  const labels = sortKeys(baseLabels);
  const burnRateOf = (series: string) =>
    `${series}${filter}\n/ on(sloth_id, sloth_slo, sloth_service) group_left\n${SERIES.errorBudget}${filter}`;
  return [
    { record: SERIES.objective, expr: `vector(${promNumber(objectiveRatio(slo.objective))})`, labels },
    { record: SERIES.errorBudget, expr: `vector(${promNumber(errorBudgetRatio(slo.objective))})`, labels },
    { record: SERIES.periodDays, expr: `vector(${periodDays})`, labels },
    { record: SERIES.currentBurnRate, expr: burnRateOf(SERIES.errorRatio('5m')), labels },
    { record: SERIES.periodBurnRate, expr: burnRateOf(SERIES.errorRatio(period)), labels },
    { record: SERIES.periodBudgetRemaining, expr: `1 - ${SERIES.periodBurnRate}${filter}`, labels },
    {
      record: SERIES.info,
      expr: 'vector(1)',
      labels: sortKeys({
        ...labels,
        sloth_mode: 'runwell',
        sloth_objective: String(slo.objective),
        sloth_spec: 'prometheus/v1',
        sloth_version: 'runwell',
      }),
    },
  ];
}

function alertGroup(slo: Slo, id: string, filter: string, thresholds: BurnRateThreshold[], budget: number): RuleGroup[] {
  const a = slo.alerting;
  const rules: AlertingRule[] = [];
  for (const severity of ['page', 'ticket'] as const) {
    const alert: SloAlert = a[severity];
    if (alert.disabled || !a.name) continue;
    const [quick, slow] = thresholds.filter((t) => t.severity === severity) as [BurnRateThreshold, BurnRateThreshold];
    rules.push({
      alert: a.name,
      expr: `${conditionExpr(quick, filter, budget)}\nor\n${conditionExpr(slow, filter, budget)}`,
      labels: sortKeys({ ...a.labels, ...alert.labels, sloth_severity: severity }),
      annotations: sortKeys({
        ...defaultAnnotations(severity),
        ...a.annotations,
        ...(a.runbookUrl ? { runbook_url: a.runbookUrl } : {}),
        ...alert.annotations,
      }),
    });
  }
  return rules.length ? [{ name: `sloth-slo-alerts-${id}`, rules }] : [];
}

// `max without (sloth_window)` makes both windows' series comparable and keeps the
// alert's identity the same whichever condition fires (Sloth does the same).
function conditionExpr(t: BurnRateThreshold, filter: string, budget: number): string {
  const over = `(${promNumber(t.factor)} * ${promNumber(budget)})`;
  const side = (w: string) => `max(${SERIES.errorRatio(w)}${filter} > ${over}) without (sloth_window)`;
  return `(\n  ${side(t.shortWindow)}\n  and\n  ${side(t.longWindow)}\n)`;
}

function defaultAnnotations(severity: Severity): Record<string, string> {
  return {
    title: `(${severity}) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.`,
    summary: '{{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is over expected.',
  };
}

// With a loose objective the page threshold can exceed a 100 % error ratio
// (90 % objective x 14.4 = 144 %): say so rather than ship an alert that cannot fire.
function unreachableThresholds(id: string, thresholds: BurnRateThreshold[], budget: number, slo: Slo): string[] {
  return thresholds
    .filter((t) => !slo.alerting[t.severity].disabled && t.factor * budget >= 1)
    .map(
      (t) =>
        `${id}: the ${t.severity} condition ${t.shortWindow}/${t.longWindow} needs an error ratio of ${promNumber(
          t.factor * budget * 100,
        )}% (burn rate ${promNumber(t.factor)}x a ${promNumber(budget * 100)}% budget) and can never fire`,
    );
}

function sortKeys(labels: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
