import { DAY_MS, HOUR_MS, parseDuration } from '../lib/duration';

// Multi-window, multi-burn-rate alerting (Google SRE Workbook ch. 5, as Sloth
// generates it). An alert condition holds when both its short and its long
// window burn faster than `factor`; the short window makes the alert stop soon
// after the problem stops.

/** Windows over which the SLI error ratio is recorded and the burn rate reported. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

export type Severity = 'page' | 'ticket';

export type BurnRateCondition = {
  severity: Severity;
  shortWindow: SliWindow;
  longWindow: SliWindow;
  /** Share of the whole period's budget that this condition lets burn within the long window. */
  budgetPercent: number;
};

// The four rows; the factor is derived from the period so that a 28 d SLO gets
// 13.44 / 5.6 / 2.8 / 0.933 rather than the 30 d values.
export const BURN_RATE_CONDITIONS: readonly BurnRateCondition[] = [
  { severity: 'page', shortWindow: '5m', longWindow: '1h', budgetPercent: 2 },
  { severity: 'page', shortWindow: '30m', longWindow: '6h', budgetPercent: 5 },
  { severity: 'ticket', shortWindow: '2h', longWindow: '1d', budgetPercent: 10 },
  { severity: 'ticket', shortWindow: '6h', longWindow: '3d', budgetPercent: 10 },
];

/**
 * Burn-rate factor = budget% x period hours / 100 / long-window hours: the burn
 * rate at which `budgetPercent` of the period's budget is gone within the long
 * window. 30 d: 2% in 1 h -> 2 x 720 / 100 / 1 = 14.4.
 */
export function burnRateFactor(periodMs: number, condition: Pick<BurnRateCondition, 'budgetPercent' | 'longWindow'>): number {
  const longHours = parseDuration(condition.longWindow) / HOUR_MS;
  return roundFactor((condition.budgetPercent * (periodMs / HOUR_MS)) / 100 / longHours);
}

export type BurnRateThreshold = BurnRateCondition & { factor: number };

export function burnRateThresholds(periodDays: number): BurnRateThreshold[] {
  return BURN_RATE_CONDITIONS.map((c) => ({ ...c, factor: burnRateFactor(periodDays * DAY_MS, c) }));
}

/** Burn rate = observed error ratio / allowed error ratio. 1 spends the budget exactly over the period. */
export function burnRate(errorRatio: number, budgetRatio: number): number {
  return errorRatio / budgetRatio;
}

// 12 significant digits: 0.9333333333333333 -> 0.933333333333 (printed in rules).
function roundFactor(x: number): number {
  return Number(x.toPrecision(12));
}
