import { describe, expect, it } from 'vitest';
import { activeFreezes, freezeCalendar, type FreezeRule } from './freeze.compute';

const weekend = (timeZone: string): FreezeRule => ({
  id: 'w',
  name: 'Weekend freeze',
  kind: 'weekly',
  tiers: ['T2', 'T3'],
  timeZone,
  startDay: 5,
  startMinute: 15 * 60,
  endDay: 1,
  endMinute: 9 * 60,
});
const christmas: FreezeRule = { id: 'h', name: 'Christmas Day', kind: 'holiday', tiers: ['T2', 'T3'], timeZone: 'Europe/Berlin', date: '2026-12-25', marginHours: 48 };
const t = (iso: string) => Date.parse(iso);
const frozen = (rule: FreezeRule, iso: string, tier: 'T1' | 'T2' | 'T3' = 'T2') => activeFreezes([rule], tier, t(iso)).length > 0;

describe('weekly freeze (Friday 15:00 - Monday 09:00 local)', () => {
  it.each([
    // Berlin, ordinary winter weekend (UTC+1)
    ['Europe/Berlin', '2026-01-16T13:59:59Z', false, 'Fri 14:59 local'],
    ['Europe/Berlin', '2026-01-16T14:00:00Z', true, 'Fri 15:00 local'],
    ['Europe/Berlin', '2026-01-18T12:00:00Z', true, 'Sunday'],
    ['Europe/Berlin', '2026-01-19T07:59:59Z', true, 'Mon 08:59 local'],
    ['Europe/Berlin', '2026-01-19T08:00:00Z', false, 'Mon 09:00 local'],
    ['Europe/Berlin', '2026-01-21T12:00:00Z', false, 'Wednesday'],
    // Spring forward on Sunday 29 March 2026: starts 15:00 CET (14:00Z), ends 09:00 CEST (07:00Z)
    ['Europe/Berlin', '2026-03-27T13:59:59Z', false, 'DST spring: before Friday 15:00 CET'],
    ['Europe/Berlin', '2026-03-27T14:00:00Z', true, 'DST spring: Friday 15:00 CET'],
    ['Europe/Berlin', '2026-03-30T06:59:59Z', true, 'DST spring: Monday 08:59 CEST'],
    ['Europe/Berlin', '2026-03-30T07:00:00Z', false, 'DST spring: Monday 09:00 CEST (a UTC-naive rule would still freeze)'],
    // Fall back on Sunday 25 October 2026: starts 15:00 CEST (13:00Z), ends 09:00 CET (08:00Z)
    ['Europe/Berlin', '2026-10-23T12:59:59Z', false, 'DST autumn: before Friday 15:00 CEST'],
    ['Europe/Berlin', '2026-10-23T13:00:00Z', true, 'DST autumn: Friday 15:00 CEST'],
    ['Europe/Berlin', '2026-10-26T07:59:59Z', true, 'DST autumn: Monday 08:59 CET (a UTC-naive rule would have lifted)'],
    ['Europe/Berlin', '2026-10-26T08:00:00Z', false, 'DST autumn: Monday 09:00 CET'],
    // New York, US spring forward on 8 March 2026: Fri 15:00 EST = 20:00Z, Mon 09:00 EDT = 13:00Z
    ['America/New_York', '2026-03-06T19:59:59Z', false, 'NY: Friday 14:59 EST'],
    ['America/New_York', '2026-03-06T20:00:00Z', true, 'NY: Friday 15:00 EST'],
    ['America/New_York', '2026-03-09T12:59:59Z', true, 'NY: Monday 08:59 EDT'],
    ['America/New_York', '2026-03-09T13:00:00Z', false, 'NY: Monday 09:00 EDT'],
    // The same instant is Friday evening in Berlin but Friday morning in New York
    ['America/New_York', '2026-01-16T15:00:00Z', false, 'NY: Friday 10:00 local'],
  ])('%s at %s -> frozen %s (%s)', (zone, iso, expected) => {
    expect(frozen(weekend(zone), iso)).toBe(expected);
  });

  it('never freezes a tier the rule does not name (T1 ships on weekends)', () => {
    expect(frozen(weekend('Europe/Berlin'), '2026-01-17T12:00:00Z', 'T1')).toBe(false);
    expect(frozen(weekend('Europe/Berlin'), '2026-01-17T12:00:00Z', 'T3')).toBe(true);
  });

  it('a DST weekend is 65 h (spring) or 67 h (autumn) of UTC time, not 66', () => {
    const spring = freezeCalendar([weekend('Europe/Berlin')], t('2026-03-26T00:00:00Z'), 3)[0]!;
    const autumn = freezeCalendar([weekend('Europe/Berlin')], t('2026-10-22T00:00:00Z'), 3)[0]!;
    expect((spring.end - spring.start) / 3_600_000).toBe(65);
    expect((autumn.end - autumn.start) / 3_600_000).toBe(67);
  });
});

describe('holiday freeze (48 h before and after, local)', () => {
  it.each([
    // 25 Dec 2026 in Berlin (UTC+1): frozen from 23 Dec 00:00 local to 28 Dec 00:00 local
    ['2026-12-22T22:59:59Z', false, 'just before 23 Dec 00:00 local'],
    ['2026-12-22T23:00:00Z', true, '23 Dec 00:00 local'],
    ['2026-12-25T12:00:00Z', true, 'the holiday'],
    ['2026-12-27T22:59:59Z', true, '27 Dec 23:59 local'],
    ['2026-12-27T23:00:00Z', false, '28 Dec 00:00 local'],
  ])('%s -> frozen %s (%s)', (iso, expected) => {
    expect(frozen(christmas, iso)).toBe(expected);
  });

  it('honours a custom margin', () => {
    expect(frozen({ ...christmas, marginHours: 0 }, '2026-12-24T12:00:00Z')).toBe(false);
    expect(frozen({ ...christmas, marginHours: 0 }, '2026-12-25T12:00:00Z')).toBe(true);
  });
});

describe('ad-hoc freeze and calendar', () => {
  const sale: FreezeRule = { id: 'a', name: 'Sale weekend', kind: 'adhoc', tiers: ['T1', 'T2', 'T3'], timeZone: 'UTC', startsAt: t('2026-11-27T00:00:00Z'), endsAt: t('2026-11-30T00:00:00Z') };

  it('covers [start, end) for every tier it names', () => {
    expect(frozen(sale, '2026-11-26T23:59:59Z', 'T1')).toBe(false);
    expect(frozen(sale, '2026-11-27T00:00:00Z', 'T1')).toBe(true);
    expect(frozen(sale, '2026-11-30T00:00:00Z', 'T1')).toBe(false);
  });

  it('lists two weekends and the holiday over three weeks, soonest first', () => {
    const cal = freezeCalendar([weekend('Europe/Berlin'), christmas], t('2026-12-15T00:00:00Z'), 21);
    expect(cal.map((i) => i.name)).toEqual(['Weekend freeze', 'Christmas Day', 'Weekend freeze', 'Weekend freeze']);
    expect(cal[1]!.start).toBe(t('2026-12-22T23:00:00Z'));
  });
});
