import type { Db } from '../database/tx';
import { Prisma } from '../generated/prisma/client';
import type { ChangeSource, ChangeStatus, Decision, Tier } from './changes.schema';

// The only place the change tables are read and written with Prisma.

const serviceSelect = { id: true, slug: true, name: true, teamId: true, team: { select: { id: true, slug: true, name: true, timeZone: true } } } as const;
export type GateService = Prisma.ServiceGetPayload<{ select: typeof serviceSelect }>;

/** Services by id or slug (CI names them by slug). */
export async function findServices(db: Db, idsOrSlugs: readonly string[]): Promise<GateService[]> {
  const wanted = [...new Set(idsOrSlugs)];
  return db.service.findMany({ where: { OR: [{ id: { in: wanted } }, { slug: { in: wanted } }] }, select: serviceSelect, orderBy: { name: 'asc' } });
}

export async function listFreezes(db: Db, teamIds?: readonly string[]) {
  return db.changeFreeze.findMany({
    where: teamIds ? { OR: [{ teamId: null }, { teamId: { in: [...teamIds] } }] } : {},
    orderBy: [{ kind: 'asc' }, { name: 'asc' }],
  });
}
export type FreezeRow = Awaited<ReturnType<typeof listFreezes>>[number];

export async function listTeams(db: Db) {
  return db.team.findMany({ select: { id: true, slug: true, name: true, timeZone: true }, orderBy: { name: 'asc' } });
}

export async function isLeadOfAny(db: Db, userId: string, teamIds: readonly string[]): Promise<boolean> {
  return (await db.teamMember.count({ where: { userId, isLead: true, teamId: { in: [...teamIds] } } })) > 0;
}

const changeSelect = {
  id: true,
  title: true,
  description: true,
  tier: true,
  source: true,
  environment: true,
  cluster: true,
  commitSha: true,
  committedAt: true,
  prUrl: true,
  authorId: true,
  authorLabel: true,
  requestedAt: true,
  startedAt: true,
  finishedAt: true,
  status: true,
  rollbackPlan: true,
  runbookUrl: true,
  reliability: true,
  decision: true,
  decisionReasons: true,
  decisionRequires: true,
  decidedAt: true,
  overrideReason: true,
  overriddenByLabel: true,
  overriddenAt: true,
  externalId: true,
  createdAt: true,
  services: { select: { service: { select: serviceSelect } } },
  approvals: { select: { id: true, userId: true, userName: true, kind: true, comment: true, createdAt: true }, orderBy: { createdAt: 'asc' } },
} as const;
export type ChangeRow = Prisma.ChangeGetPayload<{ select: typeof changeSelect }>;

export async function findById(db: Db, id: string): Promise<ChangeRow | null> {
  return db.change.findUnique({ where: { id }, select: changeSelect });
}

export async function findByExternalId(db: Db, source: ChangeSource, externalId: string): Promise<ChangeRow | null> {
  return db.change.findUnique({ where: { source_externalId: { source, externalId } }, select: changeSelect });
}

/** Locks the row for a read-decide-write (approve, override, transition). */
export async function lock(db: Db, id: string): Promise<void> {
  await db.$queryRaw`SELECT id FROM "Change" WHERE id = ${id} FOR UPDATE`;
}

export type NewChange = {
  title: string;
  description: string;
  tier: Tier;
  source: ChangeSource;
  environment: string;
  cluster: string | null;
  commitSha: string | null;
  committedAt?: Date | null;
  prUrl: string | null;
  runbookUrl: string | null;
  rollbackPlan: string;
  reliability: boolean;
  authorId: string | null;
  authorLabel: string;
  requestedAt: Date;
  status: ChangeStatus;
  decision: Decision;
  decisionReasons: unknown;
  decisionRequires: string[];
  decidedAt: Date;
  externalId: string | null;
  serviceIds: readonly string[];
};

