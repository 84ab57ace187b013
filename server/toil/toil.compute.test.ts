import { describe, expect, it } from 'vitest';
import { TOIL_ACTION, type ToilSettingsDto } from './toil.schema';
import {
  DAY_MS,
  actionFor,
  currentSprint,
  dayMs,
  dayProblem,
  effectiveSettings,
  engineeringHours,
  gateEffect,
  lastSprints,
  pageToil,
  sprintAt,
  summarizeSprint,
  toilBand,
} from './toil.compute';

const T = (iso: string) => Date.parse(iso);
const settings = (over: Partial<ToilSettingsDto> = {}): ToilSettingsDto => ({ sprintDays: 14, sprintAnchor: '2026-01-05', engineeringHours: null, pageMinutes: 15, blockFeatureWork: false, configured: true, ...over });

describe('toilBand', () => {
  it.each([
    [null, 'no-data'],
    [0, 'healthy'],
    [19.9, 'healthy'],
    [20, 'watch'],
    [35, 'watch'],
    [50, 'watch'],
    [50.1, 'over'],
    [180, 'over'],
    [Number.NaN, 'no-data'],
  ] as const)('%s %% -> %s', (percent, band) => {
    expect(toilBand(percent)).toBe(band);
  });
});

describe('sprint boundaries', () => {
  it.each([
    // at, anchor, days -> index, start, end (exclusive)
    ['2026-01-05T00:00:00Z', '2026-01-05', 14, 0, '2026-01-05', '2026-01-19'],
    ['2026-01-18T23:59:59.999Z', '2026-01-05', 14, 0, '2026-01-05', '2026-01-19'],
    ['2026-01-19T00:00:00Z', '2026-01-05', 14, 1, '2026-01-19', '2026-02-02'],
    ['2026-01-04T23:59:59Z', '2026-01-05', 14, -1, '2025-12-22', '2026-01-05'],
    ['2026-12-05T21:00:00Z', '2026-01-05', 14, 23, '2026-11-23', '2026-12-07'],
    ['2026-12-05T21:00:00Z', '2026-12-01', 7, 0, '2026-12-01', '2026-12-08'],
    ['2026-12-05T21:00:00Z', '2026-01-01', 21, 16, '2026-12-03', '2026-12-24'],
  ] as const)('%s with sprints of %s from %s', (at, anchor, days, index, start, end) => {
    const s = sprintAt(T(at), anchor, days);
    expect(s).toEqual({ index, start: dayMs(start), end: dayMs(end) });
  });

  it('lists the last sprints oldest first, contiguous, ending with the current one', () => {
    const s = lastSprints(T('2026-12-05T12:00:00Z'), '2026-01-05', 14, 4);
    expect(s.map((x) => x.index)).toEqual([20, 21, 22, 23]);
    for (let i = 1; i < s.length; i++) expect(s[i]!.start).toBe(s[i - 1]!.end);
    expect(s[3]!.start).toBe(dayMs('2026-11-23'));
  });
});

describe('engineering hours', () => {
  it.each([
    [{ engineeringHours: null, sprintDays: 14 }, 5, 300], // 5 x 6 h x 10 working days
    [{ engineeringHours: null, sprintDays: 7 }, 2, 60],
    [{ engineeringHours: null, sprintDays: 14 }, 0, null],
    [{ engineeringHours: 120, sprintDays: 14 }, 0, 120],
    [{ engineeringHours: 120, sprintDays: 14 }, 9, 120],
  ] as const)('%o with %s members -> %s', (s, members, hours) => {
    expect(engineeringHours(s, members)).toBe(hours);
  });
});

describe('pageToil', () => {
  const paged = T('2026-12-01T10:00:00Z');
  it.each([
    ['untouched, resolved by its alert', { acknowledgedAt: null, resolvedAt: paged + 600_000, resolvedByPerson: false }, { handled: false, manual: false, hours: 0 }],
    ['still open, unacknowledged', { acknowledgedAt: null, resolvedAt: null, resolvedByPerson: false }, { handled: false, manual: false, hours: 0 }],
    ['acknowledged, then resolved by its alert', { acknowledgedAt: paged + 60_000, resolvedAt: paged + 3_600_000, resolvedByPerson: false }, { handled: true, manual: false, hours: 0.25 }],
    ['resolved by a person after 90 min', { acknowledgedAt: paged + 60_000, resolvedAt: paged + 90 * 60_000, resolvedByPerson: true }, { handled: true, manual: true, hours: 1.5 }],
    ['resolved by a person after 5 min counts the floor', { acknowledgedAt: paged, resolvedAt: paged + 5 * 60_000, resolvedByPerson: true }, { handled: true, manual: true, hours: 0.25 }],
    ['resolved by a person after 3 days is capped', { acknowledgedAt: paged, resolvedAt: paged + 3 * DAY_MS, resolvedByPerson: true }, { handled: true, manual: true, hours: 8 }],
  ] as const)('%s', (_name, p, want) => {
    expect(pageToil({ pagedAt: paged, ...p }, 15)).toMatchObject(want);
  });
});

