// The one way Runwell writes a date. Client-side (values arrive through tRPC
// after hydration, or <When> renders them), so the viewer's own locale and time
// zone apply, and the zone is always written out: during an incident people in
// different places read the same timeline.
//
//   formatDateTime  "Dec 5, 2026, 07:00 CET"   (absolute, with zone)
//   formatDate      "Dec 5, 2026"              (a calendar day: expiries, forecasts)
//   formatRelative  "3 hours ago" / "in 2 days"
//   formatTime      "07:00"                    (chart ticks, where the axis gives the day)
// Components show dates through <When> (components/format/When.tsx), which
// puts the absolute time on hover when it shows a relative one.

type Zone = { timeZone?: string };

function dateTimeFormat(zone: Zone = {}) {
  return new Intl.DateTimeFormat(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
    ...zone,
  });
}
const dateTime = dateTimeFormat();
const dateOnly = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const dayFormats = new Map<string, Intl.DateTimeFormat>();
function dayFormat(weekday: boolean, utc: boolean): Intl.DateTimeFormat {
  const key = `${weekday}/${utc}`;
  let f = dayFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(undefined, { weekday: weekday ? 'short' : undefined, month: 'short', day: 'numeric', timeZone: utc ? 'UTC' : undefined });
    dayFormats.set(key, f);
  }
  return f;
}
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

type DateInput = Date | number | string | null | undefined;

export function toDate(value: DateInput): Date | null {
  if (value === null || value === undefined || value === '') return null;
  const d = value instanceof Date ? value : new Date(value);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** Absolute date and time with the zone, e.g. "Dec 5, 2026, 07:00 CET". `timeZone` is for tests. */
export function formatDateTime(value: DateInput, empty = '—', timeZone?: string): string {
  const d = toDate(value);
  if (!d) return empty;
  return (timeZone ? dateTimeFormat({ timeZone }) : dateTime).format(d);
}

/** A calendar day, e.g. "Dec 5, 2026". */
export function formatDate(value: DateInput, empty = '—'): string {
  const d = toDate(value);
  return d ? dateOnly.format(d) : empty;
}

/**
 * A short day for chart axes, e.g. "Dec 5"; with `weekday`, "Sat, Dec 5".
 * `utc` for values that ARE days (daily snapshots stored as UTC midnight), so
 * a viewer west of Greenwich does not see the day before.
 */
export function formatDay(value: DateInput, { weekday = false, utc = false } = {}): string {
  const d = toDate(value);
  if (!d) return '';
  return dayFormat(weekday, utc).format(d);
}

/** A time of day for chart axes, e.g. "07:00". */
export function formatTime(value: DateInput): string {
  const d = toDate(value);
  return d ? timeOnly.format(d) : '';
}

export function formatRelative(value: DateInput, now = new Date(), empty = 'Never'): string {
  const d = toDate(value);
  if (!d) return empty;
  const diff = d.getTime() - now.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return diff > 0 ? 'in under a minute' : 'just now';
}

/** A span between two instants, e.g. "Dec 5, 2026, 07:00 – Dec 6, 2026, 07:00 CET". */
export function formatRange(start: DateInput, end: DateInput): string {
  return `${formatDateTime(start)} – ${formatDateTime(end)}`;
}
