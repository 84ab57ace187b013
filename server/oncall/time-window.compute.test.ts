import { describe, expect, it } from 'vitest';
import { describeLocal, describeWindow, isWithinWindow, nextDayWindowStart, nextWindowStart, windowOccurrences } from './time-window.compute';

const Z = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString().replace('.000Z', 'Z'));
const office = { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' };

describe('isWithinWindow: business hours in New York around the March change', () => {
  it.each([
    { at: '2026-03-06T13:59:59Z', within: false }, // Fri 08:59:59 EST
    { at: '2026-03-06T14:00:00Z', within: true }, // Fri 09:00 EST
    { at: '2026-03-06T21:59:59Z', within: true }, // Fri 16:59:59
    { at: '2026-03-06T22:00:00Z', within: false }, // Fri 17:00: the end is exclusive
    { at: '2026-03-07T15:00:00Z', within: false }, // Saturday
    { at: '2026-03-09T12:59:59Z', within: false }, // Mon 08:59:59 EDT
    { at: '2026-03-09T13:00:00Z', within: true }, // Mon 09:00 EDT (an hour earlier in UTC)
  ])('$at -> $within', ({ at, within }) => {
    expect(isWithinWindow(office, 'America/New_York', Z(at))).toBe(within);
  });
});

describe('windowOccurrences', () => {
  it('night windows on the spring-forward night are an hour shorter', () => {
    const nights = windowOccurrences({ days: [6, 7], start: '22:00', end: '06:00' }, 'Europe/Berlin', Z('2026-03-28T00:00:00Z'), Z('2026-03-31T00:00:00Z'));
    expect(nights.map((n) => [iso(n.start), (n.end - n.start) / 3_600_000])).toEqual([
      ['2026-03-28T21:00:00Z', 7], // Sat 22:00 CET -> Sun 06:00 CEST
      ['2026-03-29T20:00:00Z', 8], // Sun 22:00 CEST -> Mon 06:00 CEST
    ]);
  });

  it('equal start and end cover the whole day', () => {
    const days = windowOccurrences({ days: [7], start: '00:00', end: '00:00' }, 'Europe/Berlin', Z('2026-10-24T00:00:00Z'), Z('2026-10-27T00:00:00Z'));
    expect(days.map((d) => [iso(d.start), (d.end - d.start) / 3_600_000])).toEqual([['2026-10-24T22:00:00Z', 25]]);
  });
});

describe('next openings', () => {
  it.each([
    { at: '2026-03-27T12:00:00Z', next: '2026-03-30T07:00:00Z', nextDay: '2026-03-30T07:00:00Z' }, // Fri 13:00 CET -> Mon 09:00 CEST
    { at: '2026-03-30T06:00:00Z', next: '2026-03-30T07:00:00Z', nextDay: '2026-03-31T07:00:00Z' }, // Mon 08:00
    { at: '2026-03-30T07:00:00Z', next: '2026-03-30T07:00:00Z', nextDay: '2026-03-31T07:00:00Z' }, // Mon 09:00 exactly
    { at: '2026-03-30T08:00:00Z', next: '2026-03-31T07:00:00Z', nextDay: '2026-03-31T07:00:00Z' }, // Mon 10:00: today's opened already
  ])('$at', ({ at, next, nextDay }) => {
    expect(iso(nextWindowStart(office, 'Europe/Berlin', Z(at)))).toBe(next);
    expect(iso(nextDayWindowStart(office, 'Europe/Berlin', Z(at)))).toBe(nextDay);
  });
});

describe('descriptions', () => {
  it.each([
    { w: office, text: 'Mon-Fri 09:00-17:00' },
    { w: { days: [7, 6], start: '10:00', end: '14:00' }, text: 'Sat, Sun 10:00-14:00' },
  ])('$text', ({ w, text }) => {
    expect(describeWindow(w)).toBe(text);
  });

  it('local times name the weekday and zone', () => {
    expect(describeLocal(Z('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe('Sun 2026-03-29 03:30 Europe/Berlin');
  });
});