describe('summarizeSprint', () => {
  const sprint = sprintAt(T('2026-12-05T12:00:00Z'), '2026-01-05', 14); // 2026-11-23 .. 2026-12-06
  const page = (at: string, minutes: number, person = true) => ({ pagedAt: T(at), acknowledgedAt: T(at), resolvedAt: T(at) + minutes * 60_000, resolvedByPerson: person });

  it('adds logged and measured toil, counts only the sprint, and bands it', () => {
    const s = summarizeSprint(
      sprint,
      [
        { day: '2026-11-23', hours: 10 },
        { day: '2026-12-06', hours: 20 },
        { day: '2026-11-22', hours: 99 }, // previous sprint
        { day: '2026-12-07', hours: 99 }, // next sprint
      ],
      [page('2026-11-24T10:00:00Z', 60), page('2026-11-25T10:00:00Z', 120), page('2026-11-26T10:00:00Z', 30, false), page('2026-11-22T23:00:00Z', 60)],
      settings(),
      2, // 2 x 6 x 10 = 120 h
    );
    expect(s).toMatchObject({ start: '2026-11-23', end: '2026-12-06', loggedHours: 30, pagesHandled: 3, manualPages: 2, medianManualMinutes: 90, pageHours: 3.25, toilHours: 33.25, engineeringHours: 120, percent: 27.7, band: 'watch' });
  });

  it('crosses 50 % strictly above half the engineering hours', () => {
    const at50 = summarizeSprint(sprint, [{ day: '2026-12-01', hours: 60 }], [], settings(), 2);
    const over = summarizeSprint(sprint, [{ day: '2026-12-01', hours: 60.25 }], [], settings(), 2);
    expect([at50.percent, at50.band]).toEqual([50, 'watch']);
    expect([over.percent, over.band]).toEqual([50.2, 'over']);
  });

  it('has no percentage without engineering hours', () => {
    const s = summarizeSprint(sprint, [{ day: '2026-12-01', hours: 4 }], [], settings(), 0);
    expect([s.percent, s.band, s.toilHours]).toEqual([null, 'no-data', 4]);
  });

  it('projects the sprint at the pace so far', () => {
    const s = summarizeSprint(sprint, [{ day: '2026-12-01', hours: 24 }], [], settings(), 2); // 20 %
    expect(currentSprint(sprint, s, T('2026-11-29T12:00:00Z'))).toMatchObject({ elapsedDays: 7, percent: 20, projectedPercent: 40 });
    expect(currentSprint(sprint, s, sprint.start)).toMatchObject({ elapsedDays: 1 });
  });
});

describe('the seed action and the gate', () => {
  it.each([
    ['healthy', false, 'none', null],
    ['watch', true, 'none', null],
    ['over', false, 'flag', TOIL_ACTION],
    ['over', true, 'block', TOIL_ACTION],
    ['no-data', true, 'none', null],
  ] as const)('%s (team blocks: %s) -> %s', (band, block, effect, action) => {
    expect(gateEffect(band, block)).toBe(effect);
    expect(actionFor(band)).toBe(action);
  });
  it('says halt feature work', () => {
    expect(TOIL_ACTION).toMatch(/halt feature work/i);
  });
});

describe('settings and days', () => {
  it('fills the defaults for an unconfigured team', () => {
    expect(effectiveSettings(null)).toMatchObject({ sprintDays: 14, sprintAnchor: '2026-01-05', engineeringHours: null, pageMinutes: 15, blockFeatureWork: false, configured: false });
  });
  it.each([
    ['2026-12-05', null],
    ['2026-12-06', 'is in the future: log toil on the day it happened'],
    ['2025-10-01', 'is more than 400 days ago'],
  ] as const)('%s -> %s', (day, problem) => {
    expect(dayProblem(day, T('2026-12-05T21:00:00Z'))).toBe(problem);
  });
});
