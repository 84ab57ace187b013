import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { AuditEntryDto, AuditFilter } from './audit.schema';

export type NewAuditRow = Omit<AuditEntryDto, 'id' | 'at'>;

const asJson = (value: unknown) =>
  value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);

export async function insertAudit(db: Db, row: NewAuditRow): Promise<void> {
  await db.auditLog.create({
    data: { ...row, before: asJson(row.before), after: asJson(row.after) },
  });
}

export async function listAudit(db: Db, filter: AuditFilter): Promise<{ items: AuditEntryDto[]; nextCursor: string | null }> {
  const where: Prisma.AuditLogWhereInput = {
    ...(filter.action ? { action: { contains: filter.action, mode: 'insensitive' } } : {}),
    ...(filter.actor ? { actorLabel: { contains: filter.actor, mode: 'insensitive' } } : {}),
    ...(filter.targetType ? { targetType: filter.targetType } : {}),
    ...(filter.targetId ? { targetId: filter.targetId } : {}),
    ...(filter.from || filter.to ? { at: { gte: filter.from, lte: filter.to } } : {}),
    ...(filter.cursor ? { id: { lt: BigInt(filter.cursor) } } : {}),
  };
  const rows = await db.auditLog.findMany({ where, orderBy: { id: 'desc' }, take: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return {
    items: page.map((r) => ({ ...r, id: r.id.toString() })),
    nextCursor: rows.length > filter.limit ? page[page.length - 1]!.id.toString() : null,
  };
}
