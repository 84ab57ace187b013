import type { Db } from '../database/tx';
import { Prisma } from '../generated/prisma/client';
import type { PostmortemState, Sections } from './postmortems.schema';

// The only place post-mortem tables are read and written with Prisma.

const pmSelect = {
  id: true,
  incidentId: true,
  ownerId: true,
  state: true,
  required: true,
  requiredReasons: true,
  requested: true,
  notNeededReason: true,
  dueAt: true,
  title: true,
  sections: true,
  version: true,
  submittedAt: true,
  publishedAt: true,
  publishedById: true,
  firstPublishedAt: true,
  remindersSent: true,
  createdAt: true,
  updatedAt: true,
  reviewers: { select: { userId: true, decision: true, comment: true, decidedAt: true }, orderBy: { createdAt: 'asc' } },
  incident: {
    select: {
      id: true,
      number: true,
      title: true,
      severity: true,
      state: true,
      teamId: true,
      startedAt: true,
      resolvedAt: true,
      team: { select: { id: true, name: true, slug: true } },
      services: { select: { service: { select: { id: true, slug: true, name: true } } } },
    },
  },
  _count: { select: { actionItems: true } },
} as const;
export type PostmortemRow = Prisma.PostMortemGetPayload<{ select: typeof pmSelect }>;

export async function findById(db: Db, id: string): Promise<PostmortemRow | null> {
  return db.postMortem.findUnique({ where: { id }, select: pmSelect });
}

export async function findByIncident(db: Db, incidentId: string): Promise<PostmortemRow | null> {
  return db.postMortem.findUnique({ where: { incidentId }, select: pmSelect });
}

export async function lock(db: Db, id: string): Promise<void> {
  await db.$executeRaw`SELECT 1 FROM "PostMortem" WHERE id = ${id} FOR UPDATE`;
}

