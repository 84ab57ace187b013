import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorWith, auditFor, rejection, systemCtx, uniqueSlug } from '@/tests/setup/actors';
import { httpSink, smtpSink } from '@/tests/paging/sinks';
import { rawAlert, rawPayload } from '../alerts/alerts.fixtures';
import { ingestWebhook } from '../alerts/alerts.service';
import { getPrisma } from '../db';
import { DomainError } from '../errors';
import { createToken } from '../tokens/tokens.service';
import { POST as ackPage } from '@/app/api/v1/pages/[id]/ack/route';
import { callRoute } from '@/tests/api/rest';
import { acknowledgePage, listPages } from './pages.service';
import { deleteChannel, listChannels, runPaging, saveChannel, testChannel } from './paging.service';

// The pager end to end against the real database and local receivers: a firing
// alert pages the on-call person through their webhook, escalates to the team
// lead by e-mail after 15 minutes, stops when acknowledged; failures retry and
// are recorded; channel secrets never leave the server.

const MIN = 60_000;
const HTTP_PORT = 9760;
const SMTP_PORT = 9761;
let http: Awaited<ReturnType<typeof httpSink>>;
let smtp: Awaited<ReturnType<typeof smtpSink>>;
const users: Record<'alice' | 'bob' | 'carol' | 'dave', string> = { alice: '', bob: '', carol: '', dave: '' };
const emails: Record<string, string> = {};
let teamId = '';
let serviceSlug = '';
let admin: Awaited<ReturnType<typeof actorWith>>;
let engineer: Awaited<ReturnType<typeof actorWith>>;
const channelIds: string[] = [];

beforeAll(async () => {
  process.env.RUNWELL_SECRET_KEY ??= 'a'.repeat(64);
  http = await httpSink(HTTP_PORT, (path) => (path.startsWith('/broken') ? 500 : 200));
  smtp = await smtpSink(SMTP_PORT);
  admin = await actorWith('admin');
  engineer = await actorWith('engineer');
  const p = getPrisma();
  for (const name of Object.keys(users) as (keyof typeof users)[]) {
    const u = await p.user.create({ data: { email: `${uniqueSlug(name)}@pager.test`, name: `${name} ${uniqueSlug('x')}` } });
    users[name] = u.id;
    emails[name] = u.email;
  }
  const team = await p.team.create({ data: { slug: uniqueSlug('pager-team'), name: 'Pager team' } });
  teamId = team.id;
  await p.teamMember.createMany({ data: [{ teamId, userId: users.alice }, { teamId, userId: users.bob, isLead: true }] });
  serviceSlug = uniqueSlug('checkout');
  await p.service.create({ data: { slug: serviceSlug, name: 'Checkout', tier: 'tier1', teamId } });
  const schedule = await p.oncallSchedule.create({
    data: {
      teamId,
      name: 'Primary',
      layers: [{ name: 'Week', turn: { type: 'weekly' }, handoffTime: '09:00', timeZone: 'Europe/Berlin', startDate: '2026-01-05', participants: [users.alice] }],
    },
  });
  // The seed's policy: on-call at once, the team lead after 15 min, the VP after 30.
  await p.escalationPolicy.create({
    data: {
      teamId,
      name: 'Default',
      isDefault: true,
      steps: [
        { afterMinutes: 0, targets: [{ type: 'schedule', scheduleId: schedule.id }] },
        { afterMinutes: 15, targets: [{ type: 'team-lead' }] },
        { afterMinutes: 30, targets: [{ type: 'user', userId: users.carol }] },
      ],
    },
  });
  // Channels scoped to this file's people, so pages of other test files are not sent here.
  const hook = await saveChannel(admin, { kind: 'webhook', name: uniqueSlug('hook'), url: `${http.url}/hook/secret-token`, scope: { userIds: [users.alice, users.carol], teamIds: [] } });
  const slack = await saveChannel(admin, { kind: 'slack', name: uniqueSlug('slack'), url: `${http.url}/slack/T000/B000/XXXX`, scope: { userIds: [users.carol], teamIds: [] } });
  const mail = await saveChannel(admin, { kind: 'smtp', name: uniqueSlug('mail'), host: '127.0.0.1', port: SMTP_PORT, from: 'pager@runwell.test', scope: { userIds: [users.bob], teamIds: [] } });
  const broken = await saveChannel(admin, { kind: 'webhook', name: uniqueSlug('broken'), url: `${http.url}/broken`, scope: { userIds: [users.dave], teamIds: [] } });
  channelIds.push(hook.id, slack.id, mail.id, broken.id);
});

