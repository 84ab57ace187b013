import { DAY_MS } from '../lib/duration';
import type { SloWindow } from './slo.schema';
import { instantAt, wallTimeAt } from '../lib/time-zone';

// Where an SLO's compliance window lies at instant `now`.
//  - rolling N days: [now - N x 24 h, now); its length is always N x 24 h.
//  - calendar month/quarter: the period containing `now`, from local midnight on
//    the 1st to local midnight on the next period's 1st in the SLO's time zone, so
//    a March in Europe/Berlin is 743 h long and an October 745 h. The budget is
//    sized on the whole period and resets at its start.

export type WindowBounds = {
  start: number;
  /** End of the window: `now` for rolling windows, the period end for calendar ones. */
  end: number;
  lengthMs: number;
  /** Time from start to min(now, end): what has been observable so far. */
  elapsedMs: number;
};

export function windowBounds(window: SloWindow, now: number): WindowBounds {
  if (window.type === 'rolling') {
    const lengthMs = window.days * DAY_MS;
    return { start: now - lengthMs, end: now, lengthMs, elapsedMs: lengthMs };
  }
  const { start, end } = calendarPeriod(window.unit, window.timeZone, now);
  return { start, end, lengthMs: end - start, elapsedMs: Math.min(now, end) - start };
}

export function calendarPeriod(unit: 'month' | 'quarter', timeZone: string, now: number): { start: number; end: number } {
  const local = wallTimeAt(now, timeZone);
  const firstMonth = unit === 'month' ? local.month : Math.floor((local.month - 1) / 3) * 3 + 1;
  const months = unit === 'month' ? 1 : 3;
  return {
    start: instantAt({ year: local.year, month: firstMonth, day: 1 }, timeZone),
    end: instantAt({ year: local.year, month: firstMonth + months, day: 1 }, timeZone),
  };
}

/**
 * The rolling period (in days) the Prometheus rules use for an SLO. Prometheus
 * has no calendar ranges, so a calendar month alerts on a rolling 30 d and a
 * quarter on 90 d (the burn-rate factors depend on the period length only);
 * calendar budgets themselves come from Runwell's budget math.
 */
export function rulesPeriodDays(window: SloWindow): number {
  if (window.type === 'rolling') return window.days;
  return window.unit === 'month' ? 30 : 90;
}

/** Human label: "30d", "calendar month (Europe/Berlin)". */
export function describeWindow(window: SloWindow): string {
  return window.type === 'rolling' ? `${window.days}d rolling` : `calendar ${window.unit} (${window.timeZone})`;
}
