import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatCpu } from './resources';

describe('resource formatting', () => {
  it.each([
    [250, '250m'],
    [1000, '1 core'],
    [1500, '1.5 cores'],
    [48_000, '48 cores'],
    [123_456, '123 cores'],
    [null, '—'],
  ])('cpu %j → %s', (v, s) => expect(formatCpu(v)).toBe(s));
  it.each([
    [512, '512 B'],
    [1024 ** 3 * 1.5, '1.5 GiB'],
    [1024 ** 4 * 12, '12 TiB'],
    [-1024, '-1 KiB'],
  ])('bytes %j → %s', (v, s) => expect(formatBytes(v)).toBe(s));
  it.each([
    [30, '30 s old'],
    [600, '10 min old'],
    [7200, '2 h old'],
    [null, 'no data yet'],
  ])('age %j → %s', (v, s) => expect(formatAge(v)).toBe(s));
});
