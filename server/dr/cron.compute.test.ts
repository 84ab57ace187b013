import { describe, expect, it } from 'vitest';
import { cronMaxGapMs, staleGraceMs } from './cron.compute';

const H = 3_600_000;

describe('cronMaxGapMs', () => {
  it.each([
    ['0 2 * * *', 24 * H],
    ['@daily', 24 * H],
    ['0 * * * *', H],
    ['*/15 * * * *', 0.25 * H],
    ['0 */6 * * *', 6 * H],
    ['0 1,13 * * *', 12 * H],
    ['30 3 * * 0', 7 * 24 * H],
    ['0 2 * * 1-5', 3 * 24 * H], // Friday 02:00 to Monday 02:00
    ['0 0 1 * *', 31 * 24 * H],
    ['@every 6h', 6 * H],
    ['@every 1h30m', 1.5 * H],
  ])('%s -> longest gap %d ms', (expr, gap) => {
    expect(cronMaxGapMs(expr)).toBe(gap);
  });

  it.each(['', 'daily', '61 * * * *', '* * *', '@every', '@every 0h', '0 25 * * *'])('does not understand %j', (expr) => {
    expect(cronMaxGapMs(expr)).toBeNull();
  });

  it.each([
    [24 * H, 30 * 60_000],
    [H, 10 * 60_000],
    [7 * 24 * H, 60 * 60_000],
  ])('grace for an interval of %d ms is %d ms', (interval, grace) => {
    expect(staleGraceMs(interval)).toBe(grace);
  });
});
