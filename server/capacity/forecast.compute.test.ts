import { describe, expect, it } from 'vitest';
import { describeRunOut, fitLine, forecast, FORECAST_DAYS, type SnapshotPoint } from './forecast.compute';

const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i));
const series = (values: [number, number | null][], allocatable = 1000): SnapshotPoint[] =>
  values.map(([requested, used], i) => ({ day: day(i), allocatable, requested, used }));

describe('fitLine', () => {
  it.each([
    { xs: [0, 1, 2], ys: [1, 3, 5], slope: 2, intercept: 1, r2: 1 },
    { xs: [0, 1, 2, 3], ys: [2, 2, 2, 2], slope: 0, intercept: 2, r2: 1 },
    { xs: [0, 1, 2, 3], ys: [1, 3, 2, 4], slope: 0.8, intercept: 1.3, r2: 0.64 },
  ])('$ys', ({ xs, ys, slope, intercept, r2 }) => {
    const line = fitLine(xs, ys)!;
    expect(line.slope).toBeCloseTo(slope, 10);
    expect(line.intercept).toBeCloseTo(intercept, 10);
    expect(line.r2).toBeCloseTo(r2, 10);
  });
  it.each([
    [[], []],
    [[1], [1]],
    [[2, 2], [1, 5]],
  ])('degenerate %j → null', (xs, ys) => {
    expect(fitLine(xs, ys)).toBeNull();
  });
});

describe('forecast', () => {
  it('growing requests: the day the line reaches allocatable', () => {
    // 500, 510, ..., 590 over 10 days: +10/day, reaches 1000 on day 50
    const f = forecast(series(Array.from({ length: 10 }, (_, i) => [500 + 10 * i, 100] as [number, number])));
    expect(f.requested.runOut).toEqual({ status: 'within', date: day(50), days: 41 });
    expect(f.used.runOut).toEqual({ status: 'not-within', horizonDays: FORECAST_DAYS });
    expect(f.firstRunOut).toEqual(f.requested.runOut);
    expect(f.projection).toHaveLength(FORECAST_DAYS);
    expect(f.projection[0]).toMatchObject({ day: day(10), allocatable: 1000 });
    expect(f.projection[0]!.requested).toBeCloseTo(600, 6);
    expect(f.projection[0]!.used).toBeCloseTo(100, 6);
  });

  it('slow growth beyond the horizon', () => {
    const f = forecast(series([[100, 50], [101, 50], [102, 50]]));
    expect(f.requested.runOut.status).toBe('not-within');
    expect(describeRunOut(f.requested.runOut, 'CPU requests')).toBe('At the current trend, CPU requests does not reach allocatable capacity within 6 months.');
  });

  it('already full', () => {
    const f = forecast(series([[900, 1], [950, 1], [1000, 1]]));
    expect(f.requested.runOut).toEqual({ status: 'already', date: day(2) });
    expect(f.firstRunOut.status).toBe('already');
  });

  it.each([0, 1, 2])('%d snapshots: insufficient data, no projection', (n) => {
    const f = forecast(series(Array.from({ length: n }, (_, i) => [100 + i * 100, 10] as [number, number])));
    expect(f.requested.runOut).toEqual({ status: 'insufficient-data', points: n, needed: 3 });
    expect(f.projection).toEqual([]);
    expect(describeRunOut(f.requested.runOut, 'CPU requests')).toMatch(/at least 3 needed/);
  });

  it('repeated days keep the last snapshot; order does not matter; gaps are real days', () => {
    const pts: SnapshotPoint[] = [
      { day: new Date(Date.UTC(2026, 0, 5, 3)), allocatable: 1000, requested: 700, used: null },
      { day: day(0), allocatable: 1000, requested: 500, used: null },
      { day: new Date(Date.UTC(2026, 0, 1, 23)), allocatable: 1000, requested: 999, used: null },
      { day: day(0), allocatable: 1000, requested: 500, used: null },
      { day: day(2), allocatable: 1000, requested: 600, used: null },
    ];
    const f = forecast(pts);
    // points: day0 500, day2 600, day4 700 → +50/day, 1000 on day 10
    expect(f.requested.line!.slope).toBeCloseTo(50, 10);
    expect(f.requested.runOut).toEqual({ status: 'within', date: day(10), days: 6 });
    expect(f.used.runOut.status).toBe('insufficient-data');
    expect(f.projection[0]!.used).toBeNull();
  });

  it('allocatable is the latest value, held flat', () => {
    const pts = series([[100, 0], [200, 0], [300, 0]]).map((p, i) => ({ ...p, allocatable: 1000 + i * 1000 }));
    const f = forecast(pts);
    expect(f.allocatable).toBe(3000);
    expect(f.projection.every((p) => p.allocatable === 3000)).toBe(true);
    expect(f.requested.runOut).toMatchObject({ status: 'within', date: day(29) }); // 100 + 100x = 3000
  });

  it('projection never goes below zero', () => {
    const f = forecast(series([[300, 300], [200, 200], [100, 100]]));
    expect(f.projection.at(-1)).toMatchObject({ requested: 0, used: 0 });
    expect(f.firstRunOut.status).toBe('not-within');
  });

  it('a noisy line above the latest point reports the next day, not a past date', () => {
    const f = forecast(series([[980, 0], [990, 0], [995, 0], [960, 0], [999, 0]]));
    expect(f.requested.runOut.status).toBe('within');
    if (f.requested.runOut.status === 'within') expect(f.requested.runOut.date.getTime()).toBeGreaterThan(day(4).getTime());
  });
});
