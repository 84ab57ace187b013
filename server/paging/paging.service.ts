import { authorize } from '../lib/authorize';
import { recordAudit } from '../audit/audit.service';
import type { RequestContext } from '../lib/request-context';
import { db, inTransaction } from '../database/tx';
import { DomainError } from '../errors';
import { onCallAt } from '../oncall/oncall.compute';
import { escalationPolicySchema, type EscalationTarget } from '../oncall/oncall.schema';
import { scheduleFromStored } from '../oncall/stored.compute';
import { keysFromEnv, openSecret, sealSecret } from '../security/secrets';
import { CLAIM_LEASE_MS, emailMessage, genericWebhookBody, planPage, retryAt, slackWebhookBody, type PageMessageInput, type PlanChannel, type PlanUser } from './paging.compute';
import * as repo from './paging.repo';
import { runbookOf, runbooksOfAlerts } from './pages.service';
import { addTimeline } from '../incidents/incident-record.service';
import {
  channelIdSchema,
  channelInputSchema,
  testChannelSchema,
  type ChannelConfig,
  type ChannelDto,
  type ChannelKind,
} from './paging.schema';
import { networkSenders, type Senders, type SmtpSettings } from './senders';

// The pager (docs/incidents.md, "Paging and notifications"): the worker job
// `paging.run` calls runPaging(now) every minute and right after a webhook
// opened pages. It fires due escalation steps (escalationStatus), resolves the
// people (onCallAt / resolveTargets), records one notification per person and
// channel, then delivers pending notifications with retries.

const PAGE_BATCH = 50;
const SEND_BATCH = 20;

export type PagingRunResult = { pagesChecked: number; stepsFired: number; planned: number; sent: number; failed: number; retrying: number; skipped: number };

const secretContext = (channelId: string) => `channel:${channelId}`;

export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNWELL_PUBLIC_URL ?? env.NEXTAUTH_URL ?? '';
}

function targetsOf(steps: readonly { targets: EscalationTarget[] }[]): EscalationTarget[] {
  return steps.flatMap((s) => s.targets);
}

/** Fire due escalation steps of up to PAGE_BATCH pages in one transaction; returns how many pages it looked at. */
async function planDuePages(now: number, result: PagingRunResult): Promise<number> {
  return inTransaction(async (tx) => {
    const pages = await repo.lockDuePages(tx, now, PAGE_BATCH);
    if (pages.length === 0) return 0;
    const policies = new Map(pages.map((p) => [p.id, p.policy ? escalationPolicySchema.shape.steps.safeParse(p.policy.steps) : null]));
    const teamIds = new Set(pages.map((p) => p.teamId).filter((t): t is string => !!t));
    const teamSchedules = await repo.scheduleIdsOfTeams(tx, [...teamIds]);
    const targets = pages.flatMap((p) => {
      const parsed = policies.get(p.id);
      return parsed?.success ? targetsOf(parsed.data) : [];
    });
    const scheduleIds = new Set([...teamSchedules.map((s) => s.id), ...targets.flatMap((t) => (t.type === 'schedule' ? [t.scheduleId] : []))]);
    for (const t of targets) if (t.type === 'team-lead' && t.teamId) teamIds.add(t.teamId);

    const onCall: Record<string, string | null> = {};
    const names: Record<string, string> = {};
    const schedules = await repo.schedulesByIds(tx, [...scheduleIds]);
    for (const t of await repo.teamNames(tx, [...teamIds, ...pages.flatMap((p) => (p.teamId ? [p.teamId] : []))])) names[t.id] = t.name;
    for (const s of schedules) names[s.id] = s.name;
    for (const s of schedules) {
      try {
        onCall[s.id] = onCallAt(scheduleFromStored(s), now).userId;
      } catch {
        onCall[s.id] = null; // an unreadable schedule names nobody; resolveTargets says so
      }
    }
    const leads: Record<string, string | null> = {};
    for (const l of await repo.teamLeads(tx, [...teamIds])) leads[l.teamId] ??= l.userId;
    const userIds = new Set([...Object.values(onCall), ...Object.values(leads), ...targets.flatMap((t) => (t.type === 'user' ? [t.userId] : []))].filter((u): u is string => !!u));
    const users = new Map<string, PlanUser>((await repo.usersWithTeams(tx, [...userIds])).map((u) => [u.id, { id: u.id, name: u.name, email: u.email, disabled: u.disabled, teamIds: u.memberships.map((m) => m.teamId) }]));
    const channels = planChannels(await repo.listChannels(tx));

    for (const page of pages) {
      const parsed = policies.get(page.id);
      const plan = planPage(
        { pagedAt: page.pagedAt.getTime(), lastStep: page.lastStep, status: page.status, acknowledgedAt: page.acknowledgedAt?.getTime() ?? null, resolvedAt: page.resolvedAt?.getTime() ?? null, teamId: page.teamId },
        {
          policy: parsed?.success ? { steps: parsed.data } : null,
          teamScheduleIds: teamSchedules.filter((s) => s.teamId === page.teamId).map((s) => s.id),
          onCall,
          teamLeads: leads,
          names,
          users,
          channels,
          now,
        },
      );
      await repo.insertNotifications(
        tx,
        plan.notifications.map((n) => ({ ...n, pageId: page.id, at: now, nextAttemptAt: n.outcome === 'pending' ? now : null })),
      );
      await repo.setPageProgress(tx, page.id, plan.lastStep, plan.nextStepAt);
      result.stepsFired += plan.firing.length;
      result.planned += plan.notifications.filter((n) => n.outcome === 'pending').length;
      result.skipped += plan.notifications.filter((n) => n.outcome === 'skipped').length;
      const incidentId = page.incidentId ?? page.alert?.incidentId;
      for (const f of plan.firing) {
        if (!incidentId) continue;
        const names = f.userIds.map((u) => users.get(u)?.name ?? u);
        await addTimeline(tx, {
          kind: 'page',
          incidentId,
          at: now,
          text: `${f.step === 0 ? 'Paged' : `Escalated (step ${f.step + 1}) to`} ${names.length ? names.join(', ') : 'nobody'}${f.unresolved.length ? ` - ${f.unresolved.join('; ')}` : ''}`,
          data: { pageId: page.id, step: f.step, userIds: f.userIds },
          authorId: null,
          authorLabel: 'Runwell pager',
        });
      }
    }
    return pages.length;
  });
}

