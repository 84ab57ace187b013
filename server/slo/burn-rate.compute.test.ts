import { describe, expect, it } from 'vitest';
import { alertWindowsOf, burnRate, burnRateThresholds, type AlertWindowSet } from './burn-rate.compute';

const DEFAULT_ROWS = ['page 5m/1h', 'page 30m/6h', 'ticket 2h/1d', 'ticket 6h/3d'];

describe('burnRateThresholds', () => {
  // factor = budget% x period hours / 100 / long-window hours
  it.each([
    { days: 30, factors: [14.4, 6, 3, 1], why: 'Sloth google-30d' },
    { days: 28, factors: [13.44, 5.6, 2.8, 0.933333333333], why: 'Sloth google-28d' },
    { days: 7, factors: [13.44, 3.5, 1.4, 0.98], why: "Sloth's 7d set (8, 12.5, 20, 42 %)" },
    { days: 90, factors: [43.2, 18, 9, 3], why: 'derived from the 30d shares' },
    { days: 14, factors: [6.72, 2.8, 1.4, 1], why: 'derived; the 0.467x ticket is floored at 1x' },
    { days: 3, factors: [1.44, 1, 1, 1], why: 'derived; the 0.6x page and both tickets floored at 1x' },
    { days: 5, factors: [2.4, 1, 1, 1], why: 'derived; nothing fires below 1x' },
  ])('$days d -> $factors ($why)', ({ days, factors }) => {
    const t = burnRateThresholds(days);
    expect(t.map((x) => x.factor)).toEqual(factors);
    expect(t.map((x) => `${x.severity} ${x.shortWindow}/${x.longWindow}`)).toEqual(DEFAULT_ROWS);
  });

  const custom30d: AlertWindowSet = {
    periodDays: 30,
    source: 'custom-30d.yaml',
    conditions: [
      { severity: 'page', shortWindow: '2m', longWindow: '30m', budgetPercent: 1 },
      { severity: 'page', shortWindow: '15m', longWindow: '3h', budgetPercent: 2 },
      { severity: 'ticket', shortWindow: '1h', longWindow: '12h', budgetPercent: 5 },
      { severity: 'ticket', shortWindow: '3h', longWindow: '36h', budgetPercent: 5 },
    ],
  };

  it('a user set for the period replaces the built-in one', () => {
    expect(burnRateThresholds(30, [custom30d]).map((t) => [t.shortWindow, t.longWindow, t.factor])).toEqual([
      ['2m', '30m', 14.4],
      ['15m', '3h', 4.8],
      ['1h', '12h', 3],
      ['3h', '36h', 1],
    ]);
  });

  it('a user set for another period leaves this one alone', () => {
    expect(burnRateThresholds(28, [custom30d])[0]!.factor).toBe(13.44);
  });

  it('alertWindowsOf lists every window once, shortest first', () => {
    expect(alertWindowsOf(burnRateThresholds(30, [custom30d]))).toEqual(['2m', '15m', '30m', '1h', '3h', '12h', '36h']);
    expect(alertWindowsOf(burnRateThresholds(30))).toEqual(['5m', '30m', '1h', '2h', '6h', '1d', '3d']);
  });
});

describe('burnRate', () => {
  it.each([
    [0.001, 0.001, 1],
    [0.0144, 0.001, 14.4],
    [0, 0.001, 0],
    [0.05, 0.01, 5],
  ])('error ratio %f with budget %f burns %f', (ratio, budget, rate) => {
    expect(burnRate(ratio, budget)).toBeCloseTo(rate, 10);
  });
});
