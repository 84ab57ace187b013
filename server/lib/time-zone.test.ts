import { describe, expect, it } from 'vitest';
import { addToWall, canonicalTimeZone, instantAt, isoWeekday, timeZoneOptions } from './time-zone';

describe('isoWeekday', () => {
  it.each([
    { date: { year: 2026, month: 3, day: 30 }, weekday: 1 },
    { date: { year: 2026, month: 3, day: 29 }, weekday: 7 },
    { date: { year: 2024, month: 2, day: 29 }, weekday: 4 },
  ])('$date.year-$date.month-$date.day -> $weekday', ({ date, weekday }) => {
    expect(isoWeekday(date)).toBe(weekday);
  });
});

describe('addToWall', () => {
  it.each([
    { wall: { year: 2026, month: 1, day: 31, hour: 9 }, delta: { days: 1 }, out: { year: 2026, month: 2, day: 1, hour: 9, minute: 0, second: 0 } },
    { wall: { year: 2026, month: 3, day: 28, hour: 21 }, delta: { hours: 12 }, out: { year: 2026, month: 3, day: 29, hour: 9, minute: 0, second: 0 } },
    { wall: { year: 2026, month: 12, day: 31, hour: 23, minute: 30 }, delta: { minutes: 45 }, out: { year: 2027, month: 1, day: 1, hour: 0, minute: 15, second: 0 } },
  ])('$wall + $delta', ({ wall, delta, out }) => {
    expect(addToWall(wall, delta)).toEqual(out);
  });

  it('+1 day on the clock face keeps 09:00 across the Berlin spring change (23 h apart)', () => {
    const before = { year: 2026, month: 3, day: 28, hour: 9 };
    const diff = instantAt(addToWall(before, { days: 1 }), 'Europe/Berlin') - instantAt(before, 'Europe/Berlin');
    expect(diff / 3_600_000).toBe(23);
  });
});

describe('canonicalTimeZone', () => {
  it.each([
    ['UTC', 'UTC'],
    ['Europe/Paris', 'Europe/Paris'],
    ['europe/paris', 'Europe/Paris'],
    ['America/New_York', 'America/New_York'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['utc', 'UTC'],
    ['Mars/Olympus_Mons', null],
    ['+01:00', null],
    ['', null],
    ['not a zone', null],
  ])('%j -> %j', (input, expected) => {
    expect(canonicalTimeZone(input)).toBe(expected);
  });

  it('offers UTC first and every Intl zone', () => {
    const zones = timeZoneOptions();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Paris');
    expect(new Set(zones).size).toBe(zones.length);
  });
});