function channelConfig(value: unknown): ChannelConfig {
  const c = (value && typeof value === 'object' ? value : {}) as Partial<ChannelConfig>;
  return { ...c, scope: { teamIds: c.scope?.teamIds ?? [], userIds: c.scope?.userIds ?? [] } };
}

function planChannels(rows: Awaited<ReturnType<typeof repo.listChannels>>): PlanChannel[] {
  return rows.map((c) => {
    const config = channelConfig(c.config);
    return { id: c.id, name: c.name, kind: c.kind as ChannelKind, enabled: c.enabled, scope: config.scope, target: c.kind === 'smtp' ? '' : c.kind === 'inbox' ? `${c.name} (inbox)` : `${c.name} (${config.urlHost ?? 'webhook'})` };
  });
}

type ChannelRow = NonNullable<Awaited<ReturnType<typeof repo.findChannel>>>;

async function deliver(channel: ChannelRow, to: { email: string }, message: PageMessageInput, senders: Senders): Promise<string> {
  const secret = channel.sealedSecret ? openSecret(channel.sealedSecret, keysFromEnv(), secretContext(channel.id)) : '';
  const config = channelConfig(channel.config);
  // The inbox is the page itself, read on /inbox: storing the notification as sent is the delivery.
  if (channel.kind === 'inbox') return 'in the Runwell inbox';
  if (channel.kind === 'webhook' || channel.kind === 'slack') {
    if (!secret) throw new Error('the channel has no URL');
    return senders.webhook(secret, channel.kind === 'slack' ? slackWebhookBody(message) : genericWebhookBody(message));
  }
  if (channel.kind === 'smtp') {
    const smtp: SmtpSettings = { host: config.host ?? '', port: config.port ?? 25, secure: config.secure ?? false, username: config.username ?? '', password: secret, from: config.from ?? '' };
    return senders.email(smtp, to.email, emailMessage(message));
  }
  throw new Error(`unknown channel kind ${channel.kind}`);
}

