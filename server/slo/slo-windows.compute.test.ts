import { describe, expect, it } from 'vitest';
import { DAY_MS, formatDuration, HOUR_MS, isDuration, parseDuration } from '../lib/duration';
import { calendarPeriod, rulesPeriodDays, windowBounds } from './slo-windows.compute';
import { instantAt, isValidTimeZone, localDateString, offsetAt, startOfNextLocalDay } from '../lib/time-zone';

const iso = (ms: number) => new Date(ms).toISOString();

describe('durations', () => {
  it.each([
    ['5m', 300_000],
    ['1h', HOUR_MS],
    ['30d', 30 * DAY_MS],
    ['2w', 14 * DAY_MS],
    ['90s', 90_000],
  ])('%s = %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });
  it.each(['', '5', 'm5', '0m', '1.5h', '5M', '5m ', '-1h'])('rejects %j', (text) => {
    expect(isDuration(text)).toBe(false);
    expect(() => parseDuration(text)).toThrow(RangeError);
  });
  it.each([
    [300_000, '5m'],
    [HOUR_MS, '1h'],
    [DAY_MS, '1d'],
    [7 * DAY_MS, '7d'],
    [90 * 60_000, '90m'],
  ])('formats %i as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('time zones', () => {
  it.each([
    ['Europe/Berlin', true],
    ['America/New_York', true],
    ['UTC', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
  ])('%s valid: %s', (tz, valid) => {
    expect(isValidTimeZone(tz)).toBe(valid);
  });

  it.each([
    { label: 'Berlin winter', tz: 'Europe/Berlin', at: Date.UTC(2026, 0, 15), offset: HOUR_MS },
    { label: 'Berlin summer', tz: 'Europe/Berlin', at: Date.UTC(2026, 6, 15), offset: 2 * HOUR_MS },
    { label: 'New York winter', tz: 'America/New_York', at: Date.UTC(2026, 0, 15), offset: -5 * HOUR_MS },
    { label: 'Kathmandu', tz: 'Asia/Kathmandu', at: Date.UTC(2026, 0, 15), offset: 5.75 * HOUR_MS },
  ])('offset $label', ({ tz, at, offset }) => {
    expect(offsetAt(at, tz)).toBe(offset);
  });

  it.each([
    { label: 'local midnight', wall: { year: 2026, month: 3, day: 1 }, tz: 'Europe/Berlin', utc: '2026-02-28T23:00:00.000Z' },
    { label: 'month 13 is next January', wall: { year: 2026, month: 13, day: 1 }, tz: 'UTC', utc: '2027-01-01T00:00:00.000Z' },
    // 02:30 does not exist on 29 March 2026 in Berlin (02:00 -> 03:00): resolves to 03:30 CEST.
    { label: 'skipped time', wall: { year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, tz: 'Europe/Berlin', utc: '2026-03-29T01:30:00.000Z' },
    // 02:30 happens twice on 25 October 2026 in Berlin: the earlier (CEST) one.
    { label: 'repeated time', wall: { year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, tz: 'Europe/Berlin', utc: '2026-10-25T00:30:00.000Z' },
  ])('instantAt: $label', ({ wall, tz, utc }) => {
    expect(iso(instantAt(wall, tz))).toBe(utc);
  });

  it.each([
    ['Europe/Berlin', Date.UTC(2026, 2, 28, 23), 23],
    ['Europe/Berlin', Date.UTC(2026, 9, 24, 22), 25],
    ['America/New_York', Date.UTC(2026, 2, 8, 5), 23],
    ['UTC', Date.UTC(2026, 2, 8), 24],
  ])('day length in %s from %i is %i h', (tz, dayStart, hours) => {
    expect((startOfNextLocalDay(dayStart, tz) - dayStart) / HOUR_MS).toBe(hours);
  });

  it('local date string', () => {
    expect(localDateString(Date.UTC(2026, 2, 31, 22, 30), 'Europe/Berlin')).toBe('2026-04-01');
    expect(localDateString(Date.UTC(2026, 2, 31, 22, 30), 'UTC')).toBe('2026-03-31');
  });
});

describe('windowBounds', () => {
  it.each([
    // DST months: one hour short in spring, one hour long in autumn.
    { tz: 'Europe/Berlin', now: Date.UTC(2026, 2, 15), start: '2026-02-28T23:00:00.000Z', end: '2026-03-31T22:00:00.000Z', hours: 743 },
    { tz: 'Europe/Berlin', now: Date.UTC(2026, 9, 15), start: '2026-09-30T22:00:00.000Z', end: '2026-10-31T23:00:00.000Z', hours: 745 },
    { tz: 'America/New_York', now: Date.UTC(2026, 2, 15), start: '2026-03-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z', hours: 743 },
    { tz: 'America/New_York', now: Date.UTC(2026, 10, 15), start: '2026-11-01T04:00:00.000Z', end: '2026-12-01T05:00:00.000Z', hours: 721 },
    { tz: 'UTC', now: Date.UTC(2026, 1, 10), start: '2026-02-01T00:00:00.000Z', end: '2026-03-01T00:00:00.000Z', hours: 672 },
  ])('calendar month in $tz at $now: $hours h', ({ tz, now, start, end, hours }) => {
    const w = windowBounds({ type: 'calendar', unit: 'month', timeZone: tz }, now);
    expect([iso(w.start), iso(w.end)]).toEqual([start, end]);
    expect(w.lengthMs / HOUR_MS).toBe(hours);
    expect(w.elapsedMs).toBe(now - w.start);
  });

  it('a period starts at local midnight: 23:30 UTC on 31 March is already April in Berlin', () => {
    const { start } = calendarPeriod('month', 'Europe/Berlin', Date.UTC(2026, 2, 31, 22, 30));
    expect(iso(start)).toBe('2026-03-31T22:00:00.000Z');
  });

  it.each([
    { now: Date.UTC(2026, 1, 10), start: '2026-01-01T05:00:00.000Z', end: '2026-04-01T04:00:00.000Z', hours: 2159 },
    { now: Date.UTC(2026, 10, 10), start: '2026-10-01T04:00:00.000Z', end: '2027-01-01T05:00:00.000Z', hours: 2209 },
  ])('calendar quarter in New York at $now', ({ now, start, end, hours }) => {
    const w = windowBounds({ type: 'calendar', unit: 'quarter', timeZone: 'America/New_York' }, now);
    expect([iso(w.start), iso(w.end)]).toEqual([start, end]);
    expect(w.lengthMs / HOUR_MS).toBe(hours);
  });

  it('rolling windows end now and are N x 24 h', () => {
    const now = Date.UTC(2026, 2, 29, 12);
    expect(windowBounds({ type: 'rolling', days: 28 }, now)).toEqual({ start: now - 28 * DAY_MS, end: now, lengthMs: 28 * DAY_MS, elapsedMs: 28 * DAY_MS });
  });

  it.each([
    [{ type: 'rolling', days: 28 } as const, 28],
    [{ type: 'calendar', unit: 'month', timeZone: 'UTC' } as const, 30],
    [{ type: 'calendar', unit: 'quarter', timeZone: 'UTC' } as const, 90],
  ])('rules period of %j is %i d', (window, days) => {
    expect(rulesPeriodDays(window)).toBe(days);
  });
});
