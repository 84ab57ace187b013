import { describe, expect, it } from 'vitest';
import { dayEdges } from './ScheduleCalendar';

const H = 3_600_000;

describe('dayEdges', () => {
  it.each([
    ['two weeks from mid-morning', new Date(2026, 11, 5, 9, 30).getTime(), 14 * 24 * H, 14],
    ['from a midnight', new Date(2026, 11, 5).getTime(), 3 * 24 * H, 3],
    ['across the DST change', new Date(2026, 2, 27, 12).getTime(), 4 * 24 * H, 4],
  ])('%s: local midnights only, in order, inside the range', (_name, from, span, count) => {
    const edges = dayEdges(from, from + span);
    expect(edges).toHaveLength(count);
    for (const [i, t] of edges.entries()) {
      const d = new Date(t);
      expect([d.getHours(), d.getMinutes()]).toEqual([0, 0]);
      expect(t).toBeGreaterThanOrEqual(from);
      expect(t).toBeLessThan(from + span);
      if (i > 0) expect(new Date(t).getDate()).not.toBe(new Date(edges[i - 1]!).getDate());
    }
  });
});
