import { describe, expect, it } from 'vitest';
import { channelsFor, effectivePolicy, emailMessage, genericWebhookBody, pageRunbook, planPage, retryAt, slackWebhookBody, type PageMessageInput, type PlanChannel, type RunbookRef, type PlanContext, type PlanPage, type PlanUser } from './paging.compute';

const MIN = 60_000;
const t0 = Date.parse('2026-03-10T08:00:00Z');
const user = (id: string, teamIds: string[] = ['t1'], disabled = false): PlanUser => ({ id, name: id.toUpperCase(), email: `${id}@x.test`, disabled, teamIds });
const channel = (id: string, over: Partial<PlanChannel> = {}): PlanChannel => ({ id, name: id, kind: 'webhook', enabled: true, scope: { teamIds: [], userIds: [] }, target: `${id} (host)`, ...over });
const page = (over: Partial<PlanPage> = {}): PlanPage => ({ pagedAt: t0, lastStep: -1, status: 'triggered', acknowledgedAt: null, resolvedAt: null, teamId: 't1', ...over });
const ctx = (over: Partial<PlanContext> = {}): PlanContext => ({
  policy: {
    steps: [
      { afterMinutes: 0, targets: [{ type: 'schedule', scheduleId: 's1' }] },
      { afterMinutes: 15, targets: [{ type: 'team-lead' }] },
      { afterMinutes: 30, targets: [{ type: 'user', userId: 'vp' }] },
    ],
  },
  teamScheduleIds: ['s1'],
  onCall: { s1: 'alice' },
  teamLeads: { t1: 'bob' },
  users: new Map([user('alice'), user('bob'), user('vp', [])].map((u) => [u.id, u])),
  channels: [channel('hook'), channel('mail', { kind: 'smtp', scope: { teamIds: [], userIds: ['vp'] } })],
  now: t0,
  ...over,
});

describe('planPage', () => {
  it.each([
    ['at the page: the on-call person', page(), t0, [[0, 'alice', 'hook']], 0, t0 + 15 * MIN],
    ['14 min later, step 0 already fired: nothing', page({ lastStep: 0 }), t0 + 14 * MIN, [], 0, t0 + 15 * MIN],
    ['after 15 min: the team lead', page({ lastStep: 0 }), t0 + 15 * MIN, [[1, 'bob', 'hook']], 1, t0 + 30 * MIN],
    ['after 30 min: the VP on both channels', page({ lastStep: 1 }), t0 + 30 * MIN, [[2, 'vp', 'hook'], [2, 'vp', 'mail']], 2, null],
    ['worker late by 40 min: every missed step at once', page(), t0 + 40 * MIN, [[0, 'alice', 'hook'], [1, 'bob', 'hook'], [2, 'vp', 'hook'], [2, 'vp', 'mail']], 2, null],
    ['acknowledged at 10 min: nothing more', page({ lastStep: 0, status: 'acknowledged', acknowledgedAt: t0 + 10 * MIN }), t0 + 20 * MIN, [], 0, null],
  ])('%s', (_name, p, now, expected, lastStep, nextStepAt) => {
    const plan = planPage(p, ctx({ now }));
    expect(plan.notifications.map((n) => [n.step, n.userId, n.channelId])).toEqual(expected);
    expect(plan.notifications.every((n) => n.outcome === 'pending')).toBe(true);
    expect(plan.lastStep).toBe(lastStep);
    expect(plan.nextStepAt).toBe(nextStepAt);
  });

  it.each([
    ['a gap in the schedule', { onCall: { s1: null } }, 'schedule s1 has nobody on call'],
    ['a gap in a named schedule', { onCall: { s1: null }, names: { s1: 'Payments primary' } }, 'schedule Payments primary has nobody on call'],
    ['a disabled person', { users: new Map([['alice', user('alice', ['t1'], true)]]) }, 'ALICE is disabled'],
    ['no channel reaches the person', { channels: [] }, 'no enabled notification channel reaches this person (Settings → Alerting)'],
    ['a deleted user', { users: new Map() }, 'user alice no longer exists'],
  ])('records a skipped notification for %s', (_name, over, detail) => {
    const plan = planPage(page(), ctx(over as Partial<PlanContext>));
    expect(plan.notifications).toEqual([expect.objectContaining({ step: 0, outcome: 'skipped', detail })]);
  });

  it('falls back to the team schedules, then the team lead, then says nobody can be paged', () => {
    expect(effectivePolicy(page(), { policy: null, teamScheduleIds: ['s1', 's2'] })).toMatchObject({ used: 'team-schedules', steps: [{ afterMinutes: 0, targets: [{ scheduleId: 's1' }, { scheduleId: 's2' }] }] });
    expect(effectivePolicy(page(), { policy: null, teamScheduleIds: [] })).toMatchObject({ used: 'team-lead', steps: [{ targets: [{ type: 'team-lead', teamId: 't1' }] }] });
    const none = planPage(page({ teamId: null }), ctx({ policy: null, teamScheduleIds: [] }));
    expect(none).toMatchObject({ policyUsed: 'none', nextStepAt: null, lastStep: 0 });
    expect(none.notifications[0]!.detail).toContain('nobody to page');
    expect(planPage(page({ teamId: null, lastStep: 0 }), ctx({ policy: null, teamScheduleIds: [] })).notifications).toEqual([]);
  });
});

