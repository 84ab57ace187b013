import { addToWall, instantAt, isoWeekday, wallTimeAt } from '../lib/time-zone';
import type { Tier } from './changes.schema';

// Change freeze windows (product spec, "Change freeze windows"): "Friday
// 3pm-Monday 9am for T2/T3 changes; 48 hours before/after major holidays". Pure:
// a rule + a time zone -> the instants it covers. Weekly rules are wall-clock
// rules in the owning team's zone, so "Friday 15:00" stays 15:00 local across
// a DST change (the UTC length of that weekend is 65 or 67 hours, not 66).

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export type FreezeRule = {
  id: string;
  name: string;
  kind: 'weekly' | 'holiday' | 'adhoc';
  tiers: readonly Tier[];
  /** The owning team's zone (weekly and holiday rules are local). */
  timeZone: string;
  /** Whose rule it is, for the reasons ("payments team"); null: every team. */
  teamName?: string | null;
  /** weekly: ISO weekday 1..7 and minutes after local midnight; end may wrap into next week. */
  startDay?: number | null;
  startMinute?: number | null;
  endDay?: number | null;
  endMinute?: number | null;
  /** holiday: local date YYYY-MM-DD, frozen `marginHours` before its start and after its end. */
  date?: string | null;
  marginHours?: number | null;
  /** adhoc: absolute instants (ms). */
  startsAt?: number | null;
  endsAt?: number | null;
};

export type FreezeInterval = { ruleId: string; name: string; kind: FreezeRule['kind']; tiers: readonly Tier[]; timeZone: string; start: number; end: number };

function parseDate(date: string): { year: number; month: number; day: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  return m ? { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } : null;
}

function weeklyIntervals(rule: FreezeRule, from: number, to: number): FreezeInterval[] {
  const { startDay, startMinute, endDay, endMinute } = rule;
  if (startDay == null || startMinute == null || endDay == null || endMinute == null) return [];
  const startPos = (startDay - 1) * 1440 + startMinute;
  const endPos = (endDay - 1) * 1440 + endMinute;
  // A window that ends "before" it starts wraps into the next week (Fri -> Mon).
  const spanMinutes = endPos > startPos ? endPos - startPos : endPos + 7 * 1440 - startPos;
  // Monday of the local week one week before `from` (a window started last week may still run).
  const w = wallTimeAt(from, rule.timeZone);
  let monday = addToWall({ year: w.year, month: w.month, day: w.day }, { days: 1 - isoWeekday(w) - 7 });
  const out: FreezeInterval[] = [];
  for (let i = 0; i < 60; i++) {
    const startWall = addToWall(monday, { days: startDay - 1, minutes: startMinute });
    const start = instantAt(startWall, rule.timeZone);
    if (start >= to) break;
    const end = instantAt(addToWall(startWall, { minutes: spanMinutes }), rule.timeZone);
    if (end > from) out.push({ ruleId: rule.id, name: rule.name, kind: 'weekly', tiers: rule.tiers, timeZone: rule.timeZone, start, end });
    monday = addToWall(monday, { days: 7 });
  }
  return out;
}

function holidayInterval(rule: FreezeRule): FreezeInterval | null {
  const d = rule.date ? parseDate(rule.date) : null;
  if (!d) return null;
  const margin = (rule.marginHours ?? 48) * HOUR;
  const start = instantAt(d, rule.timeZone) - margin;
  const end = instantAt(addToWall(d, { days: 1 }), rule.timeZone) + margin;
  return { ruleId: rule.id, name: rule.name, kind: 'holiday', tiers: rule.tiers, timeZone: rule.timeZone, start, end };
}

/** The intervals of `rule` that overlap [from, to). */
function freezeIntervals(rule: FreezeRule, from: number, to: number): FreezeInterval[] {
  if (rule.kind === 'weekly') return weeklyIntervals(rule, from, to);
  const one =
    rule.kind === 'holiday'
      ? holidayInterval(rule)
      : rule.startsAt != null && rule.endsAt != null
        ? { ruleId: rule.id, name: rule.name, kind: 'adhoc' as const, tiers: rule.tiers, timeZone: rule.timeZone, start: rule.startsAt, end: rule.endsAt }
        : null;
  return one && one.start < to && one.end > from ? [one] : [];
}

/** The freeze intervals covering `at` for `tier`, latest-ending first (the one that decides when it lifts). */
export function activeFreezes(rules: readonly FreezeRule[], tier: Tier, at: number): FreezeInterval[] {
  return rules
    .filter((r) => r.tiers.includes(tier))
    .flatMap((r) => freezeIntervals(r, at, at + 1))
    .filter((i) => i.start <= at && at < i.end)
    .sort((a, b) => b.end - a.end);
}

/** Every freeze interval in [from, from + days), soonest first: the calendar view. */
export function freezeCalendar(rules: readonly FreezeRule[], from: number, days: number): FreezeInterval[] {
  const to = from + days * DAY;
  return rules.flatMap((r) => freezeIntervals(r, from, to)).sort((a, b) => a.start - b.start || a.end - b.end);
}

/** "Mon 09:00" in `timeZone`, for reasons ("frozen until Mon 09:00 Europe/Berlin"). */
export function localLabel(ms: number, timeZone: string): string {
  const w = wallTimeAt(ms, timeZone);
  const day = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'][isoWeekday(w) - 1];
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${day} ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
}
