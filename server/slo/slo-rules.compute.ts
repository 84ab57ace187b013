import { alertWindowsOf, burnRateThresholds, type AlertWindowSet, type BurnRateThreshold, type Severity } from './burn-rate.compute';
import { runChain, type PluginContext, type PluginStep } from './slo-plugins.compute';
import { SERIES, sortKeys, type AlertingRule, type RecordingRule, type Rule, type RuleGroup } from './slo-series.compute';
import { errorBudgetRatio, objectiveRatio, sloId, type Slo, type SloAlert } from './slo.schema';
import { errorRateExpr, errorRatioExpr, eventQueries, promNumber, rawRatioExpr, selector, totalRateExpr } from './slo-promql.compute';
import { rulesPeriodDays } from './slo-windows.compute';
import { DAY_MS, parseDuration } from '../lib/duration';

// Prometheus rules for an SLO, compatible with Sloth's output: same series names
// and labels (Grafana's Sloth dashboards and Alertmanager routes keep working),
// same three groups per SLO. Differences (docs/slo.md, "Rules"):
//  1. The period ratio (slo:sli_error:ratio_rate30d) is sum(errors)/sum(total)
//     over the period, from two extra 5 m series, instead of the mean of the 5 m
//     ratios, which weighs a quiet night's 5 minutes like a peak hour's.
//  2. No traffic gives no sample instead of NaN/Inf; no error series gives 0.
//  3. Burn-rate factors follow the period length (28 d -> 13.44, ...).

export type { AlertingRule, RecordingRule, Rule, RuleGroup } from './slo-series.compute';
;
export type RulesResult = { groups: RuleGroup[]; warnings: string[] };

/** How to generate: the SLO plugin chain (default: Sloth's), user alert-window sets, the spec the SLO came in. */
export type RuleOptions = {
  plugins?: readonly PluginStep[];
  alertWindows?: readonly AlertWindowSet[];
  /** Written to sloth_slo_info's sloth_spec, as Sloth does: prometheus/v1, sloth.slok.dev/v1, openslo/v1alpha ... */
  spec?: string;
};

export function sloRuleGroups(slo: Slo, options: RuleOptions = {}): RulesResult {
  const id = sloId(slo);
  const periodDays = rulesPeriodDays(slo.window);
  const thresholds = burnRateThresholds(periodDays, options.alertWindows);
  const windows = alertWindowsOf(thresholds);
  const longest = windows[windows.length - 1]!;
  if (parseDuration(longest) > periodDays * DAY_MS) {
    throw new RangeError(`${id}: a ${periodDays}d period is shorter than the ${longest} ticket window; use a longer period`);
  }
  const idLabels = { sloth_id: id, sloth_service: slo.service, sloth_slo: slo.name };
  const filter = selector(idLabels);
  const baseLabels = { ...slo.labels, ...idLabels };
  const period = `${periodDays}d`;
  const budget = errorBudgetRatio(slo.objective);

  const ctx: PluginContext = {
    slo,
    idLabels,
    baseLabels,
    alertWindows: windows,
    period,
    generate: {
      sli: ({ optimized }) => sliRecordings(slo, baseLabels, filter, windows, period, optimized),
      meta: () => metaRecordings(slo, baseLabels, filter, period, periodDays, options.spec ?? 'prometheus/v1'),
      alerts: () => alertRules(slo, filter, thresholds, budget),
    },
  };
  const rules = runChain(options.plugins, ctx);
  const group = (name: string, list: Rule[], interval: string | undefined): RuleGroup[] =>
    list.length ? [{ name, ...(interval ? { interval } : {}), rules: list }] : [];

  return {
    groups: [
      ...group(`sloth-slo-sli-recordings-${id}`, rules.sli, rules.intervals.sli),
      ...group(`sloth-slo-meta-recordings-${id}`, rules.meta, rules.intervals.meta),
      ...group(`sloth-slo-alerts-${id}`, rules.alerts, rules.intervals.alerts),
    ],
    warnings: rules.alerts.length ? unreachableThresholds(id, thresholds, budget, slo) : [],
  };
}

/** One rule file for many SLOs (ids must be unique: the parsers check). */
export function ruleGroupsFor(slos: readonly Slo[], optionsFor: (slo: Slo, index: number) => RuleOptions = () => ({})): RulesResult {
  const groups: RuleGroup[] = [];
  const warnings: string[] = [];
  slos.forEach((slo, i) => {
    const r = sloRuleGroups(slo, optionsFor(slo, i));
    groups.push(...r.groups);
    warnings.push(...r.warnings);
  });
  return { groups, warnings };
}

function sliRecordings(
  slo: Slo,
  baseLabels: Record<string, string>,
  filter: string,
  windows: readonly string[],
  period: string,
  optimized: boolean,
): RecordingRule[] {
  const labels = (window: string) => sortKeys({ ...baseLabels, sloth_window: window });
  const events = eventQueries(slo.sli);
  const rules: RecordingRule[] = [];
  // 5m is always recorded: the current burn rate and the period ratio are built on it.
  const rest = windows.filter((w) => w !== '5m');

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
    for (const w of rest) rules.push({ record: SERIES.errorRatio(w), expr: errorRatioExpr(events, w), labels: labels(w) });
  } else if (slo.sli.type === 'raw') {
    for (const w of ['5m', ...rest]) rules.push({ record: SERIES.errorRatio(w), expr: rawRatioExpr(slo.sli.errorRatioQuery, w), labels: labels(w) });
  }

  if (!windows.includes(period)) {
    const expr = optimized
      ? periodRatioExpr(events !== null, filter, period)
      : events
        ? errorRatioExpr(events, period)
        : rawRatioExpr((slo.sli as { errorRatioQuery: string }).errorRatioQuery, period);
    rules.push({ record: SERIES.errorRatio(period), expr, labels: labels(period) });
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

function metaRecordings(slo: Slo, baseLabels: Record<string, string>, filter: string, period: string, periodDays: number, spec: string): RecordingRule[] {
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
        sloth_spec: spec,
        sloth_version: 'runwell',
      }),
    },
  ];
}

function alertRules(slo: Slo, filter: string, thresholds: BurnRateThreshold[], budget: number): AlertingRule[] {
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
  return rules;
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
