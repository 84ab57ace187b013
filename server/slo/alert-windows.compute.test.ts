import { describe, expect, it } from 'vitest';
import { collectAlertWindows, parseAlertWindows } from './alert-windows.compute';

const file = (period: string, pageQuick = '{errorBudgetPercent: 8, shortWindow: 5m, longWindow: 1h}') => `apiVersion: sloth.slok.dev/v1
kind: AlertWindows
spec:
  sloPeriod: ${period}
  page:
    quick: ${pageQuick}
    slow: {errorBudgetPercent: 12.5, shortWindow: 30m, longWindow: 6h}
  ticket:
    quick: {errorBudgetPercent: 20, shortWindow: 2h, longWindow: 1d}
    slow: {errorBudgetPercent: 42, shortWindow: 6h, longWindow: 3d}
`;

describe('parseAlertWindows (Sloth AlertWindows files)', () => {
  it('an alias whose anchor is not set before it is an issue, not a throw', () => {
    expect(parseAlertWindows('*missing', 'x.yaml')).toEqual({ issues: [{ path: '(yaml)', message: expect.stringMatching(/alias/i) }] });
  });

  it('reads the four rows in page quick, page slow, ticket quick, ticket slow order', () => {
    const r = parseAlertWindows(file('7d'), '7d.yaml');
    expect(r.issues).toEqual([]);
    expect(r.set).toEqual({
      periodDays: 7,
      source: '7d.yaml',
      conditions: [
        { severity: 'page', shortWindow: '5m', longWindow: '1h', budgetPercent: 8 },
        { severity: 'page', shortWindow: '30m', longWindow: '6h', budgetPercent: 12.5 },
        { severity: 'ticket', shortWindow: '2h', longWindow: '1d', budgetPercent: 20 },
        { severity: 'ticket', shortWindow: '6h', longWindow: '3d', budgetPercent: 42 },
      ],
    });
  });

  it.each([
    { label: 'period not whole days', text: file('36h'), issues: ['spec.sloPeriod: must be whole days, e.g. 7d or 30d'] },
    { label: 'short not shorter than long', text: file('7d', '{errorBudgetPercent: 8, shortWindow: 1h, longWindow: 1h}'), issues: ['spec.page.quick.shortWindow: must be shorter than longWindow (1h)'] },
    { label: 'percent over 100', text: file('7d', '{errorBudgetPercent: 120, shortWindow: 5m, longWindow: 1h}'), issues: ['spec.page.quick.errorBudgetPercent: must be above 0 and at most 100'] },
    { label: 'window longer than the period', text: file('2d'), issues: ['spec.ticket.slow.longWindow: must not be longer than sloPeriod (2d)'] },
    { label: 'wrong kind', text: file('7d').replace('AlertWindows', 'Windows'), issues: ['kind: must be "AlertWindows"'] },
    { label: 'bad duration', text: file('7d', '{errorBudgetPercent: 8, shortWindow: soon, longWindow: 1h}'), issues: ['spec.page.quick.shortWindow: must be a duration such as 1m or 5m'] },
  ])('$label', ({ text, issues }) => {
    expect(parseAlertWindows(text, 'x.yaml').issues.map((i) => `${i.path}: ${i.message}`)).toEqual(issues);
  });

  it('two files for the same period are refused, naming the first', () => {
    const r = collectAlertWindows([
      { name: 'a.yaml', text: file('7d') },
      { name: 'b.yaml', text: file('7d') },
    ]);
    expect(r.sets.map((s) => s.source)).toEqual(['a.yaml']);
    expect(r.issues).toEqual([{ file: 'b.yaml', path: 'spec.sloPeriod', message: '7d is already defined by a.yaml' }]);
  });
});