async function deliverPending(now: number, senders: Senders, result: PagingRunResult): Promise<number> {
  const claimed = await inTransaction((tx) => repo.claimNotifications(tx, now, now + CLAIM_LEASE_MS, SEND_BATCH));
  const runbooks = claimed.length ? await runbooksOfAlerts(db(), claimed.map((n) => n.page.alert)) : [];
  await Promise.all(
    claimed.map(async (n) => {
      const attempts = n.attempts + 1;
      if (n.page.status !== 'triggered') {
        await repo.recordAttempt(db(), n.id, { outcome: 'skipped', detail: `not sent: the page was ${n.page.status} first`, attempts: n.attempts, nextAttemptAt: null, at: now });
        result.skipped++;
        return;
      }
      if (!n.channel || !n.channel.enabled) {
        await repo.recordAttempt(db(), n.id, { outcome: 'skipped', detail: 'the channel was deleted or disabled', attempts: n.attempts, nextAttemptAt: null, at: now });
        result.skipped++;
        return;
      }
      const alert = n.page.alert;
      const message: PageMessageInput = {
        event: n.step === 0 ? 'triggered' : 'escalated',
        page: { id: n.page.id, priority: n.page.priority, summary: n.page.summary, status: n.page.status, pagedAt: n.page.pagedAt.getTime(), step: n.step },
        recipient: n.user ? { id: n.user.id, name: n.user.name, email: n.user.email } : null,
        team: n.page.team?.name ?? null,
        alert: alert ? { name: alert.alertname, labels: alert.labels as Record<string, string>, annotations: alert.annotations as Record<string, string> } : null,
        runbook: runbookOf(alert, runbooks),
        baseUrl: publicBaseUrl(),
      };
      try {
        const detail = await deliver(n.channel, { email: n.user?.email ?? n.target }, message, senders);
        await repo.recordAttempt(db(), n.id, { outcome: 'sent', detail, attempts, nextAttemptAt: null, at: now });
        result.sent++;
      } catch (error) {
        const again = retryAt(attempts, now);
        await repo.recordAttempt(db(), n.id, { outcome: again === null ? 'failed' : 'pending', detail: (error as Error).message, attempts, nextAttemptAt: again, at: now });
        if (again === null) result.failed++;
        else result.retrying++;
      }
    }),
  );
  return claimed.length;
}

/** One pager run at `now`: fire due steps, then send what is pending. Safe to run concurrently. */
export async function runPaging(now: number, senders: Senders = networkSenders): Promise<PagingRunResult> {
  const result: PagingRunResult = { pagesChecked: 0, stepsFired: 0, planned: 0, sent: 0, failed: 0, retrying: 0, skipped: 0 };
  result.skipped += await repo.skipAnsweredNotifications(db(), now);
  for (;;) {
    const n = await planDuePages(now, result);
    result.pagesChecked += n;
    if (n < PAGE_BATCH) break;
  }
  for (;;) {
    const n = await deliverPending(now, senders, result);
    if (n < SEND_BATCH) break;
  }
  return result;
}

// The network senders (setSenders, which swapped them, had no caller left).
const activeSenders: Senders = networkSenders;

// ---------------------------------------------------------------------------
// Channels (Settings → Alerting)

const authorizeSettings = (ctx: RequestContext) => authorize(ctx, 'settings.manage', 'Only admins can manage notification channels');

export async function listChannels(ctx: RequestContext): Promise<ChannelDto[]> {
  authorizeSettings(ctx);
  const rows = await repo.listChannels(db());
  const last = new Map((await repo.lastOutcomes(db(), rows.map((r) => r.id))).map((l) => [l.channelId, l]));
  return rows.map((r) => {
    const l = last.get(r.id);
    return { id: r.id, name: r.name, kind: r.kind as ChannelKind, enabled: r.enabled, config: channelConfig(r.config), hasSecret: !!r.sealedSecret, updatedAt: r.updatedAt, lastOutcome: l ? { outcome: l.outcome, at: l.at, detail: l.detail } : null };
  });
}