afterAll(async () => {
  for (const id of channelIds) await deleteChannel(admin, { id }).catch(() => undefined);
  await http?.close();
  await smtp?.close();
});

async function fire(fingerprint: string, at: number) {
  const body = rawPayload([rawAlert({ fingerprint, startsAt: new Date(at - MIN).toISOString(), labels: { alertname: 'CheckoutDown', service: serviceSlug } })]);
  const r = await ingestWebhook(systemCtx, body, at);
  expect(r.pagesOpened).toBe(1);
  const alert = await getPrisma().alert.findFirstOrThrow({ where: { fingerprint }, include: { pages: true } });
  return alert.pages[0]!;
}

const hooksFor = (userId: string) => http.received.filter((r) => r.path.startsWith('/hook') && r.body?.recipient?.id === userId);

describe('paging worker', () => {
  it('pages the on-call person, escalates to the lead after 15 min, and stops when acknowledged', async () => {
    const t0 = Date.parse('2026-03-10T08:00:00Z');
    const page = await fire(uniqueSlug('fp'), t0);
    expect(page).toMatchObject({ status: 'triggered', priority: 'P2', teamId });

    const first = await runPaging(t0 + 1000);
    expect(first.sent).toBeGreaterThanOrEqual(1);
    expect(hooksFor(users.alice)).toHaveLength(1);
    const delivered = hooksFor(users.alice)[0]!.body;
    expect(delivered).toMatchObject({ type: 'runwell.page', event: 'triggered', page: { id: page.id, priority: 'P2' }, recipient: { id: users.alice }, team: 'Pager team' });
    expect(delivered.alert.runbookUrl).toBe('https://example.com/runbooks/high-error-rate.md');
    expect(delivered.runbook).toEqual({ title: 'https://example.com/runbooks/high-error-rate.md', url: 'https://example.com/runbooks/high-error-rate.md' });

    // Nothing more before the step delay; the same step never fires twice.
    await runPaging(t0 + 14 * MIN);
    expect(hooksFor(users.alice)).toHaveLength(1);
    expect(smtp.mails.filter((m) => m.to.includes(emails.bob!))).toHaveLength(0);

    await runPaging(t0 + 15 * MIN);
    const toBob = smtp.mails.filter((m) => m.to.includes(emails.bob!));
    expect(toBob).toHaveLength(1);
    expect(toBob[0]!.data).toContain('[P2]');
    expect(toBob[0]!.data).toContain('escalation step 2');
    expect(toBob[0]!.data.replace(/=\r?\n/g, '')).toContain('Runbook: https://example.com/runbooks/high-error-rate.md'); // quoted-printable soft breaks removed

    const acked = await acknowledgePage(engineer, { id: page.id, actionable: true }, t0 + 20 * MIN);
    expect(acked).toMatchObject({ status: 'acknowledged', actionable: true, lastStep: 1 });
    await runPaging(t0 + 31 * MIN);
    expect(http.received.filter((r) => r.body?.recipient?.id === users.carol)).toHaveLength(0);

    const [dto] = (await listPages(engineer, { status: 'all', limit: 200 })).filter((p) => p.id === page.id);
    expect(dto!.runbook).toEqual({ id: null, title: 'https://example.com/runbooks/high-error-rate.md', href: 'https://example.com/runbooks/high-error-rate.md' });
    expect(dto!.alertName).toBe('CheckoutDown');
    expect(dto!.notifications.map((n) => [n.step, n.userId, n.channelKind, n.outcome, n.attempts])).toEqual([
      [0, users.alice, 'webhook', 'sent', 1],
      [1, users.bob, 'smtp', 'sent', 1],
    ]);
    expect((await auditFor('page', page.id)).map((a) => a.action)).toEqual(['paging.page.acknowledge']);
    expect(await rejection(acknowledgePage(engineer, { id: page.id }, t0 + 21 * MIN))).toMatchObject({ code: 'CONFLICT' });
  });

  it('reaches the VP after 30 min through the generic and the Slack webhook', async () => {
    const t0 = Date.parse('2026-03-11T08:00:00Z');
    const page = await fire(uniqueSlug('fp'), t0);
    await runPaging(t0);
    await runPaging(t0 + 30 * MIN);
    const toCarol = http.received.filter((r) => r.body?.recipient?.id === users.carol || String(r.body?.text ?? '').includes(page.summary.slice(0, 20)) && r.path.startsWith('/slack'));
    const slack = toCarol.find((r) => r.path.startsWith('/slack'))!;
    expect(slack.body.text).toContain('[P2]');
    expect(slack.body.blocks[0].text.text).toContain('Paging *carol');
    expect(toCarol.find((r) => r.path.startsWith('/hook'))!.body).toMatchObject({ event: 'escalated', page: { step: 2 } });
  });

  it('retries a failing receiver twice, then records the failure with its error', async () => {
    const t0 = Date.parse('2026-03-12T08:00:00Z');
    const p = getPrisma();
    const policy = await p.escalationPolicy.create({ data: { teamId, name: uniqueSlug('dave'), steps: [{ afterMinutes: 0, targets: [{ type: 'user', userId: users.dave }] }] } });
    const alert = await p.alert.create({
      data: { fingerprint: uniqueSlug('fp'), startsAt: new Date(t0), alertname: 'X', status: 'firing', labels: {}, annotations: {}, receivedAt: new Date(t0), lastSeenAt: new Date(t0) },
    });
    const page = await p.page.create({ data: { alertId: alert.id, teamId, policyId: policy.id, priority: 'P1', summary: 'broken receiver', pagedAt: new Date(t0), nextStepAt: new Date(t0) } });
    const row = () => p.pageNotification.findFirstOrThrow({ where: { pageId: page.id, userId: users.dave } });

    expect((await runPaging(t0)).retrying).toBeGreaterThanOrEqual(1);
    expect(await row()).toMatchObject({ outcome: 'pending', attempts: 1 });
    expect((await row()).detail).toContain('answered HTTP 500');
    expect((await row()).detail).not.toContain('/broken');
    await runPaging(t0 + 10_000); // not due yet
    expect(await row()).toMatchObject({ attempts: 1 });
    await runPaging(t0 + 30_000);
    expect(await row()).toMatchObject({ outcome: 'pending', attempts: 2 });
    await runPaging(t0 + 30_000 + 120_000);
    expect(await row()).toMatchObject({ outcome: 'failed', attempts: 3 });
    expect(http.received.filter((r) => r.path === '/broken' && r.body?.page?.id === page.id)).toHaveLength(3);
  });

  it('records a skipped notification when a step names nobody', async () => {
    const t0 = Date.parse('2026-03-13T08:00:00Z');
    const p = getPrisma();
    const lonely = await p.team.create({ data: { slug: uniqueSlug('lonely'), name: 'Lonely' } });
    const alert = await p.alert.create({
      data: { fingerprint: uniqueSlug('fp'), startsAt: new Date(t0), alertname: 'Y', status: 'firing', labels: {}, annotations: {}, receivedAt: new Date(t0), lastSeenAt: new Date(t0) },
    });
    const page = await p.page.create({ data: { alertId: alert.id, teamId: lonely.id, priority: 'P2', summary: 'nobody', pagedAt: new Date(t0), nextStepAt: new Date(t0) } });
    await runPaging(t0);
    const rows = await p.pageNotification.findMany({ where: { pageId: page.id } });
    expect(rows).toEqual([expect.objectContaining({ outcome: 'skipped', detail: 'team Lonely has no lead' })]);
    expect(await p.page.findUniqueOrThrow({ where: { id: page.id } })).toMatchObject({ nextStepAt: null, lastStep: 0 });
  });
});

