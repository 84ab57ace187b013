import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatRelative, toDate } from './time';

const now = new Date('2026-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('formatRelative', () => {
  it('says Never for a missing date', () => {
    expect(formatRelative(null, now)).toBe('Never');
  });
  it.each([
    [20_000, /just now/],
    [5 * 60_000, /5 minutes ago/],
    [3 * 3_600_000, /3 hours ago/],
    [86_400_000, /yesterday|1 day ago/],
    [14 * 86_400_000, /2 weeks ago/],
    [-2 * 86_400_000, /in 2 days/],
  ])('%i ms before now reads %s', (ms, expected) => {
    expect(formatRelative(ago(ms), now)).toMatch(expected);
  });
});

describe('formatDateTime', () => {
  it('writes the zone out', () => {
    expect(formatDateTime(now, '—', 'UTC')).toMatch(/UTC/);
    expect(formatDateTime(now, '—', 'Europe/Berlin')).toMatch(/GMT\+2|CEST/);
  });
  it('uses a 24-hour clock and no seconds', () => {
    expect(formatDateTime(new Date('2026-06-01T15:04:05Z'), '—', 'UTC')).toMatch(/15:04(?!:)/);
  });
  it('shows the empty text for missing or invalid dates, never "Invalid Date"', () => {
    expect(formatDateTime(null)).toBe('—');
    expect(formatDateTime('not a date')).toBe('—');
    expect(formatDate(undefined, 'never')).toBe('never');
  });
});

describe('toDate', () => {
  it.each([
    [1_780_000_000_000, true],
    ['2026-06-01T12:00:00Z', true],
    ['', false],
    ['garbage', false],
  ])('%s parses: %s', (input, ok) => {
    expect(toDate(input) !== null).toBe(ok);
  });
});
