import { describe, expect, it } from 'vitest';
import { handoffAt, onCallAt, renderLayer, renderSchedule, turnIndexAt } from './oncall.compute';
import { rotationSchema, scheduleSchema, type Rotation, type Schedule } from './oncall.schema';

const H = 3_600_000;
const Z = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function rotation(over: Partial<Rotation> = {}): Rotation {
  return rotationSchema.parse({
    name: 'primary',
    turn: { type: 'weekly' },
    handoffTime: '09:00',
    timeZone: 'Europe/Berlin',
    startDate: '2026-03-16', // a Monday
    participants: ['ana', 'ben', 'cem'],
    ...over,
  });
}

function schedule(layers: Rotation[], overrides: Schedule['overrides'] = []): Schedule {
  return scheduleSchema.parse({ name: 'payments', layers, overrides });
}

// Hand-offs k = 0.. as UTC instants.
const handoffs = (r: Rotation, count: number, from = 0) => Array.from({ length: count }, (_, i) => iso(handoffAt(r, from + i)));

describe('hand-offs stay at local wall-clock time across DST', () => {
  it.each([
    {
      name: 'weekly Monday 09:00 Berlin across the March change',
      r: rotation(),
      from: 0,
      expected: ['2026-03-16T08:00:00Z', '2026-03-23T08:00:00Z', '2026-03-30T07:00:00Z', '2026-04-06T07:00:00Z'],
    },
    {
      name: 'weekly Monday 09:00 Berlin across the October change',
      r: rotation(),
      from: 30, // 2026-10-12
      expected: ['2026-10-12T07:00:00Z', '2026-10-19T07:00:00Z', '2026-10-26T08:00:00Z', '2026-11-02T08:00:00Z'],
    },
    {
      name: 'daily 09:00 Berlin: the shift over the spring-forward night is 23 h',
      r: rotation({ turn: { type: 'daily' }, startDate: '2026-03-28' }),
      from: 0,
      expected: ['2026-03-28T08:00:00Z', '2026-03-29T07:00:00Z', '2026-03-30T07:00:00Z'],
    },
    {
      name: 'daily 19:00 New York across both changes (23 h in March, 25 h in November)',
      r: rotation({ turn: { type: 'daily' }, timeZone: 'America/New_York', handoffTime: '19:00', startDate: '2026-03-07' }),
      from: 0,
      expected: ['2026-03-08T00:00:00Z', '2026-03-08T23:00:00Z', '2026-03-09T23:00:00Z'],
    },
    {
      name: 'daily 19:00 New York, November',
      r: rotation({ turn: { type: 'daily' }, timeZone: 'America/New_York', handoffTime: '19:00', startDate: '2026-10-31' }),
      from: 0,
      expected: ['2026-10-31T23:00:00Z', '2026-11-02T00:00:00Z', '2026-11-03T00:00:00Z'],
    },
    {
      name: '12-hour turns keep 09:00/21:00 local over the spring night (11 h turn)',
      r: rotation({ turn: { type: 'custom', every: 12, unit: 'hours' }, startDate: '2026-03-28' }),
      from: 1,
      expected: ['2026-03-28T20:00:00Z', '2026-03-29T07:00:00Z', '2026-03-29T19:00:00Z'],
    },
    {
      name: 'a hand-off in the skipped hour happens as the clock resumes (02:30 -> 03:30)',
      r: rotation({ turn: { type: 'daily' }, handoffTime: '02:30', startDate: '2026-03-28' }),
      from: 0,
      expected: ['2026-03-28T01:30:00Z', '2026-03-29T01:30:00Z', '2026-03-30T00:30:00Z'],
    },
    {
      name: 'a hand-off in the repeated hour happens at its first occurrence',
      r: rotation({ turn: { type: 'daily' }, handoffTime: '02:30', startDate: '2026-10-24' }),
      from: 0,
      expected: ['2026-10-24T00:30:00Z', '2026-10-25T00:30:00Z', '2026-10-26T01:30:00Z'],
    },
    {
      name: 'custom 2-day turns in UTC',
      r: rotation({ turn: { type: 'custom', every: 2, unit: 'days' }, timeZone: 'UTC', startDate: '2026-03-28' }),
      from: 0,
      expected: ['2026-03-28T09:00:00Z', '2026-03-30T09:00:00Z', '2026-04-01T09:00:00Z'],
    },
  ])('$name', ({ r, from, expected }) => {
    expect(handoffs(r, expected.length, from)).toEqual(expected);
  });

  it('renders the 23-hour and 25-hour daily shifts', () => {
    const r = rotation({ turn: { type: 'daily' }, startDate: '2026-03-01' });
    const lengths = (from: string, to: string) => renderLayer(r, 0, Z(from), Z(to)).map((s) => (s.end - s.start) / H);
    expect(lengths('2026-03-28T08:00:00Z', '2026-03-30T07:00:00Z')).toEqual([23, 24]);
    expect(lengths('2026-10-24T07:00:00Z', '2026-10-26T08:00:00Z')).toEqual([25, 24]);
  });
});

