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

/**
 * Current names of audit targets, by type and id (one query per type present).
 * A deleted target has no row: the log then shows its id, as recorded.
 */
export async function targetNames(db: Db, refs: readonly { type: string; id: string }[]): Promise<Map<string, string>> {
  const ids = (type: string) => [...new Set(refs.filter((r) => r.type === type).map((r) => r.id))];
  const out = new Map<string, string>();
  const put = (type: string, rows: { id: string; name: string }[]) => rows.forEach((r) => out.set(`${type}:${r.id}`, r.name));
  const lookups: Record<string, (list: string[]) => Promise<{ id: string; name: string }[]>> = {
    service: (list) => db.service.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    team: (list) => db.team.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    slo: async (list) => (await db.slo.findMany({ where: { id: { in: list } }, select: { id: true, name: true, service: { select: { name: true } } } })).map((s) => ({ id: s.id, name: `${s.service.name}: ${s.name}` })),
    incident: async (list) => (await db.incident.findMany({ where: { id: { in: list } }, select: { id: true, number: true, title: true } })).map((i) => ({ id: i.id, name: `#${i.number} ${i.title}` })),
    runbook: async (list) => (await db.runbook.findMany({ where: { id: { in: list } }, select: { id: true, title: true } })).map((r) => ({ id: r.id, name: r.title })),
    user: async (list) => (await db.user.findMany({ where: { id: { in: list } }, select: { id: true, name: true, email: true } })).map((u) => ({ id: u.id, name: `${u.name} (${u.email})` })),
    cluster: (list) => db.cluster.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    notification_channel: (list) => db.notificationChannel.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    api_token: (list) => db.apiToken.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    oncall_schedule: (list) => db.oncallSchedule.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    escalation_policy: (list) => db.escalationPolicy.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    datasource: (list) => db.prometheusDataSource.findMany({ where: { id: { in: list } }, select: { id: true, name: true } }),
    postmortem: async (list) => (await db.postMortem.findMany({ where: { id: { in: list } }, select: { id: true, title: true, incident: { select: { number: true, title: true } } } })).map((p) => ({ id: p.id, name: p.title || `Post-mortem of #${p.incident.number} ${p.incident.title}` })),
    action_item: async (list) => (await db.actionItem.findMany({ where: { id: { in: list } }, select: { id: true, title: true } })).map((a) => ({ id: a.id, name: a.title })),
  };
  await Promise.all(
    Object.entries(lookups).map(async ([type, find]) => {
      const list = ids(type);
      if (list.length) put(type, await find(list));
    }),
  );
  return out;
}