describe('acknowledging over HTTP', () => {
  it('takes a token with the pages scope, refuses others, and answers 400 with paths', async () => {
    const t0 = Date.parse('2026-03-14T08:00:00Z');
    const page = await fire(uniqueSlug('fp'), t0);
    const pagesToken = (await createToken(admin, { name: uniqueSlug('bot'), scopes: ['pages'], expiresInDays: 1 })).secret;
    const readToken = (await createToken(admin, { name: uniqueSlug('ro'), scopes: ['read'], expiresInDays: 1 })).secret;
    const call = (token: string | null, body: string, id = page.id) =>
      callRoute(ackPage, new Request('http://x/api', { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} }), { params: { id }, now: t0 + MIN });
    expect((await call(null, '')).status).toBe(401);
    expect((await call(readToken, '')).status).toBe(403);
    const bad = await call(pagesToken, JSON.stringify({ actionable: 'yes', extra: 1 }));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { issues: { path: string }[] }).issues.map((i) => i.path)).toEqual(expect.arrayContaining(['actionable']));
    expect((await call(pagesToken, '', 'nope')).status).toBe(404);
    const ok = await call(pagesToken, JSON.stringify({ note: 'on it' }));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id: page.id, status: 'acknowledged' });
    expect((await call(pagesToken, '')).status).toBe(409);
  });
});