describe('turnIndexAt', () => {
  const daily = rotation({ turn: { type: 'daily' }, handoffTime: '02:30', startDate: '2026-10-24' });
  it.each([
    { at: '2026-10-24T00:29:59Z', k: -1 },
    { at: '2026-10-24T00:30:00Z', k: 0 },
    { at: '2026-10-25T00:29:00Z', k: 0 }, // 02:29 CEST, first pass through the repeated hour
    { at: '2026-10-25T00:30:00Z', k: 1 }, // 02:30 CEST: the hand-off
    { at: '2026-10-25T01:10:00Z', k: 1 }, // 02:10 CET, second pass: the clock face says "before 02:30" but the hand-off happened
    { at: '2026-10-26T01:29:00Z', k: 1 },
    { at: '2026-10-26T01:30:00Z', k: 2 },
  ])('$at -> turn $k', ({ at, k }) => {
    expect(turnIndexAt(daily, Z(at))).toBe(k);
  });
});

describe('renderLayer', () => {
  it('cycles through participants and clips to the range', () => {
    const shifts = renderLayer(rotation(), 0, Z('2026-03-10T00:00:00Z'), Z('2026-04-10T00:00:00Z'));
    expect(shifts.map((s) => [s.userId, iso(s.start), iso(s.end)])).toEqual([
      ['ana', '2026-03-16T08:00:00Z', '2026-03-23T08:00:00Z'],
      ['ben', '2026-03-23T08:00:00Z', '2026-03-30T07:00:00Z'],
      ['cem', '2026-03-30T07:00:00Z', '2026-04-06T07:00:00Z'],
      ['ana', '2026-04-06T07:00:00Z', '2026-04-10T00:00:00Z'],
    ]);
  });

  it('a restriction keeps only the window (weekdays 09:00-17:00 local, also after the change)', () => {
    const r = rotation({ turn: { type: 'daily' }, startDate: '2026-03-26', restriction: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' } });
    const shifts = renderLayer(r, 0, Z('2026-03-26T00:00:00Z'), Z('2026-03-31T00:00:00Z'));
    expect(shifts.map((s) => [s.userId, iso(s.start), iso(s.end)])).toEqual([
      ['ana', '2026-03-26T08:00:00Z', '2026-03-26T16:00:00Z'], // Thu
      ['ben', '2026-03-27T08:00:00Z', '2026-03-27T16:00:00Z'], // Fri
      // Turns keep counting outside the window: Saturday is cem's, Sunday ana's, both off.
      ['ben', '2026-03-30T07:00:00Z', '2026-03-30T15:00:00Z'], // Mon, CEST
    ]);
  });

  it('an overnight restriction crosses midnight', () => {
    const r = rotation({ turn: { type: 'weekly' }, timeZone: 'UTC', restriction: { days: [1], start: '22:00', end: '06:00' } });
    const shifts = renderLayer(r, 0, Z('2026-03-16T00:00:00Z'), Z('2026-03-24T00:00:00Z'));
    expect(shifts.map((s) => [s.userId, iso(s.start), iso(s.end)])).toEqual([
      ['ana', '2026-03-16T22:00:00Z', '2026-03-17T06:00:00Z'],
      ['ben', '2026-03-23T22:00:00Z', '2026-03-24T00:00:00Z'],
    ]);
  });
});

describe('renderSchedule: layers and overrides', () => {
  const base = rotation({ name: 'base', turn: { type: 'weekly' }, timeZone: 'UTC', participants: ['ana', 'ben'] });
  const dayLayer = rotation({
    name: 'business hours',
    turn: { type: 'daily' },
    timeZone: 'UTC',
    participants: ['dev'],
    restriction: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  });
  const from = Z('2026-03-16T00:00:00Z');

  it('a higher layer covers the lower one where it has someone; gaps before the start', () => {
    const r = renderSchedule(schedule([base, dayLayer]), from, Z('2026-03-17T12:00:00Z'));
    expect(r.shifts.map((s) => [s.userId, s.source.kind === 'layer' ? s.source.name : 'override', iso(s.start), iso(s.end)])).toEqual([
      ['dev', 'business hours', '2026-03-16T09:00:00Z', '2026-03-16T17:00:00Z'],
      ['ana', 'base', '2026-03-16T17:00:00Z', '2026-03-17T09:00:00Z'],
      ['dev', 'business hours', '2026-03-17T09:00:00Z', '2026-03-17T12:00:00Z'],
    ]);
    expect(r.gaps.map((g) => [iso(g.start), iso(g.end)])).toEqual([['2026-03-16T00:00:00Z', '2026-03-16T09:00:00Z']]);
  });

  it('overrides win over every layer; the later of two overlapping overrides wins', () => {
    const overrides = [
      { userId: 'ovr1', start: Z('2026-03-17T08:00:00Z'), end: Z('2026-03-17T10:00:00Z') },
      { userId: 'ovr2', start: Z('2026-03-17T09:30:00Z'), end: Z('2026-03-17T11:00:00Z') },
    ];
    const r = renderSchedule(schedule([base, dayLayer], overrides), Z('2026-03-17T07:00:00Z'), Z('2026-03-17T12:00:00Z'));
    expect(r.shifts.map((s) => [s.userId, s.source.kind, iso(s.start), iso(s.end)])).toEqual([
      ['ana', 'layer', '2026-03-17T07:00:00Z', '2026-03-17T08:00:00Z'],
      ['ovr1', 'override', '2026-03-17T08:00:00Z', '2026-03-17T09:30:00Z'],
      ['ovr2', 'override', '2026-03-17T09:30:00Z', '2026-03-17T11:00:00Z'],
      ['dev', 'layer', '2026-03-17T11:00:00Z', '2026-03-17T12:00:00Z'],
    ]);
    expect(r.gaps).toEqual([]);
  });

  it('an override across the Berlin spring change covers exactly its instants', () => {
    const berlin = rotation({ turn: { type: 'daily' }, startDate: '2026-03-27' });
    const o = { userId: 'sub', start: Z('2026-03-28T20:00:00Z'), end: Z('2026-03-29T08:00:00Z') };
    const r = renderSchedule(schedule([berlin], [o]), Z('2026-03-28T08:00:00Z'), Z('2026-03-30T07:00:00Z'));
    expect(r.shifts.map((s) => [s.userId, iso(s.start), iso(s.end)])).toEqual([
      ['ben', '2026-03-28T08:00:00Z', '2026-03-28T20:00:00Z'],
      ['sub', '2026-03-28T20:00:00Z', '2026-03-29T08:00:00Z'],
      ['cem', '2026-03-29T08:00:00Z', '2026-03-30T07:00:00Z'],
    ]);
  });
});

describe('onCallAt', () => {
  const weekly = rotation();

  // Before the rotation starts nobody is on call; `since` is then the look-back limit (3 turns).
  it.each([
    { now: '2026-03-25T12:00:00Z', userId: 'ben', since: '2026-03-23T08:00:00Z', next: '2026-03-30T07:00:00Z', nextUser: 'cem' },
    { now: '2026-03-30T06:59:59Z', userId: 'ben', since: '2026-03-23T08:00:00Z', next: '2026-03-30T07:00:00Z', nextUser: 'cem' },
    { now: '2026-03-30T07:00:00Z', userId: 'cem', since: '2026-03-30T07:00:00Z', next: '2026-04-06T07:00:00Z', nextUser: 'ana' },
    { now: '2026-03-10T00:00:00Z', userId: null, since: '2026-02-17T00:00:00Z', next: '2026-03-16T08:00:00Z', nextUser: 'ana' },
  ])('$now -> $userId until $next', ({ now, userId, since, next, nextUser }) => {
    const r = onCallAt(schedule([weekly]), Z(now));
    expect(r.userId).toBe(userId);
    expect(iso(r.since)).toBe(since);
    expect(r.next && iso(r.next.at)).toBe(next);
    expect(r.next?.userId).toBe(nextUser);
  });

  it('an override for the person already on call is not a hand-off', () => {
    const o = { userId: 'ben', start: Z('2026-03-30T07:00:00Z'), end: Z('2026-03-31T07:00:00Z') };
    const r = onCallAt(schedule([weekly], [o]), Z('2026-03-25T12:00:00Z'));
    expect(r.next && [iso(r.next.at), r.next.userId, r.next.source?.kind]).toEqual(['2026-03-31T07:00:00Z', 'cem', 'layer']);
  });

  it('an override in effect now says so, and hands back to the rotation', () => {
    const o = { userId: 'sub', start: Z('2026-03-25T10:00:00Z'), end: Z('2026-03-25T14:00:00Z') };
    const r = onCallAt(schedule([weekly], [o]), Z('2026-03-25T12:00:00Z'));
    expect(r).toMatchObject({ userId: 'sub', source: { kind: 'override', override: 0 }, since: Z('2026-03-25T10:00:00Z') });
    expect(r.next).toMatchObject({ at: Z('2026-03-25T14:00:00Z'), userId: 'ben' });
  });

  it('a one-person rotation has no next hand-off within the horizon', () => {
    const r = onCallAt(schedule([rotation({ participants: ['solo'] })]), Z('2026-05-01T00:00:00Z'));
    expect(r.userId).toBe('solo');
    expect(r.next).toBeNull();
  });
});

describe('schema', () => {
  it.each([
    { over: { handoffTime: '9:00' }, path: 'handoffTime' },
    { over: { timeZone: 'Mars/Olympus' }, path: 'timeZone' },
    { over: { startDate: '2026-02-30' }, path: 'startDate' },
    { over: { participants: [] }, path: 'participants' },
    { over: { turn: { type: 'custom', every: 0, unit: 'hours' } }, path: 'turn.every' },
    { over: { restriction: { days: [1, 1], start: '09:00', end: '17:00' } }, path: 'restriction.days' },
  ])('rejects $path', ({ over, path }) => {
    const r = rotationSchema.safeParse({ ...rotation(), ...over });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain(path);
  });

  it('rejects an override that ends before it starts', () => {
    const r = scheduleSchema.safeParse({ name: 'x', layers: [rotation()], overrides: [{ userId: 'a', start: 10, end: 5 }] });
    expect(r.error!.issues.map((i) => i.path.join('.'))).toEqual(['overrides.0.end']);
  });
});