export async function insert(
  db: Db,
  data: { incidentId: string; ownerId: string | null; required: boolean; requiredReasons: string[]; dueAt: number | null; title: string; sections: Sections; authorId: string | null; authorLabel: string },
): Promise<{ id: string; created: boolean }> {
  // Two first visits at once: one insert wins, the other reads the winner's row.
  const rows = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "PostMortem" (id, "incidentId", "ownerId", required, "requiredReasons", "dueAt", title, sections, "updatedAt")
    VALUES (${cuidLike()}, ${data.incidentId}, ${data.ownerId}, ${data.required}, ${data.requiredReasons}, ${data.dueAt === null ? null : new Date(data.dueAt)}, ${data.title}, ${JSON.stringify(data.sections)}::jsonb, now())
    ON CONFLICT ("incidentId") DO NOTHING RETURNING id`;
  if (rows[0]) {
    await db.postMortemRevision.create({ data: { postMortemId: rows[0].id, version: 1, sections: data.sections, authorId: data.authorId, authorLabel: data.authorLabel } });
    return { id: rows[0].id, created: true };
  }
  const existing = await db.postMortem.findUniqueOrThrow({ where: { incidentId: data.incidentId }, select: { id: true } });
  return { id: existing.id, created: false };
}

function cuidLike(): string {
  return `pm${Date.now().toString(36)}${Math.random().toString(36).slice(2, 12)}`;
}

export async function revisionSections(db: Db, postMortemId: string, version: number): Promise<unknown | null> {
  const r = await db.postMortemRevision.findUnique({ where: { postMortemId_version: { postMortemId, version } }, select: { sections: true } });
  return r?.sections ?? null;
}

export async function saveSections(db: Db, id: string, sections: Sections, version: number, author: { authorId: string | null; authorLabel: string }): Promise<void> {
  await db.postMortem.update({ where: { id }, data: { sections, version } });
  await db.postMortemRevision.create({ data: { postMortemId: id, version, sections, ...author } });
}

export async function revisions(db: Db, postMortemId: string, take = 100) {
  return db.postMortemRevision.findMany({ where: { postMortemId }, orderBy: { version: 'desc' }, take, select: { version: true, sections: true, authorId: true, authorLabel: true, createdAt: true } });
}

export async function update(
  db: Db,
  id: string,
  data: Partial<{ state: PostmortemState; ownerId: string | null; required: boolean; requiredReasons: string[]; requested: boolean; notNeededReason: string | null; dueAt: Date | null; submittedAt: Date | null; publishedAt: Date | null; publishedById: string | null; firstPublishedAt: Date; remindersSent: string[] }>,
): Promise<void> {
  await db.postMortem.update({ where: { id }, data });
}

export async function setReviewers(db: Db, postMortemId: string, userIds: readonly string[]): Promise<void> {
  await db.postMortemReviewer.deleteMany({ where: { postMortemId } });
  await db.postMortemReviewer.createMany({ data: userIds.map((userId) => ({ postMortemId, userId })) });
}

export async function recordReview(db: Db, postMortemId: string, userId: string, decision: string, comment: string, at: number): Promise<void> {
  await db.postMortemReviewer.upsert({
    where: { postMortemId_userId: { postMortemId, userId } },
    create: { postMortemId, userId, decision, comment, decidedAt: new Date(at) },
    update: { decision, comment, decidedAt: new Date(at) },
  });
}

export async function resetReviews(db: Db, postMortemId: string): Promise<void> {
  await db.postMortemReviewer.updateMany({ where: { postMortemId }, data: { decision: 'requested', decidedAt: null } });
}

// ---------------------------------------------------------------------------
// Lists

export type PmWhere = { teamId?: string; serviceId?: string; severity?: 'P1' | 'P2' | 'P3'; state?: PostmortemState; overdueAt?: number; visibleStates?: PostmortemState[] };

function whereOf(w: PmWhere): Prisma.PostMortemWhereInput {
  const and: Prisma.PostMortemWhereInput[] = [];
  if (w.teamId) and.push({ incident: { teamId: w.teamId } });
  if (w.serviceId) and.push({ incident: { services: { some: { serviceId: w.serviceId } } } });
  if (w.severity) and.push({ incident: { severity: w.severity } });
  if (w.state) and.push({ state: w.state });
  if (w.visibleStates) and.push({ state: { in: w.visibleStates } });
  if (w.overdueAt !== undefined) and.push(overdueWhere(w.overdueAt));
  return { AND: and };
}

function overdueWhere(now: number): Prisma.PostMortemWhereInput {
  return { required: true, notNeededReason: null, firstPublishedAt: null, state: { not: 'published' }, dueAt: { lt: new Date(now) } };
}

export async function list(db: Db, w: PmWhere, page: number, pageSize: number) {
  const where = whereOf(w);
  const [rows, total] = await Promise.all([
    db.postMortem.findMany({ where, select: pmSelect, orderBy: [{ dueAt: { sort: 'asc', nulls: 'last' } }, { createdAt: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    db.postMortem.count({ where }),
  ]);
  return { rows, total };
}

/** Of these services, those with an overdue P1/P2 post-mortem (one query for the change gate's batch). */
export async function servicesWithOverdue(db: Db, serviceIds: readonly string[], now: number): Promise<Set<string>> {
  if (!serviceIds.length) return new Set();
  const rows = await db.incidentService.findMany({
    where: { serviceId: { in: [...serviceIds] }, incident: { severity: { in: ['P1', 'P2'] }, postMortem: overdueWhere(now) } },
    select: { serviceId: true },
  });
  return new Set(rows.map((r) => r.serviceId));
}

export async function overdueByIncident(db: Db, incidentIds: readonly string[], now: number): Promise<Set<string>> {
  if (!incidentIds.length) return new Set();
  const rows = await db.postMortem.findMany({ where: { AND: [overdueWhere(now), { incidentId: { in: [...incidentIds] } }] }, select: { incidentId: true } });
  return new Set(rows.map((r) => r.incidentId));
}

/** For completion metrics: every post-mortem of incidents resolved in the period. */
export async function completionRows(db: Db, from: Date, to: Date) {
  return db.incident.findMany({
    where: { resolvedAt: { gte: from, lt: to }, state: { notIn: ['declined', 'merged'] } },
    select: { id: true, teamId: true, severity: true, resolvedAt: true, postMortem: { select: { required: true, dueAt: true, firstPublishedAt: true, notNeededReason: true } } },
  });
}

// ---------------------------------------------------------------------------
// Reads of the incident for the pre-fill

/** Alerts grouped by name: counted by the database, so 2,000 alerts cost one small result. */
export async function alertGroups(db: Db, incidentId: string) {
  return db.$queryRaw<{ alertname: string; service: string | null; count: bigint; firstAt: Date; lastAt: Date }[]>`
    SELECT a.alertname, s.name AS service, count(*) AS count, min(a."startsAt") AS "firstAt", max(a."startsAt") AS "lastAt"
    FROM "Alert" a LEFT JOIN "Service" s ON s.id = a."serviceId"
    WHERE a."incidentId" = ${incidentId}
    GROUP BY a.alertname, s.name
    ORDER BY min(a."startsAt") LIMIT 200`;
}

export async function alertRunbookKeys(db: Db, incidentId: string) {
  return db.$queryRaw<{ alertname: string; runbookUrl: string | null }[]>`
    SELECT DISTINCT alertname, annotations->>'runbook_url' AS "runbookUrl" FROM "Alert" WHERE "incidentId" = ${incidentId} LIMIT 200`;
}

const prefillEntry = { at: true, kind: true, text: true, pinned: true, authorLabel: true } as const;

/**
 * What the pre-fill can show of a timeline: every pinned entry, the first
 * `limit` other non-alert entries, and the total count. An incident with
 * thousands of alert entries is not read whole (the alerts are summarised by
 * alertGroups instead).
 */
export async function timelineForPrefill(db: Db, incidentId: string, limit: number) {
  const order = [{ at: 'asc' as const }, { createdAt: 'asc' as const }];
  const [pinned, rest, total] = await Promise.all([
    db.incidentTimelineEntry.findMany({ where: { incidentId, pinned: true }, orderBy: order, select: prefillEntry }),
    db.incidentTimelineEntry.findMany({ where: { incidentId, pinned: false, kind: { not: 'alert' } }, orderBy: order, select: prefillEntry, take: limit }),
    db.incidentTimelineEntry.count({ where: { incidentId } }),
  ]);
  return { entries: [...pinned, ...rest], total };
}

export async function people(db: Db) {
  return db.user.findMany({ where: { disabled: false }, orderBy: { name: 'asc' }, select: { id: true, name: true, email: true, role: true } });
}

export async function usersByIds(db: Db, ids: readonly string[]) {
  if (!ids.length) return [];
  return db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } });
}

export async function teams(db: Db) {
  return db.team.findMany({ select: { id: true, name: true }, orderBy: { name: 'asc' } });
}

/** Required, unpublished post-mortems with an owner whose due time is within `aheadMs` or past. */
export async function reminderCandidates(db: Db, now: number, aheadMs: number, take = 200) {
  return db.postMortem.findMany({
    where: { required: true, notNeededReason: null, firstPublishedAt: null, state: { not: 'published' }, ownerId: { not: null }, dueAt: { lt: new Date(now + aheadMs) } },
    select: { id: true, ownerId: true, dueAt: true, remindersSent: true, title: true, incidentId: true },
    orderBy: { dueAt: 'asc' },
    take,
  });
}

/** Resolved P1/P2 incidents (since `since`) that have no post-mortem yet: the sweep starts their drafts. */
export async function resolvedWithoutPostmortem(db: Db, since: number, take = 50) {
  return db.incident.findMany({ where: { state: { in: ['resolved', 'closed'] }, severity: { in: ['P1', 'P2'] }, resolvedAt: { gte: new Date(since) }, postMortem: null }, select: { id: true }, take });
}

export async function markReminded(db: Db, id: string, stages: string[]): Promise<void> {
  await db.postMortem.update({ where: { id }, data: { remindersSent: stages } });
}

/** The service ids and (distinct) alert names of an incident: its signature for "seen before". */
export async function incidentSignature(db: Db, incidentId: string) {
  const [incident, services, alerts] = await Promise.all([
    db.incident.findUnique({ where: { id: incidentId }, select: { startedAt: true } }),
    db.incidentService.findMany({ where: { incidentId }, select: { serviceId: true } }),
    db.alert.findMany({ where: { incidentId }, select: { alertname: true }, distinct: ['alertname'], take: 50 }),
  ]);
  return { startedAt: incident?.startedAt ?? null, serviceIds: services.map((s) => s.serviceId), alertnames: alerts.map((a) => a.alertname) };
}

/**
 * Post-mortems of incidents that started before this one and share a service
 * or an alert name, newest first, with their unfinished action items. `take`
 * bounds the candidates the ranking sees.
 */
export async function seenBeforeCandidates(db: Db, incidentId: string, sig: { startedAt: Date | null; serviceIds: readonly string[]; alertnames: readonly string[] }, take = 30) {
  const shared: Prisma.IncidentWhereInput[] = [];
  if (sig.serviceIds.length) shared.push({ services: { some: { serviceId: { in: [...sig.serviceIds] } } } });
  if (sig.alertnames.length) shared.push({ alerts: { some: { alertname: { in: [...sig.alertnames] } } } });
  if (!shared.length || !sig.startedAt) return [];
  return db.postMortem.findMany({
    where: { incidentId: { not: incidentId }, notNeededReason: null, incident: { OR: shared, mergedIntoId: null, startedAt: { lt: sig.startedAt } } },
    orderBy: { incident: { startedAt: 'desc' } },
    take,
    select: {
      id: true,
      state: true,
      title: true,
      incident: {
        select: {
          id: true,
          number: true,
          title: true,
          severity: true,
          startedAt: true,
          services: { select: { service: { select: { id: true, name: true } } } },
          alerts: { where: { alertname: { in: [...sig.alertnames] } }, select: { alertname: true }, distinct: ['alertname'], take: 10 },
        },
      },
      actionItems: { where: { status: { in: ['open', 'in_progress'] } }, select: { id: true, title: true, status: true, dueAt: true }, orderBy: [{ dueAt: 'asc' }, { createdAt: 'asc' }], take: 5 },
      _count: { select: { actionItems: { where: { status: { in: ['open', 'in_progress'] } } } } },
    },
  });
}