export async function insert(db: Db, c: NewChange): Promise<string> {
  const { serviceIds, decisionReasons, ...rest } = c;
  const row = await db.change.create({
    data: { ...rest, decisionReasons: decisionReasons as Prisma.InputJsonValue, services: { create: serviceIds.map((serviceId) => ({ serviceId })) } },
    select: { id: true },
  });
  return row.id;
}

export type ChangeUpdate = Partial<{
  status: ChangeStatus;
  decision: Decision;
  decisionReasons: unknown;
  decisionRequires: string[];
  decidedAt: Date;
  startedAt: Date;
  finishedAt: Date;
  overrideReason: string;
  overriddenById: string | null;
  overriddenByLabel: string;
  overriddenAt: Date;
}>;

export async function update(db: Db, id: string, u: ChangeUpdate): Promise<void> {
  const { decisionReasons, ...rest } = u;
  await db.change.update({ where: { id }, data: { ...rest, ...(decisionReasons === undefined ? {} : { decisionReasons: decisionReasons as Prisma.InputJsonValue }) } });
}

export async function addApproval(db: Db, a: { changeId: string; userId: string; userName: string; kind: string; comment: string }): Promise<void> {
  await db.changeApproval.create({ data: a });
}

export async function addEvent(db: Db, e: { changeId: string; at: Date; kind: string; message: string; actorLabel: string }): Promise<void> {
  await db.changeEvent.create({ data: e });
}

export async function events(db: Db, changeId: string) {
  return db.changeEvent.findMany({ where: { changeId }, orderBy: [{ at: 'asc' }, { id: 'asc' }], select: { id: true, at: true, kind: true, message: true, actorLabel: true } });
}

export type ChangeWhere = { serviceId?: string; teamId?: string; status?: ChangeStatus; tier?: Tier; source?: ChangeSource; q?: string; from?: Date; to?: Date };

function whereOf(w: ChangeWhere): Prisma.ChangeWhereInput {
  const and: Prisma.ChangeWhereInput[] = [];
  if (w.serviceId) and.push({ services: { some: { OR: [{ serviceId: w.serviceId }, { service: { slug: w.serviceId } }] } } });
  if (w.teamId) and.push({ services: { some: { service: { OR: [{ teamId: w.teamId }, { team: { slug: w.teamId } }] } } } });
  if (w.status) and.push({ status: w.status });
  if (w.tier) and.push({ tier: w.tier });
  if (w.source) and.push({ source: w.source });
  if (w.q) and.push({ OR: [{ title: { contains: w.q, mode: 'insensitive' } }, { commitSha: { startsWith: w.q.toLowerCase() } }] });
  if (w.from || w.to) and.push({ requestedAt: { ...(w.from ? { gte: w.from } : {}), ...(w.to ? { lt: w.to } : {}) } });
  return and.length ? { AND: and } : {};
}

