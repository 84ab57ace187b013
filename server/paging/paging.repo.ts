import { randomUUID } from 'node:crypto';
import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';

// Pages, their notifications and the notification channels. The worker claims
// due pages and pending notifications with FOR UPDATE SKIP LOCKED, so two
// workers (or a sweep and a triggered run) never send the same notification.

const pageInclude = {
  alert: { select: { id: true, alertname: true, labels: true, annotations: true, incidentId: true } },
  team: { select: { id: true, name: true } },
  policy: { select: { id: true, steps: true } },
} satisfies Prisma.PageInclude;

/** Locks up to `limit` triggered pages whose next step is due. */
export async function lockDuePages(db: Db, now: number, limit: number) {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT id FROM "Page" WHERE status = 'triggered' AND "nextStepAt" <= $1 ORDER BY "nextStepAt" LIMIT $2 FOR UPDATE SKIP LOCKED`,
    new Date(now),
    limit,
  );
  if (rows.length === 0) return [];
  return db.page.findMany({ where: { id: { in: rows.map((r) => r.id) } }, include: pageInclude, orderBy: { pagedAt: 'asc' } });
}

export async function schedulesByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.oncallSchedule.findMany({ where: { id: { in: [...ids] } }, include: { overrides: true } });
}

export async function scheduleIdsOfTeams(db: Db, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db.oncallSchedule.findMany({ where: { teamId: { in: [...teamIds] } }, select: { id: true, teamId: true }, orderBy: { createdAt: 'asc' } });
}

export async function teamLeads(db: Db, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db.teamMember.findMany({ where: { teamId: { in: [...teamIds] }, isLead: true }, select: { teamId: true, userId: true }, orderBy: { createdAt: 'asc' } });
}

export async function teamNames(db: Db, teamIds: readonly string[]) {
  if (teamIds.length === 0) return [];
  return db.team.findMany({ where: { id: { in: [...teamIds] } }, select: { id: true, name: true } });
}

export async function usersWithTeams(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true, disabled: true, memberships: { select: { teamId: true } } } });
}

export async function listChannels(db: Db) {
  return db.notificationChannel.findMany({ orderBy: { name: 'asc' } });
}

export async function findChannel(db: Db, id: string) {
  return db.notificationChannel.findUnique({ where: { id } });
}

export async function findChannelByName(db: Db, name: string) {
  return db.notificationChannel.findUnique({ where: { name } });
}

export async function createChannel(db: Db, data: { id?: string; name: string; kind: string; config: object; sealedSecret: string | null; enabled: boolean }) {
  return db.notificationChannel.create({ data: { ...data, config: data.config as Prisma.InputJsonValue } });
}

export async function updateChannel(db: Db, id: string, data: { name: string; config: object; sealedSecret: string | null; enabled: boolean }) {
  return db.notificationChannel.update({ where: { id }, data: { ...data, config: data.config as Prisma.InputJsonValue } });
}

export async function deleteChannel(db: Db, id: string) {
  await db.notificationChannel.delete({ where: { id } });
}

export async function lastOutcomes(db: Db, channelIds: readonly string[]) {
  if (channelIds.length === 0) return [];
  return db.$queryRawUnsafe<{ channelId: string; outcome: string; at: Date; detail: string }[]>(
    `SELECT DISTINCT ON ("channelId") "channelId", outcome, at, detail FROM "PageNotification"
      WHERE "channelId" = ANY($1::text[]) AND outcome <> 'pending' ORDER BY "channelId", at DESC`,
    [...channelIds],
  );
}

export type NotificationRow = {
  pageId: string;
  step: number;
  userId: string | null;
  channelId: string | null;
  channelKind: string;
  target: string;
  outcome: string;
  detail: string;
  at: number;
  nextAttemptAt: number | null;
};

export async function insertNotifications(db: Db, rows: readonly NotificationRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.pageNotification.createMany({
    data: rows.map((r) => ({ ...r, at: new Date(r.at), nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt) })),
    skipDuplicates: true,
  });
}

export async function setPageProgress(db: Db, id: string, lastStep: number, nextStepAt: number | null): Promise<void> {
  await db.page.update({ where: { id }, data: { lastStep, nextStepAt: nextStepAt === null ? null : new Date(nextStepAt) } });
}

/** Claims due pending notifications: pushes their nextAttemptAt out by the lease, so a crash retries them later. */
export async function claimNotifications(db: Db, now: number, leaseUntil: number, limit: number) {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(
    `UPDATE "PageNotification" SET "nextAttemptAt" = $2
      WHERE id IN (SELECT id FROM "PageNotification" WHERE outcome = 'pending' AND "nextAttemptAt" <= $1
                    ORDER BY "nextAttemptAt" LIMIT $3 FOR UPDATE SKIP LOCKED)
      RETURNING id`,
    new Date(now),
    new Date(leaseUntil),
    limit,
  );
  if (rows.length === 0) return [];
  return db.pageNotification.findMany({
    where: { id: { in: rows.map((r) => r.id) } },
    include: { channel: true, user: { select: { id: true, name: true, email: true } }, page: { include: pageInclude } },
    orderBy: { at: 'asc' },
  });
}

export async function recordAttempt(db: Db, id: string, data: { outcome: string; detail: string; attempts: number; nextAttemptAt: number | null; at: number }): Promise<void> {
  await db.pageNotification.update({
    where: { id },
    data: { outcome: data.outcome, detail: data.detail.slice(0, 1000), attempts: data.attempts, nextAttemptAt: data.nextAttemptAt === null ? null : new Date(data.nextAttemptAt), at: new Date(data.at) },
  });
}

/** Pending notifications of pages no longer triggered: nobody needs waking any more. */
export async function skipAnsweredNotifications(db: Db, now: number): Promise<number> {
  return db.$executeRawUnsafe(
    `UPDATE "PageNotification" n SET outcome = 'skipped', "nextAttemptAt" = NULL, at = $1,
            detail = 'not sent: the page was ' || p.status || ' first'
       FROM "Page" p WHERE n."pageId" = p.id AND n.outcome = 'pending' AND p.status <> 'triggered'`,
    new Date(now),
  );
}

// ---------------------------------------------------------------------------
// Pages for people

const pageListInclude = {
  team: { select: { name: true } },
  alert: { select: { alertname: true, annotations: true } },
  policy: { select: { steps: true } },
  notifications: { include: { user: { select: { name: true } }, channel: { select: { name: true } } }, orderBy: [{ step: 'asc' }, { at: 'asc' }] },
} satisfies Prisma.PageInclude;

export type PageWhere = { status?: string[]; teamId?: string; recipientId?: string; ids?: string[] };

export async function listPages(db: Db, w: PageWhere, limit: number) {
  return db.page.findMany({
    where: {
      ...(w.status ? { status: { in: w.status } } : {}),
      ...(w.teamId ? { teamId: w.teamId } : {}),
      ...(w.recipientId ? { notifications: { some: { userId: w.recipientId } } } : {}),
      ...(w.ids ? { id: { in: w.ids } } : {}),
    },
    include: pageListInclude,
    orderBy: { pagedAt: 'desc' },
    take: limit,
  });
}

export async function lockPage(db: Db, id: string) {
  const rows = await db.$queryRawUnsafe<{ id: string }[]>(`SELECT id FROM "Page" WHERE id = $1 FOR UPDATE`, id);
  if (rows.length === 0) return null;
  return db.page.findUnique({ where: { id }, include: { alert: { select: { incidentId: true, alertname: true } } } });
}

export async function updatePage(db: Db, id: string, data: Prisma.PageUncheckedUpdateInput) {
  return db.page.update({ where: { id }, data });
}

export async function userNames(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true } });
}

/** Runwell runbooks that pages' alerts point to (by runbook_url) or were written for (by alert name). */
export async function runbooksFor(db: Db, urls: readonly string[], alertNames: readonly string[]) {
  if (urls.length === 0 && alertNames.length === 0) return [];
  return db.runbook.findMany({
    where: { OR: [{ url: { in: [...urls] } }, { alertName: { in: [...alertNames] } }] },
    select: { id: true, title: true, alertName: true, url: true },
    orderBy: { updatedAt: 'desc' },
  });
}

export function newChannelId(): string {
  return `c${randomUUID().replaceAll('-', '')}`;
}

// ---------------------------------------------------------------------------
// Pages opened, linked and resolved for other domains (through page-intake.service)

export type NewPageRow = { alertId: string; teamId: string | null; policyId: string | null; priority: string; summary: string; pagedAt: number };

/** One page per alert (unique alertId), due at once: the paging job sends step 1. */
export async function insertAlertPages(db: Db, rows: readonly NewPageRow[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db.page.createMany({
    data: rows.map((r) => ({
      alertId: r.alertId,
      teamId: r.teamId,
      policyId: r.policyId,
      priority: r.priority,
      summary: r.summary,
      pagedAt: new Date(r.pagedAt),
      nextStepAt: new Date(r.pagedAt),
    })),
    skipDuplicates: true,
  });
  return result.count;
}

/** Alerts that resolved stop their pages (nobody needs waking for a resolved alert). */
export async function resolvePagesOfAlerts(db: Db, alertIds: readonly string[], at: number): Promise<number> {
  if (alertIds.length === 0) return 0;
  const r = await db.page.updateMany({
    where: { alertId: { in: [...alertIds] }, status: { not: 'resolved' } },
    data: { status: 'resolved', resolvedAt: new Date(at), nextStepAt: null },
  });
  return r.count;
}

/** Pages without an alert, due at once: the pager fires the team's escalation policy. */
export async function insertIncidentPages(db: Db, rows: readonly { incidentId: string; teamId: string; policyId: string | null; priority: string; summary: string; pagedAt: number }[]): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await db.page.createMany({ data: rows.map((p) => ({ incidentId: p.incidentId, teamId: p.teamId, policyId: p.policyId, priority: p.priority, summary: p.summary, pagedAt: new Date(p.pagedAt), nextStepAt: new Date(p.pagedAt) })) });
  return r.count;
}

/** Alerts joined an incident: their pages (not yet on one) follow them. */
export async function linkPagesToIncident(db: Db, incidentId: string, alertIds: readonly string[]): Promise<void> {
  await db.page.updateMany({ where: { alertId: { in: [...alertIds] }, incidentId: null }, data: { incidentId } });
}

/** Merging: the duplicate's pages continue in the target. */
export async function movePagesToIncident(db: Db, fromId: string, toId: string): Promise<void> {
  await db.page.updateMany({ where: { incidentId: fromId }, data: { incidentId: toId } });
}

/** Pages of these teams paged in [from, to): what the toil budget measures (server/toil). */
export async function pagesOfTeamsBetween(db: Db, teamIds: readonly string[], from: number, to: number) {
  if (teamIds.length === 0) return [];
  return db.page.findMany({
    where: { teamId: { in: [...teamIds] }, pagedAt: { gte: new Date(from), lt: new Date(to) } },
    select: { teamId: true, pagedAt: true, acknowledgedAt: true, resolvedAt: true, resolvedById: true },
  });
}

/** The pages of one incident (its alerts' pages linked to it, and the pages the incident itself opened), oldest first: the linked timeline. */
export async function pagesOfIncident(db: Db, incidentId: string) {
  return db.page.findMany({
    where: { incidentId },
    select: { id: true, status: true, priority: true, pagedAt: true, acknowledgedAt: true },
    orderBy: { pagedAt: 'asc' },
    take: 200,
  });
}
