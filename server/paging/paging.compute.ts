import { escalationStatus, resolveTargets, type EscalationStatus } from '../oncall/escalation.compute';
import type { EscalationPolicy, EscalationStep } from '../oncall/oncall.schema';
import { httpUrlOrNull } from '../security/url';
import type { ChannelKind, ChannelScope, PageRunbook } from './paging.schema';

// Paging decisions (docs/incidents.md, "Paging and notifications"): which
// escalation steps are due for a page, who they name, and through which
// channels each person is notified. Pure: the worker loads the inputs, passes
// `now`, writes the plan and sends what it says.

const MINUTE_MS = 60_000;
/** Delivery attempts per notification before it is recorded as failed. */
const MAX_ATTEMPTS = 3;
/** After a failed attempt: wait 30 s, then 2 min. */
const RETRY_DELAYS_MS = [30_000, 120_000] as const;
/** A claimed notification not finished by then (worker died mid-send) is tried again. */
export const CLAIM_LEASE_MS = 2 * MINUTE_MS;

export type PlanPage = {
  pagedAt: number;
  lastStep: number;
  status: string;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  teamId: string | null;
};

export type PlanUser = { id: string; name: string; email: string; disabled: boolean; teamIds: readonly string[] };
export type PlanChannel = { id: string; name: string; kind: ChannelKind; enabled: boolean; scope: ChannelScope; target: string };

export type PlanContext = {
  /** The page's escalation policy; null = the team's schedules at once, else its lead. */
  policy: Pick<EscalationPolicy, 'steps'> | null;
  /** Schedules of the page's team, for the fallback policy. */
  teamScheduleIds: readonly string[];
  onCall: Readonly<Record<string, string | null>>;
  teamLeads: Readonly<Record<string, string | null>>;
  /** Team and schedule names by id, for the notes on targets that name nobody. */
  names?: Readonly<Record<string, string>>;
  users: ReadonlyMap<string, PlanUser>;
  channels: readonly PlanChannel[];
  now: number;
};

type PlannedNotification = {
  step: number;
  userId: string | null;
  channelId: string | null;
  channelKind: string;
  target: string;
  outcome: 'pending' | 'skipped';
  detail: string;
};

export type PagePlan = {
  status: EscalationStatus;
  /** Steps that fire now (due and not fired before). */
  firing: { step: number; at: number; userIds: string[]; unresolved: string[] }[];
  notifications: PlannedNotification[];
  lastStep: number;
  /** When the worker must look at the page again; null once nothing more can fire. */
  nextStepAt: number | null;
  policyUsed: 'policy' | 'team-schedules' | 'team-lead' | 'none';
};

/** The policy actually followed: the page's, or a fallback so a team without one is still paged. */
export function effectivePolicy(page: Pick<PlanPage, 'teamId'>, ctx: Pick<PlanContext, 'policy' | 'teamScheduleIds'>): { steps: EscalationStep[]; used: PagePlan['policyUsed'] } {
  if (ctx.policy && ctx.policy.steps.length > 0) return { steps: ctx.policy.steps, used: 'policy' };
  if (ctx.teamScheduleIds.length > 0) {
    return { steps: [{ afterMinutes: 0, targets: ctx.teamScheduleIds.map((scheduleId) => ({ type: 'schedule' as const, scheduleId })) }], used: 'team-schedules' };
  }
  if (page.teamId) return { steps: [{ afterMinutes: 0, targets: [{ type: 'team-lead' as const, teamId: page.teamId }] }], used: 'team-lead' };
  return { steps: [], used: 'none' };
}

/** Channels that notify this person: enabled, and either unscoped or scoped to them or one of their teams. */
export function channelsFor(user: PlanUser, channels: readonly PlanChannel[]): PlanChannel[] {
  return channels.filter((c) => {
    if (!c.enabled) return false;
    const { teamIds, userIds } = c.scope;
    if (teamIds.length === 0 && userIds.length === 0) return true;
    return userIds.includes(user.id) || teamIds.some((t) => user.teamIds.includes(t));
  });
}