export async function list(db: Db, w: ChangeWhere, page: number, pageSize: number) {
  const where = whereOf(w);
  const [items, total] = await Promise.all([
    db.change.findMany({ where, select: changeSelect, orderBy: [{ requestedAt: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
    db.change.count({ where }),
  ]);
  return { items, total };
}

/** The figures DORA needs over a period (no pagination: counts and times only). */
export async function doraRows(db: Db, w: ChangeWhere) {
  return db.change.findMany({
    where: whereOf(w),
    select: { id: true, status: true, requestedAt: true, startedAt: true, finishedAt: true, committedAt: true, createdAt: true },
    orderBy: { requestedAt: 'asc' },
  });
}

/** Changes that reached (or tried to reach) production for these services between `from` and `to`. */
export async function deployedChangesOfServices(db: Db, serviceIds: readonly string[], from: Date, to: Date, take = 50) {
  if (!serviceIds.length) return [];
  return db.change.findMany({
    where: {
      services: { some: { serviceId: { in: [...serviceIds] } } },
      status: { in: ['in_progress', 'succeeded', 'failed', 'rolled_back'] },
      OR: [{ startedAt: { gte: from, lte: to } }, { startedAt: null, requestedAt: { gte: from, lte: to } }],
    },
    select: { id: true, title: true, tier: true, status: true, source: true, requestedAt: true, startedAt: true, services: { select: { service: { select: { name: true } } } } },
    orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }],
    take,
  });
}

/** GitOps entries already in the ledger, by externalId (the sync is idempotent through these). */
export async function gitopsEntries(db: Db, externalIds: readonly string[]) {
  if (externalIds.length === 0) return [];
  return db.change.findMany({ where: { source: 'gitops', externalId: { in: [...externalIds] } }, select: { id: true, externalId: true, status: true } });
}

/** CI/UI records of these commits, newest first: a GitOps sync of the same commit inherits their tier. */
export async function recordsOfCommits(db: Db, shas: readonly string[]) {
  if (shas.length === 0) return [];
  return db.change.findMany({
    where: { source: { in: ['api', 'ui'] }, commitSha: { in: [...shas] } },
    orderBy: { requestedAt: 'desc' },
    select: { id: true, tier: true, commitSha: true, reliability: true, title: true },
  });
}

/** The causes marked on an incident, with their changes (shown even when outside the 24 h window). */
export async function linksOfIncident(db: Db, incidentId: string) {
  return db.changeIncidentLink.findMany({
    where: { incidentId },
    select: { changeId: true, cause: true, markedByLabel: true, markedAt: true, change: { select: { id: true, title: true, tier: true, status: true, source: true, requestedAt: true, startedAt: true, services: { select: { service: { select: { name: true } } } } } } },
  });
}

export async function linksOfChange(db: Db, changeId: string) {
  return db.changeIncidentLink.findMany({ where: { changeId }, select: { cause: true, markedByLabel: true, markedAt: true, incident: { select: { id: true, number: true, title: true, severity: true } } }, orderBy: { markedAt: 'asc' } });
}

export async function setLink(db: Db, l: { changeId: string; incidentId: string; cause: 'suspected' | 'confirmed'; markedById: string | null; markedByLabel: string; markedAt: Date }): Promise<void> {
  await db.changeIncidentLink.upsert({ where: { changeId_incidentId: { changeId: l.changeId, incidentId: l.incidentId } }, create: l, update: { cause: l.cause, markedById: l.markedById, markedByLabel: l.markedByLabel, markedAt: l.markedAt } });
}

export async function removeLink(db: Db, changeId: string, incidentId: string): Promise<number> {
  return (await db.changeIncidentLink.deleteMany({ where: { changeId, incidentId } })).count;
}

/** Changes confirmed as an incident's cause among these ids (DORA's change failure rate). */
export async function confirmedCauses(db: Db, changeIds: readonly string[]): Promise<Set<string>> {
  if (!changeIds.length) return new Set();
  const rows = await db.changeIncidentLink.findMany({ where: { changeId: { in: [...changeIds] }, cause: 'confirmed' }, select: { changeId: true } });
  return new Set(rows.map((r) => r.changeId));
}

/** Changes still waiting at the gate, oldest request first (the approvals inbox). */
export async function gatedChanges(db: Db, statuses: readonly ChangeStatus[], take: number): Promise<ChangeRow[]> {
  return db.change.findMany({ where: { status: { in: [...statuses] } }, orderBy: [{ requestedAt: 'asc' }, { id: 'asc' }], take, select: changeSelect });
}

export async function insertFreeze(db: Db, f: { teamId: string | null; kind: string; name: string; tiers: Tier[]; date?: string | null; marginHours?: number; startsAt?: Date | null; endsAt?: Date | null }) {
  return db.changeFreeze.create({ data: f, select: { id: true } });
}

export async function findFreeze(db: Db, id: string) {
  return db.changeFreeze.findUnique({ where: { id } });
}

export async function deleteFreeze(db: Db, id: string): Promise<void> {
  await db.changeFreeze.delete({ where: { id } });
}

export async function teamExists(db: Db, id: string): Promise<boolean> {
  return (await db.team.count({ where: { id } })) > 0;
}
