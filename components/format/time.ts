// Shared date formatting for tables. Client-side only (values arrive through
// tRPC after hydration), so the viewer's own locale and time zone apply.
const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const dateOnly = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
];

export function formatDateTime(value: Date | null | undefined, empty = '—'): string {
  return value ? dateTime.format(value) : empty;
}

export function formatDate(value: Date | null | undefined, empty = '—'): string {
  return value ? dateOnly.format(value) : empty;
}

export function formatRelative(value: Date | null | undefined, now = new Date(), empty = 'Never'): string {
  if (!value) return empty;
  const diff = value.getTime() - now.getTime();
  for (const [unit, ms] of UNITS) {
    if (Math.abs(diff) >= ms) return relative.format(Math.round(diff / ms), unit);
  }
  return 'just now';
}
