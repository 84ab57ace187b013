import { describe, expect, it } from 'vitest';
import { nextWindows } from './FreezeCalendar';

const w = (name: string, kind: string, start: number, active = false) => ({ name, kind, tiers: ['T2', 'T3'], start, end: start + 10, active });

describe('nextWindows', () => {
  it.each([
    { name: 'one weekly window: only its next occurrence', input: [w('Weekend', 'weekly', 300), w('Weekend', 'weekly', 100), w('Weekend', 'weekly', 200)], starts: [100] },
    { name: 'in force now: it, not also the next one', input: [w('Weekend', 'weekly', 100, true), w('Weekend', 'weekly', 200)], starts: [100] },
    { name: 'holidays and weekly windows side by side, by start', input: [w('Weekend', 'weekly', 200), w('Christmas', 'holiday', 150), w('Weekend', 'weekly', 400), w('New year', 'holiday', 500)], starts: [150, 200, 500] },
    { name: 'nothing', input: [], starts: [] },
  ])('$name', ({ input, starts }) => {
    expect(nextWindows(input).map((i) => i.start)).toEqual(starts);
  });
});