export function planPage(page: PlanPage, ctx: PlanContext): PagePlan {
  const { steps, used } = effectivePolicy(page, ctx);
  const status = escalationStatus({ policy: { steps }, pagedAt: page.pagedAt, acknowledgedAt: page.acknowledgedAt, resolvedAt: page.resolvedAt, now: ctx.now });
  if (used === 'none') {
    const first = page.lastStep < 0;
    return {
      status,
      firing: [],
      notifications: first ? [{ step: 0, userId: null, channelId: null, channelKind: 'none', target: '', outcome: 'skipped', detail: 'nobody to page: the alert maps to no team (no escalation policy, schedule or team lead)' }] : [],
      lastStep: 0,
      nextStepAt: null,
      policyUsed: used,
    };
  }
  const due = page.status === 'triggered' ? status.fired.filter((s) => s.step > page.lastStep) : [];
  const firing = due.map((s) => {
    const r = resolveTargets(s.targets, { onCall: ctx.onCall, teamLeads: ctx.teamLeads, owningTeamId: page.teamId, names: ctx.names });
    return { step: s.step, at: s.at, userIds: r.userIds, unresolved: r.unresolved };
  });
  const notifications: PlannedNotification[] = [];
  for (const f of firing) {
    for (const reason of f.unresolved) notifications.push({ step: f.step, userId: null, channelId: null, channelKind: 'none', target: '', outcome: 'skipped', detail: reason });
    if (f.userIds.length === 0 && f.unresolved.length === 0) {
      notifications.push({ step: f.step, userId: null, channelId: null, channelKind: 'none', target: '', outcome: 'skipped', detail: 'the step names nobody' });
    }
    for (const userId of f.userIds) {
      const user = ctx.users.get(userId);
      if (!user) {
        notifications.push({ step: f.step, userId: null, channelId: null, channelKind: 'none', target: userId, outcome: 'skipped', detail: `user ${userId} no longer exists` });
        continue;
      }
      if (user.disabled) {
        notifications.push({ step: f.step, userId, channelId: null, channelKind: 'none', target: user.email, outcome: 'skipped', detail: `${user.name} is disabled` });
        continue;
      }
      const channels = channelsFor(user, ctx.channels);
      if (channels.length === 0) {
        notifications.push({ step: f.step, userId, channelId: null, channelKind: 'none', target: user.email, outcome: 'skipped', detail: 'no enabled notification channel reaches this person (Settings → Alerting)' });
      }
      for (const c of channels) {
        notifications.push({ step: f.step, userId, channelId: c.id, channelKind: c.kind, target: c.kind === 'smtp' ? user.email : c.target, outcome: 'pending', detail: '' });
      }
    }
  }
  const lastStep = Math.max(page.lastStep, ...firing.map((f) => f.step));
  const nextStepAt = page.status === 'triggered' && status.next ? status.next.at : null;
  return { status, firing, notifications, lastStep, nextStepAt, policyUsed: used };
}

/** After attempt number `attempts` (1-based) failed: when to try again, or null to give up. */
export function retryAt(attempts: number, now: number): number | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  return now + (RETRY_DELAYS_MS[attempts - 1] ?? RETRY_DELAYS_MS.at(-1)!);
}

// ---------------------------------------------------------------------------
// Runbooks

export type RunbookRef = { id: string; title: string; alertName: string | null; url: string | null };

/**
 * The runbook of a page's alert, as the incident page finds it: the Runwell
 * runbook whose url is the alert's runbook_url, else the one written for its
 * alert name; else the runbook_url itself when it is http(s) (annotations come
 * from anyone who can write a rule: nothing else becomes a link).
 */
export function pageRunbook(alert: { alertname: string; annotations: Record<string, string> } | null, runbooks: readonly RunbookRef[]): PageRunbook | null {
  if (!alert) return null;
  const url = httpUrlOrNull(alert.annotations.runbook_url);
  const own = (url ? runbooks.find((r) => r.url === url) : undefined) ?? runbooks.find((r) => r.alertName === alert.alertname);
  if (own) return { id: own.id, title: own.title, href: `/runbooks/${own.id}` };
  return url ? { id: null, title: url, href: url } : null;
}

/** A runbook link that works outside Runwell (notifications): Runwell's own pages need the base URL. */
function absoluteRunbookUrl(runbook: PageRunbook | null, baseUrl: string): string | null {
  if (!runbook) return null;
  if (runbook.id === null) return runbook.href;
  const base = baseUrl.replace(/\/+$/, '');
  return base ? `${base}${runbook.href}` : runbook.href;
}

// ---------------------------------------------------------------------------
// Messages

export type PageMessageInput = {
  event: 'triggered' | 'escalated' | 'test';
  page: { id: string; priority: string; summary: string; status: string; pagedAt: number; step: number };
  recipient: { id: string; name: string; email: string } | null;
  team: string | null;
  alert: { name: string; labels: Record<string, string>; annotations: Record<string, string> } | null;
  /** The page's runbook (pageRunbook); every notification shows it. */
  runbook: PageRunbook | null;
  /** Absolute base URL of Runwell (links), or '' when unknown. */
  baseUrl: string;
};