export async function saveChannel(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeSettings(ctx);
  const v = channelInputSchema.parse(input);
  const secretIn = v.kind === 'smtp' ? v.password : v.kind === 'inbox' ? '' : v.url;
  const config: ChannelConfig =
    v.kind === 'smtp'
      ? { scope: v.scope, host: v.host, port: v.port, secure: v.secure, username: v.username, from: v.from }
      : v.kind === 'inbox'
        ? { scope: v.scope }
        : { scope: v.scope, ...(v.url ? { urlHost: new URL(v.url).host } : {}) };
  return inTransaction(async (tx) => {
    const clash = await repo.findChannelByName(tx, v.name);
    if (clash && clash.id !== v.id) throw new DomainError('CONFLICT', `A channel named "${v.name}" exists`, 'name');
    if (!v.id) {
      if ((v.kind === 'webhook' || v.kind === 'slack') && !secretIn) throw new DomainError('BAD_INPUT', 'is required', 'url');
      const id = repo.newChannelId();
      const row = await repo.createChannel(tx, { id, name: v.name, kind: v.kind, config, enabled: v.enabled, sealedSecret: secretIn ? sealSecret(secretIn, keysFromEnv()[0]!, secretContext(id)) : null });
      await recordAudit(tx, ctx, { action: 'paging.channel.create', targetType: 'notification_channel', targetId: row.id, after: { name: v.name, kind: v.kind, config, enabled: v.enabled, secret: secretIn ? 'set' : 'none' } });
      return { id: row.id };
    }
    const before = await repo.findChannel(tx, v.id);
    if (!before) throw new DomainError('NOT_FOUND', 'Channel not found');
    if (before.kind !== v.kind) throw new DomainError('BAD_INPUT', 'The kind of a channel cannot change; create a new one', 'kind');
    // An empty secret keeps the stored one (the browser never sees it). For
    // webhooks the stored URL host is kept too.
    const sealed = secretIn ? sealSecret(secretIn, keysFromEnv()[0]!, secretContext(v.id)) : before.sealedSecret;
    const keptConfig = (v.kind === 'webhook' || v.kind === 'slack') && !v.url ? { ...config, urlHost: channelConfig(before.config).urlHost } : config;
    await repo.updateChannel(tx, v.id, { name: v.name, config: keptConfig, enabled: v.enabled, sealedSecret: sealed });
    await recordAudit(tx, ctx, {
      action: 'paging.channel.update',
      targetType: 'notification_channel',
      targetId: v.id,
      before: { name: before.name, config: before.config, enabled: before.enabled },
      after: { name: v.name, config: keptConfig, enabled: v.enabled, secret: secretIn ? 'replaced' : 'kept' },
    });
    return { id: v.id };
  });
}

export async function deleteChannel(ctx: RequestContext, input: unknown): Promise<{ id: string }> {
  authorizeSettings(ctx);
  const { id } = channelIdSchema.parse(input);
  return inTransaction(async (tx) => {
    const before = await repo.findChannel(tx, id);
    if (!before) throw new DomainError('NOT_FOUND', 'Channel not found');
    await repo.deleteChannel(tx, id);
    await recordAudit(tx, ctx, { action: 'paging.channel.delete', targetType: 'notification_channel', targetId: id, before: { name: before.name, kind: before.kind } });
    return { id };
  });
}

/** "Send test": delivers a test page to the caller (or a chosen user) right now; nothing is stored but the audit row. */
export async function testChannel(ctx: RequestContext, input: unknown, now = Date.now()): Promise<{ ok: boolean; detail: string }> {
  authorizeSettings(ctx);
  const v = testChannelSchema.parse(input);
  const channel = await repo.findChannel(db(), v.id);
  if (!channel) throw new DomainError('NOT_FOUND', 'Channel not found');
  const userId = v.userId ?? (ctx.actor.kind === 'user' ? ctx.actor.id : null);
  const [user] = userId ? await repo.usersWithTeams(db(), [userId]) : [];
  if (channel.kind === 'smtp' && !user) throw new DomainError('BAD_INPUT', 'Choose who receives the test e-mail', 'userId');
  const message: PageMessageInput = {
    event: 'test',
    page: { id: 'test', priority: 'P3', summary: `Test notification from Runwell through "${channel.name}"`, status: 'triggered', pagedAt: now, step: 0 },
    recipient: user ? { id: user.id, name: user.name, email: user.email } : null,
    team: null,
    alert: null,
    runbook: null,
    baseUrl: publicBaseUrl(),
  };
  let outcome: { ok: boolean; detail: string };
  try {
    outcome = { ok: true, detail: await deliver(channel, { email: user?.email ?? '' }, message, activeSenders) };
  } catch (error) {
    outcome = { ok: false, detail: (error as Error).message };
  }
  await inTransaction((tx) => recordAudit(tx, ctx, { action: 'paging.channel.test', targetType: 'notification_channel', targetId: channel.id, after: { ...outcome, to: user?.email ?? null } }));
  return outcome;
}
