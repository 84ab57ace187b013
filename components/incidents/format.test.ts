import { describe, expect, it } from 'vitest';
import { formatDuration, stateTone } from './format';

describe('formatDuration', () => {
  it.each([
    [null, '—'],
    [0, '0 min'],
    [40 * 60_000, '40 min'],
    [60 * 60_000, '1 h'],
    [95 * 60_000, '1 h 35 min'],
    [50 * 3_600_000, '2 d 2 h'],
  ])('%s -> %s', (ms, text) => expect(formatDuration(ms)).toBe(text));
  it.each([
    ['triage', 'danger'],
    ['resolved', 'success'],
    ['merged', 'neutral'],
  ])('stateTone(%s)', (s, tone) => expect(stateTone(s)).toBe(tone));
});
