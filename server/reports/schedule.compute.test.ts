import { describe, expect, it } from 'vitest';
import { duePeriod, recipientsOf, stillToSend } from './schedule.compute';

const on = { enabled: true, dayOfMonth: 3, hour: 8 };

describe('duePeriod', () => {
  it.each([
    { name: 'disabled', s: { ...on, enabled: false }, now: '2026-12-05T09:00:00Z', due: null },
    { name: 'before the day', s: on, now: '2026-12-02T23:59:59Z', due: null },
    { name: 'the day, before the hour', s: on, now: '2026-12-03T07:59:59Z', due: null },
    { name: 'the day, at the hour', s: on, now: '2026-12-03T08:00:00Z', due: '2026-11' },
    { name: 'later in the month', s: on, now: '2026-12-28T00:00:00Z', due: '2026-11' },
    { name: 'January sends December', s: { ...on, dayOfMonth: 1, hour: 0 }, now: '2027-01-01T00:00:00Z', due: '2026-12' },
  ])('$name', ({ s, now, due }) => expect(duePeriod(s, Date.parse(now))?.key ?? null).toBe(due));
});

describe('recipients', () => {
  const execs = [{ email: 'Cfo@Example.com', disabled: false }, { email: 'gone@example.com', disabled: true }];
  it.each([
    { toExecutives: true, recipients: ['cfo@example.com', 'board@example.com '], expected: ['board@example.com', 'cfo@example.com'] },
    { toExecutives: false, recipients: ['board@example.com'], expected: ['board@example.com'] },
    { toExecutives: true, recipients: [], expected: ['cfo@example.com'] },
  ])('executives $toExecutives + $recipients', ({ toExecutives, recipients, expected }) => expect(recipientsOf({ toExecutives, recipients }, execs)).toEqual(expected));

  it('sends once: sent and sending rows are done; failed ones retry until 3 attempts', () => {
    const sends = [
      { recipient: 'a', status: 'sent', attempts: 1 },
      { recipient: 'b', status: 'sending', attempts: 1 },
      { recipient: 'c', status: 'failed', attempts: 1 },
      { recipient: 'd', status: 'failed', attempts: 3 },
    ];
    expect(stillToSend(['a', 'b', 'c', 'd', 'e'], sends)).toEqual(['c', 'e']);
  });
});
