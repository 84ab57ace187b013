import type { Db } from '../database/tx';
import { Prisma } from '../generated/prisma/client';
import type { ActionStatus, ActionType } from './postmortems.schema';

// Action items: the only place their table is read and written.

const itemSelect = {
  id: true,
  postMortemId: true,
  title: true,
  type: true,
  priority: true,
  ownerId: true,
  teamId: true,
  dueAt: true,
  status: true,
  wontDoReason: true,
  trackerUrl: true,
  completedAt: true,
  remindersSent: true,
  createdAt: true,
  updatedAt: true,
  postMortem: { select: { id: true, state: true, incident: { select: { id: true, number: true, title: true, severity: true } } } },
} as const;
export type ActionItemRow = Prisma.ActionItemGetPayload<{ select: typeof itemSelect }>;

export type NewActionItem = { postMortemId: string; title: string; type: ActionType; priority: string; ownerId: string | null; teamId: string | null; dueAt: Date | null; trackerUrl: string | null };

export async function create(db: Db, data: NewActionItem): Promise<ActionItemRow> {
  return db.actionItem.create({ data, select: itemSelect });
}

export async function find(db: Db, id: string): Promise<ActionItemRow | null> {
  return db.actionItem.findUnique({ where: { id }, select: itemSelect });
}

export async function update(db: Db, id: string, data: Prisma.ActionItemUncheckedUpdateInput): Promise<ActionItemRow> {
  return db.actionItem.update({ where: { id }, data, select: itemSelect });
}

export async function ofPostmortem(db: Db, postMortemId: string): Promise<ActionItemRow[]> {
  return db.actionItem.findMany({ where: { postMortemId }, select: itemSelect, orderBy: [{ createdAt: 'asc' }] });
}

export type ItemWhere = { teamId?: string; ownerId?: string; status?: ActionStatus | 'unfinished'; type?: ActionType; overdueAt?: number; now: number };

function conditions(w: ItemWhere): Prisma.Sql[] {
  const c: Prisma.Sql[] = [];
  if (w.teamId) c.push(Prisma.sql`"teamId" = ${w.teamId}`);
  if (w.ownerId) c.push(Prisma.sql`"ownerId" = ${w.ownerId}`);
  if (w.type) c.push(Prisma.sql`type = ${w.type}`);
  if (w.status === 'unfinished') c.push(Prisma.sql`status IN ('open', 'in_progress')`);
  else if (w.status) c.push(Prisma.sql`status = ${w.status}::"ActionItemStatus"`);
  if (w.overdueAt !== undefined) c.push(Prisma.sql`status IN ('open', 'in_progress') AND "dueAt" < ${new Date(w.overdueAt)}`);
  return c;
}

/**
 * One page, overdue first (then unfinished by due date, then finished ones,
 * newest first). The order is an expression, so the page of ids comes from
 * SQL and the rows from Prisma.
 */
export async function list(db: Db, w: ItemWhere, page: number, pageSize: number): Promise<{ rows: ActionItemRow[]; total: number; overdue: number }> {
  const c = conditions(w);
  const where = c.length ? Prisma.sql`WHERE ${Prisma.join(c, ' AND ')}` : Prisma.empty;
  const now = new Date(w.now);
  const [ids, counts] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      SELECT id FROM "ActionItem" ${where}
      ORDER BY (status IN ('open', 'in_progress') AND "dueAt" < ${now}) DESC,
               (status IN ('open', 'in_progress')) DESC,
               "dueAt" ASC NULLS LAST, "createdAt" DESC, id
      LIMIT ${pageSize} OFFSET ${(page - 1) * pageSize}`,
    db.$queryRaw<{ total: bigint; overdue: bigint }[]>`
      SELECT count(*) AS total, count(*) FILTER (WHERE status IN ('open', 'in_progress') AND "dueAt" < ${now}) AS overdue FROM "ActionItem" ${where}`,
  ]);
  const rows = ids.length ? await db.actionItem.findMany({ where: { id: { in: ids.map((r) => r.id) } }, select: itemSelect }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return { rows: ids.map((r) => byId.get(r.id)!).filter(Boolean), total: Number(counts[0]?.total ?? 0), overdue: Number(counts[0]?.overdue ?? 0) };
}

export async function forMetrics(db: Db, from: Date, to: Date) {
  return db.actionItem.findMany({ where: { createdAt: { gte: from, lt: to } }, select: { teamId: true, status: true, createdAt: true, completedAt: true } });
}

export async function overdueUnreminded(db: Db, now: number, take = 200) {
  return db.actionItem.findMany({
    where: { status: { in: ['open', 'in_progress'] }, dueAt: { lt: new Date(now) }, ownerId: { not: null }, NOT: { remindersSent: { has: 'overdue' } } },
    select: itemSelect,
    take,
  });
}

export async function markReminded(db: Db, id: string, stages: string[]): Promise<void> {
  await db.actionItem.update({ where: { id }, data: { remindersSent: stages } });
}
