import { describe, expect, it } from 'vitest';
import { burnRate, burnRateThresholds } from './burn-rate.compute';

describe('burnRateThresholds', () => {
  // factor = budget% x period hours / 100 / long-window hours
  it.each([
    { days: 30, factors: [14.4, 6, 3, 1] },
    { days: 28, factors: [13.44, 5.6, 2.8, 0.933333333333] },
    { days: 7, factors: [3.36, 1.4, 0.7, 0.233333333333] },
    { days: 90, factors: [43.2, 18, 9, 3] },
  ])('$days d -> $factors', ({ days, factors }) => {
    const t = burnRateThresholds(days);
    expect(t.map((x) => x.factor)).toEqual(factors);
    expect(t.map((x) => `${x.severity} ${x.shortWindow}/${x.longWindow}`)).toEqual(['page 5m/1h', 'page 30m/6h', 'ticket 2h/1d', 'ticket 6h/3d']);
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
