import { describe, expect, it } from 'vitest';
import { bytes, cpuMillis, parseQuantity, QuantityError, tryQuantity } from './quantity.compute';

describe('cpuMillis', () => {
  it.each([
    ['100m', 100],
    ['1', 1000],
    ['1.5', 1500],
    ['0.1', 100], // exact: no floating-point 100.00000000000001
    ['.5', 500],
    ['2.', 2000],
    ['250u', 1], // rounded up, as MilliValue() does
    ['1500000n', 2],
    ['1000000n', 1],
    ['1e3', 1_000_000],
    ['1E-3', 1],
    ['1k', 1_000_000],
    ['+3', 3000],
    ['-100m', -100],
    ['0', 0],
    [2, 2000],
    [0.25, 250],
    [undefined, 0],
    [null, 0],
    ['', 0],
  ])('%s → %d millicores', (q, expected) => {
    expect(cpuMillis(q)).toBe(expected);
  });
});

describe('bytes', () => {
  it.each([
    ['512Mi', 512 * 1024 ** 2],
    ['1Gi', 1024 ** 3],
    ['1.5Gi', 1.5 * 1024 ** 3],
    ['1G', 1e9],
    ['128974848', 128974848],
    ['129e6', 129e6],
    ['123Ki', 125952],
    ['1Ti', 1024 ** 4],
    ['2Ei', 2 * 2 ** 60],
    ['100m', 1], // 0.1 byte rounds up to 1
    ['0.5Ki', 512],
    [1024, 1024],
  ])('%s → %d bytes', (q, expected) => {
    expect(bytes(q)).toBe(expected);
  });
});

describe('invalid quantities', () => {
  it.each(['abc', '1.2.3', '10 Mi', 'Mi', '1mi', '1KiB', '1e', '--1', '1e99', ' ', 'NaN'])('%j is refused', (q) => {
    expect(() => bytes(q)).toThrow(QuantityError);
    expect(tryQuantity(q, 'memory')).toBeNull();
  });
  it('Infinity is refused', () => {
    expect(() => cpuMillis(Number.POSITIVE_INFINITY)).toThrow(QuantityError);
  });
});

describe('parseQuantity', () => {
  it.each([
    ['1.5', 1.5],
    ['100m', 0.1],
    ['1Ki', 1024],
    ['1e3', 1000],
    ['-2k', -2000],
  ])('%s = %f', (q, v) => {
    expect(parseQuantity(q)).toBeCloseTo(v, 12);
  });
});
