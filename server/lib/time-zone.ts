// Wall-clock <-> instant conversion in an IANA time zone with the platform's Intl
// (Node 24 has no Temporal without a flag; Intl's tz database is enough for
// "midnight on the 1st in Europe/Berlin"). No dependency, no I/O.

export type WallTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23', // "00" at midnight, never "24"
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (!timeZone) return false;
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall-clock time shown in `timeZone` at instant `ms` (epoch milliseconds). */
export function wallTimeAt(ms: number, timeZone: string): WallTime {
  const parts: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(ms))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    hour: parts.hour!,
    minute: parts.minute!,
    second: parts.second!,
  };
}

/** UTC offset in effect at instant `ms`, in milliseconds (Berlin in summer: +7_200_000). */
export function offsetAt(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  const wallAsUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return wallAsUtc - Math.floor(ms / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `wall`. Month overflow is
 * normalised (month 13 = January of the next year). Like Temporal's "compatible"
 * disambiguation: a time repeated by a backward shift resolves to the earlier
 * instant; a time skipped by a forward shift resolves to the same distance after
 * the shift (02:30 on a 02:00->03:00 night is 03:30).
 */
export function instantAt(wall: Partial<WallTime> & { year: number; month: number; day: number }, timeZone: string): number {
  const local = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0);
  // Offsets around the wanted time; real zones never shift twice within two days.
  const before = offsetAt(local - 86_400_000, timeZone);
  const after = offsetAt(local + 86_400_000, timeZone);
  const candidates = [...new Set([before, after])]
    .map((offset) => local - offset)
    .filter((t) => offsetAt(t, timeZone) === local - t);
  if (candidates.length > 0) return Math.min(...candidates);
  return local - before; // in the gap of a forward shift
}

/** Start of the local calendar day containing `ms`. */
export function startOfLocalDay(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  return instantAt({ year: w.year, month: w.month, day: w.day }, timeZone);
}

/** Start of the local day after the one containing `ms` (23, 24 or 25 hours later). */
export function startOfNextLocalDay(ms: number, timeZone: string): number {
  const w = wallTimeAt(ms, timeZone);
  return instantAt({ year: w.year, month: w.month, day: w.day + 1 }, timeZone);
}

/** "2026-03-29" for the local date at `ms`. */
export function localDateString(ms: number, timeZone: string): string {
  const w = wallTimeAt(ms, timeZone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
}

/** ISO weekday (1 = Monday ... 7 = Sunday) of a local calendar date. */
export function isoWeekday(date: { year: number; month: number; day: number }): number {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return d === 0 ? 7 : d;
}

/**
 * `wall` moved by whole days/hours/minutes on the local clock face, with calendar
 * overflow normalised (Jan 31 + 1 day = Feb 1). Pure calendar arithmetic: no zone,
 * so "+1 day" keeps 09:00 at 09:00 across a DST change; convert the result with
 * instantAt.
 */
export function addToWall(wall: Partial<WallTime> & { year: number; month: number; day: number }, delta: { days?: number; hours?: number; minutes?: number }): WallTime {
  const ms =
    Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour ?? 0, wall.minute ?? 0, wall.second ?? 0) +
    ((delta.days ?? 0) * 1440 + (delta.hours ?? 0) * 60 + (delta.minutes ?? 0)) * 60_000;
  const d = new Date(ms);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/**
 * `value` as an IANA zone name with its proper case ("europe/paris" ->
 * "Europe/Paris"), or null when Intl does not know it. Aliases are kept as
 * typed ("Asia/Kolkata" stays, although some ICU builds resolve it to
 * "Asia/Calcutta"). Fixed offsets ("+01:00") are refused: a team's hand-offs
 * must follow its DST.
 */
export function canonicalTimeZone(value: string): string | null {
  if (!value || value.length > 64 || /^[+-]/.test(value)) return null;
  try {
    const zone = new Intl.DateTimeFormat('en-US', { timeZone: value }).resolvedOptions().timeZone;
    if (/^[+-]/.test(zone)) return null;
    return zone.toLowerCase() === value.toLowerCase() ? zone : value;
  } catch {
    return null;
  }
}

/** Zones offered by pickers; UTC is not in Intl's list but is the default. */
export function timeZoneOptions(): string[] {
  const zones = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return ['UTC', ...zones.filter((z) => z !== 'UTC')];
}
