import { addToWall, instantAt, isoWeekday, wallTimeAt } from '../lib/time-zone';
import { minutesOfDay, WEEKDAY_NAMES, type TimeWindow } from './oncall.schema';

// Recurring local windows ("Mon-Fri 09:00-17:00 Europe/Berlin") as instants. Each
// occurrence is built from the local date and converted with instantAt, so a
// window keeps its wall-clock times across DST changes: on the spring-forward day
// a 00:00-09:00 window is 8 hours long.

export type Interval = { start: number; end: number };

const DAY_MS = 86_400_000;

/** Occurrences of `window` in `timeZone` that overlap [from, to), clipped to it, in order. */
export function windowOccurrences(window: TimeWindow, timeZone: string, from: number, to: number): Interval[] {
  if (to <= from) return [];
  const startMin = minutesOfDay(window.start);
  const endMin = minutesOfDay(window.end);
  const lengthMin = endMin > startMin ? endMin - startMin : endMin + 1440 - startMin; // overnight or whole day
  const days = new Set(window.days);
  const out: Interval[] = [];
  // An occurrence starting the day before `from` can still reach into the range.
  const first = wallTimeAt(from - DAY_MS, timeZone);
  for (let i = 0; ; i++) {
    const date = addToWall({ year: first.year, month: first.month, day: first.day }, { days: i });
    const start = instantAt({ ...date, hour: 0, minute: startMin }, timeZone);
    if (start >= to) break;
    if (!days.has(isoWeekday(date))) continue;
    const end = instantAt(addToWall({ ...date, hour: 0, minute: startMin }, { minutes: lengthMin }), timeZone);
    const clipped = { start: Math.max(start, from), end: Math.min(end, to) };
    if (clipped.end > clipped.start) out.push(clipped);
  }
  return out;
}

/** Whether instant `t` lies in an occurrence of `window` (start inclusive, end exclusive). */
export function isWithinWindow(window: TimeWindow, timeZone: string, t: number): boolean {
  return windowOccurrences(window, timeZone, t, t + 1).length > 0;
}

/** The first occurrence starting at or after `t` (looks two weeks ahead), or null. */
export function nextWindowStart(window: TimeWindow, timeZone: string, t: number): number | null {
  // Start the search early so that occurrences are not clipped at t; only starts >= t count.
  return windowOccurrences(window, timeZone, t - 2 * DAY_MS, t + 15 * DAY_MS).find((o) => o.start >= t)?.start ?? null;
}

/**
 * The start of the window on the first listed day after the local date of `t`
 * ("next business day"): Friday afternoon -> Monday 09:00.
 */
export function nextDayWindowStart(window: TimeWindow, timeZone: string, t: number): number | null {
  const w = wallTimeAt(t, timeZone);
  const tomorrow = addToWall({ year: w.year, month: w.month, day: w.day }, { days: 1 });
  return nextWindowStart(window, timeZone, instantAt(tomorrow, timeZone));
}

/** "Mon-Fri 09:00-17:00" / "Sat, Sun 10:00-14:00". */
export function describeWindow(window: TimeWindow): string {
  const days = [...window.days].sort((a, b) => a - b);
  const contiguous = days.length > 2 && days.every((d, i) => i === 0 || d === days[i - 1]! + 1);
  const names = contiguous ? `${WEEKDAY_NAMES[days[0]! - 1]}-${WEEKDAY_NAMES[days.at(-1)! - 1]}` : days.map((d) => WEEKDAY_NAMES[d - 1]).join(', ');
  return `${names} ${window.start}-${window.end}`;
}

/** "Sat 2026-03-28 10:00 Europe/Berlin". */
export function describeLocal(t: number, timeZone: string): string {
  const w = wallTimeAt(t, timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  const weekday = WEEKDAY_NAMES[isoWeekday(w) - 1];
  return `${weekday} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} ${timeZone}`;
}
