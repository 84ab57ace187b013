import { describe, expect, it } from 'vitest';
import { lastFullMonth, monthPeriod, parsePeriod, periodsEndingWith, previousPeriod, selectablePeriods } from './period.compute';

const iso = (ms: number) => new Date(ms).toISOString();

describe('parsePeriod', () => {
  it.each([
    { text: '2026-11', key: '2026-11', kind: 'month', label: 'November 2026', from: '2026-11-01', to: '2026-12-01', prev: '2026-10' },
    { text: '2026-01', key: '2026-01', kind: 'month', label: 'January 2026', from: '2026-01-01', to: '2026-02-01', prev: '2025-12' },
    { text: '2026-02', key: '2026-02', kind: 'month', label: 'February 2026', from: '2026-02-01', to: '2026-03-01', prev: '2026-01' },
    { text: '2026-12', key: '2026-12', kind: 'month', label: 'December 2026', from: '2026-12-01', to: '2027-01-01', prev: '2026-11' },
    { text: '2026-Q4', key: '2026-Q4', kind: 'quarter', label: 'Q4 2026', from: '2026-10-01', to: '2027-01-01', prev: '2026-Q3' },
    { text: '2026-q1', key: '2026-Q1', kind: 'quarter', label: 'Q1 2026', from: '2026-01-01', to: '2026-04-01', prev: '2025-Q4' },
    { text: ' 2025-Q2 ', key: '2025-Q2', kind: 'quarter', label: 'Q2 2025', from: '2025-04-01', to: '2025-07-01', prev: '2025-Q1' },
  ])('$text is $label, after $prev', ({ text, key, kind, label, from, to, prev }) => {
    const p = parsePeriod(text)!;
    expect(p).toMatchObject({ key, kind, label, month: key });
    expect(iso(p.from)).toBe(`${from}T00:00:00.000Z`);
    expect(iso(p.to)).toBe(`${to}T00:00:00.000Z`);
    expect(previousPeriod(p).key).toBe(prev);
    expect(previousPeriod(p).to).toBe(p.from);
  });

  it.each(['', '2026', '2026-13', '2026-00', '2026-Q5', '2026-Q0', '26-11', '2026-11-01', 'Q4-2026', '1969-12', 'november'])('"%s" is no period', (text) => {
    expect(parsePeriod(text)).toBeNull();
  });
});

describe('defaults and choices', () => {
  it.each([
    { now: '2026-12-05T17:00:00Z', month: '2026-11', label: 'November 2026' },
    { now: '2026-01-01T00:00:00Z', month: '2025-12', label: 'December 2025' },
    { now: '2026-03-31T23:59:59Z', month: '2026-02', label: 'February 2026' },
  ])('the default at $now is $month', ({ now, month, label }) => {
    expect(lastFullMonth(Date.parse(now))).toMatchObject({ key: month, label });
    expect(monthPeriod(month).to).toBe(lastFullMonth(Date.parse(now)).to);
  });

  it('monthPeriod refuses a quarter', () => {
    expect(() => monthPeriod('2026-Q4')).toThrow(/not a month/);
  });

  it('offers the running month and quarter first', () => {
    expect(selectablePeriods(Date.parse('2026-12-05T00:00:00Z'), 3, 2)).toEqual(['2026-12', '2026-11', '2026-10', '2026-Q4', '2026-Q3']);
  });

  it('trend axes end with the period, oldest first', () => {
    expect(periodsEndingWith(parsePeriod('2026-Q1')!, 3).map((p) => p.key)).toEqual(['2025-Q3', '2025-Q4', '2026-Q1']);
    expect(periodsEndingWith(parsePeriod('2026-02')!, 4).map((p) => p.key)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
  });
});