describe('channels', () => {
  it('seals secrets, never returns them, audits, and sends a test', async () => {
    const channels = await listChannels(admin);
    const hook = channels.find((c) => c.id === channelIds[0])!;
    expect(hook).toMatchObject({ kind: 'webhook', hasSecret: true, config: { urlHost: `127.0.0.1:${HTTP_PORT}` } });
    expect(JSON.stringify(channels)).not.toContain('secret-token');
    const stored = await getPrisma().notificationChannel.findUniqueOrThrow({ where: { id: hook.id } });
    expect(stored.sealedSecret).toMatch(/^v1\./);
    expect(stored.sealedSecret).not.toContain('secret-token');

    // Editing without a URL keeps the sealed one.
    await saveChannel(admin, { id: hook.id, kind: 'webhook', name: hook.name, url: '', scope: hook.config.scope, enabled: true });
    expect((await getPrisma().notificationChannel.findUniqueOrThrow({ where: { id: hook.id } })).sealedSecret).toBe(stored.sealedSecret);
    expect((await auditFor('notification_channel', hook.id)).map((a) => a.action)).toEqual(['paging.channel.create', 'paging.channel.update']);
    expect(JSON.stringify(await auditFor('notification_channel', hook.id))).not.toContain('secret-token');

    const before = http.received.length;
    expect(await testChannel(admin, { id: hook.id })).toMatchObject({ ok: true, detail: 'HTTP 200' });
    expect(http.received.at(-1)!.body).toMatchObject({ event: 'test' });
    expect(http.received.length).toBe(before + 1);
    expect(await testChannel(admin, { id: channelIds[3]! })).toMatchObject({ ok: false });
    const mail = await testChannel(admin, { id: channelIds[2]!, userId: users.bob });
    expect(mail.ok).toBe(true);
    expect(smtp.mails.at(-1)!.data).toContain('[TEST]');

    expect(await rejection(saveChannel(admin, { kind: 'slack', name: hook.name, url: 'https://hooks.slack.com/x' }))).toMatchObject({ code: 'CONFLICT', field: 'name' });
    expect(await rejection(listChannels(engineer))).toBeInstanceOf(DomainError);
  });
});
