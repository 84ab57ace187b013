import { describe, expect, it } from 'vitest';
import { formatRelative } from './time';

const now = new Date('2026-06-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('formatRelative', () => {
  it('says Never for a missing date', () => {
    expect(formatRelative(null, now)).toBe('Never');
  });
  it('picks the largest whole unit', () => {
    expect(formatRelative(ago(20_000), now)).toBe('just now');
    expect(formatRelative(ago(5 * 60_000), now)).toMatch(/5 minutes ago/);
    expect(formatRelative(ago(3 * 3_600_000), now)).toMatch(/3 hours ago/);
    expect(formatRelative(ago(86_400_000), now)).toMatch(/yesterday|1 day ago/);
  });
});