describe('channelsFor', () => {
  it.each([
    ['unscoped', { teamIds: [], userIds: [] }, true],
    ['scoped to the person', { teamIds: [], userIds: ['alice'] }, true],
    ['scoped to their team', { teamIds: ['t1'], userIds: [] }, true],
    ['scoped to someone else', { teamIds: ['t2'], userIds: ['bob'] }, false],
  ])('%s', (_name, scope, expected) => {
    expect(channelsFor(user('alice'), [channel('c', { scope })]).length === 1).toBe(expected);
  });
  it('skips disabled channels', () => {
    expect(channelsFor(user('alice'), [channel('c', { enabled: false })])).toEqual([]);
  });
});

describe('retryAt', () => {
  it.each([
    [1, t0 + 30_000],
    [2, t0 + 120_000],
    [3, null],
  ])('after attempt %i', (attempts, expected) => expect(retryAt(attempts, t0)).toBe(expected));
});

describe('messages', () => {
  const input: PageMessageInput = {
    event: 'escalated' as const,
    page: { id: 'p1', priority: 'P1', summary: 'CheckoutDown (checkout): <b>5xx</b>', status: 'triggered', pagedAt: t0, step: 1 },
    recipient: { id: 'u1', name: 'Bob', email: 'bob@x.test' },
    team: 'Payments',
    alert: { name: 'CheckoutDown', labels: { service: 'checkout' }, annotations: { runbook_url: 'https://rb.example/checkout' } },
    runbook: { id: 'rb1', title: 'Checkout is down', href: '/runbooks/rb1' },
    baseUrl: 'https://runwell.example/',
  };
  it('generic JSON names the page, the person and the ack link', () => {
    expect(genericWebhookBody(input)).toMatchObject({
      type: 'runwell.page',
      event: 'escalated',
      page: { id: 'p1', pagedAt: '2026-03-10T08:00:00.000Z', url: 'https://runwell.example/oncall?page=p1' },
      recipient: { name: 'Bob' },
      alert: { runbookUrl: 'https://rb.example/checkout' },
      ackUrl: 'https://runwell.example/api/v1/pages/p1/ack',
      text: '[P1] CheckoutDown (checkout): <b>5xx</b> (escalation step 2)',
    });
  });
  it('Slack escapes markup and links the runbook', () => {
    const body = slackWebhookBody(input);
    expect(body.text).toContain('[P1]');
    expect(body.blocks[0]!.text.text).toContain('&lt;b&gt;5xx&lt;/b&gt;');
    expect(body.blocks[0]!.text.text).toContain('Runbook: <https://runwell.example/runbooks/rb1|Checkout is down>');
  });
  it('Slack: a runbook_url cannot forge a link or mention the channel (issue 10, finding 7)', () => {
    const evil = 'https://evil.example/ack|Open in Runwell to acknowledge> <!channel';
    const body = slackWebhookBody({ ...input, alert: { ...input.alert!, annotations: { runbook_url: evil } }, runbook: pageRunbook({ alertname: 'CheckoutDown', annotations: { runbook_url: evil } }, []), page: { ...input.page, summary: 'down <!channel> & <https://x.example|click>' } });
    const text = body.blocks[0]!.text.text;
    // One link per line at most, no raw control characters from the alert.
    expect(text).not.toContain('<!channel');
    expect(body.text).not.toMatch(/<!channel|<https/);
    const runbookLine = text.split('\n').find((l) => l.startsWith('Runbook:'))!;
    expect(runbookLine).toBe('Runbook: <https://evil.example/ack%7COpen%20in%20Runwell%20to%20acknowledge%3E%20%3C!channel|https://evil.example/ack|Open in Runwell to acknowledge&gt; &lt;!channel>');
    expect(text.match(/\|Open in Runwell to acknowledge>/g)).toHaveLength(1);
  });
  it.each(['javascript:alert(1)', 'data:text/html,x', 'ftp://files.example/rb', 'not a url <!here>'])('Slack: runbook_url %s is shown as text, not linked', (url) => {
    const runbook = pageRunbook({ alertname: 'CheckoutDown', annotations: { runbook_url: url } }, []);
    const text = slackWebhookBody({ ...input, alert: { ...input.alert!, annotations: { runbook_url: url } }, runbook }).blocks[0]!.text.text;
    const runbookLine = text.split('\n').find((l) => l.startsWith('Runbook:'))!;
    expect(runbookLine).not.toMatch(/[<>]/);
  });
  it('e-mail has a subject and the acknowledge link', () => {
    const m = emailMessage({ ...input, event: 'test' });
    expect(m.subject).toBe('[TEST] [P1] CheckoutDown (checkout): <b>5xx</b>');
    expect(m.text).toContain('Acknowledge: https://runwell.example/oncall?page=p1');
  });
  it.each([
    { name: 'generic JSON', text: (i: typeof input) => JSON.stringify(genericWebhookBody(i)), none: '"runbook":null' },
    { name: 'Slack', text: (i: typeof input) => JSON.stringify(slackWebhookBody(i)), none: 'Runbook: none linked to this alert' },
    { name: 'e-mail', text: (i: typeof input) => emailMessage(i).text, none: 'Runbook: none linked to this alert' },
  ])('$name carries the runbook, or says there is none', ({ text, none }) => {
    expect(text(input)).toContain('https://runwell.example/runbooks/rb1');
    expect(text(input)).toContain('Checkout is down');
    const external = { ...input, runbook: { id: null, title: 'https://rb.example/checkout', href: 'https://rb.example/checkout' } };
    expect(text(external)).toContain('https://rb.example/checkout');
    expect(text({ ...input, runbook: null })).toContain(none);
  });
});

