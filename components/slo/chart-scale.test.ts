import { describe, expect, it } from 'vitest';
import { goldenSignalFormat, niceTicks, tickDigits } from './chart-scale';

describe('niceTicks', () => {
  it.each([
    { lo: 89.42, hi: 100, want: [87.5, 90, 92.5, 95, 97.5, 100] },
    { lo: 97.73, hi: 100, want: [97.5, 98, 98.5, 99, 99.5, 100] },
    { lo: 99.8, hi: 100, want: [99.8, 99.85, 99.9, 99.95, 100] },
    { lo: 0, hi: 100, want: [0, 20, 40, 60, 80, 100] },
  ])('$lo to $hi', ({ lo, hi, want }) => {
    expect(niceTicks(lo, hi)).toEqual(want);
  });

  it('never starts above the lowest value and always reaches the top', () => {
    for (const lo of [12.3, 97.731, 99.99, 50]) {
      const t = niceTicks(lo, 100);
      expect(t[0]).toBeLessThanOrEqual(lo);
      expect(t[t.length - 1]).toBe(100);
    }
  });
});

describe('tickDigits', () => {
  it.each([
    { ticks: [85, 90], digits: 0 },
    { ticks: [97.5, 98], digits: 1 },
    { ticks: [99.8, 99.85], digits: 2 },
  ])('$ticks -> $digits', ({ ticks, digits }) => expect(tickDigits(ticks)).toBe(digits));
});

describe('goldenSignalFormat', () => {
  it.each([
    { key: 'latency' as const, v: 0.245, want: '245 ms' },
    { key: 'latency' as const, v: 0.0042, want: '4.2 ms' },
    { key: 'latency' as const, v: 1.5, want: '1.5 s' },
    { key: 'traffic' as const, v: 42.36, want: '42.4 req/s' },
    { key: 'errors5xx' as const, v: 0.0075, want: '0.0075 err/s' },
    { key: 'saturation' as const, v: 0.045, want: '4.5 %' },
  ])('$key $v -> $want', ({ key, v, want }) => expect(goldenSignalFormat(key)(v)).toBe(want));
});
