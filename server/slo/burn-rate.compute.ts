import { DAY_MS, HOUR_MS, parseDuration } from '../lib/duration';

// Multi-window, multi-burn-rate alerting (Google SRE Workbook ch. 5, as Sloth
// generates it). An alert condition holds when both its short and its long
// window burn faster than `factor`; the short window makes the alert stop soon
// after the problem stops.
//
// Which windows and budget shares apply depends on the SLO period. Like Sloth,
// Runwell reads them from alert-window sets (Sloth's `AlertWindows` files):
// built in are Sloth's defaults for 30 d and 28 d and Sloth's 7 d example; users
// add their own (`--windows-dir`). For any other period the 30 d shares are
// scaled to the period, except that no derived condition fires below 1x: slower
// than 1x the budget lasts the whole period, so there is nothing to act on
// (scaling 30 d's shares to 7 d would ticket at 0.233x; to 3 d, page at 0.6x).

/** Windows over which the SLI error ratio is recorded with the default (30 d / 28 d / 7 d) sets. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

export type Severity = 'page' | 'ticket';

export type BurnRateCondition = {
  severity: Severity;
  /** Prometheus durations, e.g. 5m and 1h. */
  shortWindow: string;
  longWindow: string;
  /** Share of the whole period's budget that this condition lets burn within the long window. */
  budgetPercent: number;
};

/** An alert-window set: page quick, page slow, ticket quick, ticket slow, for one period length. */
export type AlertWindowSet = { periodDays: number; conditions: readonly BurnRateCondition[]; source: string };

const rows = (page: [number, number], ticket: [number, number]): BurnRateCondition[] => [
  { severity: 'page', shortWindow: '5m', longWindow: '1h', budgetPercent: page[0] },
  { severity: 'page', shortWindow: '30m', longWindow: '6h', budgetPercent: page[1] },
  { severity: 'ticket', shortWindow: '2h', longWindow: '1d', budgetPercent: ticket[0] },
  { severity: 'ticket', shortWindow: '6h', longWindow: '3d', budgetPercent: ticket[1] },
];

/** The four rows of the SRE Workbook: 2 % in 1 h, 5 % in 6 h, 10 % in 1 d, 10 % in 3 d. */
const BURN_RATE_CONDITIONS: readonly BurnRateCondition[] = rows([2, 5], [10, 10]);

const BUILTIN_ALERT_WINDOWS: readonly AlertWindowSet[] = [
  { periodDays: 30, conditions: BURN_RATE_CONDITIONS, source: 'built-in (Sloth google-30d)' },
  { periodDays: 28, conditions: BURN_RATE_CONDITIONS, source: 'built-in (Sloth google-28d)' },
  // Sloth's 7 d example: 13.44x / 3.5x pages, 1.4x / 0.98x tickets.
  { periodDays: 7, conditions: rows([8, 12.5], [20, 42]), source: 'built-in (Sloth 7d example)' },
];

/**
 * Burn-rate factor = budget% x period hours / 100 / long-window hours: the burn
 * rate at which `budgetPercent` of the period's budget is gone within the long
 * window. 30 d: 2% in 1 h -> 2 x 720 / 100 / 1 = 14.4.
 */
function burnRateFactor(periodMs: number, condition: Pick<BurnRateCondition, 'budgetPercent' | 'longWindow'>): number {
  const longHours = parseDuration(condition.longWindow) / HOUR_MS;
  return roundFactor((condition.budgetPercent * (periodMs / HOUR_MS)) / 100 / longHours);
}

export type BurnRateThreshold = BurnRateCondition & { factor: number };

/** The set for `periodDays`: a user's set first, then the built-in ones; undefined when none matches. */
function findAlertWindows(periodDays: number, custom: readonly AlertWindowSet[] = []): AlertWindowSet | undefined {
  return custom.find((s) => s.periodDays === periodDays) ?? BUILTIN_ALERT_WINDOWS.find((s) => s.periodDays === periodDays);
}

export function burnRateThresholds(periodDays: number, custom: readonly AlertWindowSet[] = []): BurnRateThreshold[] {
  const set = findAlertWindows(periodDays, custom);
  if (set) return set.conditions.map((c) => ({ ...c, factor: burnRateFactor(periodDays * DAY_MS, c) }));
  // Derived from the 30 d shares, floored at 1x (see the file comment).
  return BURN_RATE_CONDITIONS.map((c) => ({ ...c, factor: Math.max(1, burnRateFactor(periodDays * DAY_MS, c)) }));
}

/** Every window the alerts of these thresholds read, shortest first. */
export function alertWindowsOf(thresholds: readonly BurnRateCondition[]): string[] {
  const all = new Set(thresholds.flatMap((t) => [t.shortWindow, t.longWindow]));
  return [...all].sort((a, b) => parseDuration(a) - parseDuration(b));
}

/** Burn rate = observed error ratio / allowed error ratio. 1 spends the budget exactly over the period. */
export function burnRate(errorRatio: number, budgetRatio: number): number {
  return errorRatio / budgetRatio;
}

// 12 significant digits: 0.9333333333333333 -> 0.933333333333 (printed in rules).
function roundFactor(x: number): number {
  return Number(x.toPrecision(12));
}