function links(input: PageMessageInput) {
  const base = input.baseUrl.replace(/\/+$/, '');
  return {
    page: base ? `${base}/oncall?page=${encodeURIComponent(input.page.id)}` : '',
    ack: base ? `${base}/api/v1/pages/${encodeURIComponent(input.page.id)}/ack` : '',
  };
}

function headline(input: PageMessageInput): string {
  const prefix = input.event === 'test' ? '[TEST] ' : '';
  const esc = input.event === 'escalated' ? ` (escalation step ${input.page.step + 1})` : '';
  return `${prefix}[${input.page.priority}] ${input.page.summary}${esc}`;
}

/** The generic JSON body: stable field names for receivers to parse. */
export function genericWebhookBody(input: PageMessageInput) {
  const l = links(input);
  return {
    type: 'runwell.page',
    version: 1,
    event: input.event,
    page: { ...input.page, pagedAt: new Date(input.page.pagedAt).toISOString(), url: l.page },
    recipient: input.recipient,
    team: input.team,
    alert: input.alert && { ...input.alert, runbookUrl: input.alert.annotations.runbook_url ?? null },
    runbook: input.runbook && { title: input.runbook.title, url: absoluteRunbookUrl(input.runbook, input.baseUrl) },
    ackUrl: l.ack,
    text: headline(input),
  };
}

/**
 * Slack mrkdwn text: `&`, `<` and `>` are control characters (`<url|label>`
 * links, `<!channel>` mentions) and must be escaped in anything we did not
 * write ourselves (api.slack.com/reference/surfaces/formatting#escaping).
 */
function slackEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * A `<url|label>` link for a URL someone else gave (an alert annotation), or
 * the escaped text without a link when it is not an http(s) URL. The URL is
 * normalised and `|` percent-encoded, so it cannot end the link early and
 * forge a label; the label is escaped.
 */
function slackLink(url: string, label: string): string {
  const safe = httpUrlOrNull(url);
  if (!safe) return slackEscape(label);
  const href = new URL(safe).href.replace(/\|/g, '%7C');
  return `<${slackEscape(href)}|${slackEscape(label)}>`;
}

/** Slack's incoming-webhook format: `text` (fallback) and Block Kit blocks. */
export function slackWebhookBody(input: PageMessageInput) {
  const l = links(input);
  const esc = slackEscape;
  const who = input.recipient ? `Paging *${esc(input.recipient.name)}* (${esc(input.recipient.email)})` : 'Paging the on-call';
  const runbook = absoluteRunbookUrl(input.runbook, input.baseUrl);
  // Runwell's own runbook without a base URL is a path: named, not linked.
  const runbookLine = runbook ? `Runbook: ${/^https?:/.test(runbook) ? slackLink(runbook, input.runbook!.title) : `${esc(input.runbook!.title)} (${esc(runbook)})`}` : 'Runbook: none linked to this alert';
  const lines = [`*${esc(headline(input))}*`, who + (input.team ? ` for team ${esc(input.team)}` : ''), runbookLine, l.page ? `<${l.page}|Open in Runwell to acknowledge>` : ''].filter(Boolean);
  return {
    // The fallback text is shown in notifications and read as mrkdwn too.
    text: esc(headline(input)),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: lines.join('\n') } }],
  };
}

export function emailMessage(input: PageMessageInput): { subject: string; text: string } {
  const l = links(input);
  const a = input.alert;
  const text = [
    headline(input),
    '',
    `Priority: ${input.page.priority}`,
    input.team ? `Team: ${input.team}` : '',
    `Paged at: ${new Date(input.page.pagedAt).toISOString()}`,
    a ? `Alert: ${a.name}` : '',
    a?.annotations.description ? `\n${a.annotations.description}\n` : '',
    input.runbook ? `Runbook: ${input.runbook.title}${absoluteRunbookUrl(input.runbook, input.baseUrl) !== input.runbook.title ? ` - ${absoluteRunbookUrl(input.runbook, input.baseUrl)}` : ''}` : 'Runbook: none linked to this alert',
    l.page ? `Acknowledge: ${l.page}` : '',
    '',
    'Sent by Runwell. Acknowledge to stop the escalation.',
  ].filter((x) => x !== '');
  return { subject: headline(input).slice(0, 200), text: text.join('\n') };
}
