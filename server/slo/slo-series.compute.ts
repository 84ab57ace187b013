// Prometheus rule shapes and the series names the generated rules use. Kept apart
// from the generator so that SLO plugins (slo-plugins.compute.ts) can name the
// same series without importing the generator.

export type RecordingRule = { record: string; expr: string; labels: Record<string, string> };
export type AlertingRule = { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> };
export type Rule = RecordingRule | AlertingRule;
/** `interval` is the group's evaluation interval (set by the rule_intervals plugin). */
export type RuleGroup = { name: string; interval?: string; rules: Rule[] };

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
  // sloth.dev/contrib/denominator_corrected_rules/v1: traffic in a window relative to the period's.
  numeratorCorrection: (window: string) => `slo:numerator_correction:ratio${window}`,
} as const;

/** Labels that identify an SLO's series; plugins never remove them. */
export const ID_LABELS = ['sloth_id', 'sloth_service', 'sloth_slo'] as const;
export const WINDOW_LABEL = 'sloth_window';

export function sortKeys<V>(labels: Record<string, V>): Record<string, V> {
  return Object.fromEntries(Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