describe('pageRunbook', () => {
  const runbooks: RunbookRef[] = [
    { id: 'rb-url', title: 'By URL', alertName: null, url: 'https://wiki.example/checkout' },
    { id: 'rb-name', title: 'By name', alertName: 'CheckoutDown', url: null },
  ];
  it.each([
    { name: 'runbook_url of a Runwell runbook', alert: { alertname: 'CheckoutDown', annotations: { runbook_url: 'https://wiki.example/checkout' } }, expected: { id: 'rb-url', title: 'By URL', href: '/runbooks/rb-url' } },
    { name: 'alert name', alert: { alertname: 'CheckoutDown', annotations: {} }, expected: { id: 'rb-name', title: 'By name', href: '/runbooks/rb-name' } },
    { name: 'an external runbook_url', alert: { alertname: 'Other', annotations: { runbook_url: 'https://elsewhere.example/rb' } }, expected: { id: null, title: 'https://elsewhere.example/rb', href: 'https://elsewhere.example/rb' } },
    { name: 'a javascript: runbook_url is not a link', alert: { alertname: 'Other', annotations: { runbook_url: 'javascript:alert(1)' } }, expected: null },
    { name: 'no alert', alert: null, expected: null },
  ])('$name', ({ alert, expected }) => {
    expect(pageRunbook(alert as { alertname: string; annotations: Record<string, string> } | null, runbooks)).toEqual(expected);
  });
});
