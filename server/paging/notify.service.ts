import { db } from '../database/tx';
import { keysFromEnv, openSecret } from '../security/secrets';
import { channelsFor, type PlanChannel, type PlanUser } from './paging.compute';
import * as repo from './paging.repo';
import type { ChannelConfig, ChannelKind } from './paging.schema';
import { networkSenders, type MailMessage, type Senders } from './senders';

// Notices that are not pages (docs/postmortems.md, "Reminders"; incident status
// updates): post-mortem reminders, overdue action items, stakeholder updates.
// Same channels as paging, same scope rules (channelsFor), no escalation and no
// retries: the caller records what was sent and tries again on its next run.

export type Notice = { type: 'postmortem.reminder' | 'action_item.overdue' | 'incident.update'; subject: string; text: string; url: string | null };
export type NoticeOutcome = { channel: string; target: string; ok: boolean; detail: string };

let senders: Senders = networkSenders;
/** Tests swap the network senders for local sinks. */
export function setNoticeSenders(s: Senders): void {
  senders = s;
}

type ChannelRow = Awaited<ReturnType<typeof repo.listChannels>>[number];

const configOf = (c: ChannelRow) => ((c.config && typeof c.config === 'object' ? c.config : {}) as Partial<ChannelConfig>);
const plan = (c: ChannelRow): PlanChannel => ({ id: c.id, name: c.name, kind: c.kind as ChannelKind, enabled: c.enabled, scope: { teamIds: configOf(c).scope?.teamIds ?? [], userIds: configOf(c).scope?.userIds ?? [] }, target: c.name });

function noticeBodies(notice: Notice, recipient: { name: string; email: string } | null) {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return {
    generic: { type: 'runwell.notice', version: 1, event: notice.type, subject: notice.subject, text: notice.text, url: notice.url, recipient },
    slack: { text: notice.subject, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: [`*${esc(notice.subject)}*`, esc(notice.text), notice.url ? `<${notice.url}|Open in Runwell>` : ''].filter(Boolean).join('\n') } }] },
    email: { subject: `[Runwell] ${notice.subject}`, text: [notice.text, '', notice.url ?? ''].join('\n').trim() },
  };
}

async function send(channel: ChannelRow, notice: Notice, to: { name: string; email: string } | null): Promise<NoticeOutcome> {
  const target = to ? `${channel.name} → ${to.name}` : channel.name;
  try {
    const secret = channel.sealedSecret ? openSecret(channel.sealedSecret, keysFromEnv(), `channel:${channel.id}`) : '';
    const bodies = noticeBodies(notice, to);
    let detail: string;
    if (channel.kind === 'smtp') {
      if (!to) return { channel: channel.name, target, ok: false, detail: 'e-mail needs a person' };
      const c = configOf(channel);
      detail = await senders.email({ host: c.host ?? '', port: c.port ?? 25, secure: c.secure ?? false, username: c.username ?? '', password: secret, from: c.from ?? '' }, to.email, bodies.email);
    } else {
      if (!secret) throw new Error('the channel has no URL');
      detail = await senders.webhook(secret, channel.kind === 'slack' ? bodies.slack : bodies.generic);
    }
    return { channel: channel.name, target, ok: true, detail };
  } catch (error) {
    return { channel: channel.name, target, ok: false, detail: (error as Error).message };
  }
}

/** To each person through every enabled channel that covers them. */
export async function notifyPeople(userIds: readonly string[], notice: Notice): Promise<NoticeOutcome[]> {
  // The inbox lists pages only; notices go to the channels that carry text.
  const [users, channels] = await Promise.all([repo.usersWithTeams(db(), userIds), repo.listChannels(db()).then((all) => all.filter((c) => c.kind !== 'inbox'))]);
  const out: NoticeOutcome[] = [];
  for (const u of users.filter((x) => !x.disabled)) {
    const person: PlanUser = { id: u.id, name: u.name, email: u.email, disabled: u.disabled, teamIds: u.memberships.map((m) => m.teamId) };
    const ids = new Set(channelsFor(person, channels.map(plan)).map((c) => c.id));
    for (const c of channels.filter((x) => ids.has(x.id))) out.push(await send(c, notice, { name: u.name, email: u.email }));
  }
  return out;
}

/** To the chat channels of teams (scoped to one of them, or unscoped): stakeholder updates. E-mail channels need a person and are skipped. */
export async function notifyTeams(teamIds: readonly string[], notice: Notice): Promise<NoticeOutcome[]> {
  const channels = (await repo.listChannels(db())).filter((c) => c.enabled && c.kind !== 'smtp' && c.kind !== 'inbox');
  const chosen = channels.filter((c) => {
    const s = plan(c).scope;
    return (s.teamIds.length === 0 && s.userIds.length === 0) || s.teamIds.some((t) => teamIds.includes(t));
  });
  return Promise.all(chosen.map((c) => send(c, notice, null)));
}

/**
 * One e-mail, with attachments, through one chosen SMTP channel to one address
 * (the monthly report; docs/reports.md). The channel's scope is not applied:
 * the caller chose the channel and the address. Never throws: the outcome says.
 */
export async function emailThroughChannel(channelId: string, to: string, message: MailMessage): Promise<NoticeOutcome> {
  const channel = (await repo.listChannels(db())).find((c) => c.id === channelId);
  if (!channel || channel.kind !== 'smtp') return { channel: channelId, target: to, ok: false, detail: 'the SMTP channel no longer exists' };
  if (!channel.enabled) return { channel: channel.name, target: to, ok: false, detail: 'the SMTP channel is disabled' };
  try {
    const c = configOf(channel);
    const password = channel.sealedSecret ? openSecret(channel.sealedSecret, keysFromEnv(), `channel:${channel.id}`) : '';
    const detail = await senders.email({ host: c.host ?? '', port: c.port ?? 25, secure: c.secure ?? false, username: c.username ?? '', password, from: c.from ?? '' }, to, { ...message, subject: `[Runwell] ${message.subject}` });
    return { channel: channel.name, target: to, ok: true, detail };
  } catch (error) {
    return { channel: channel.name, target: to, ok: false, detail: (error as Error).message };
  }
}
