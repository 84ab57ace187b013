import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';

const listSelect = { id: true, slug: true, title: true, alertName: true, complete: true, source: true, url: true, teamId: true, updatedAt: true, sections: true, team: { select: { name: true } } } as const;

export async function listRunbooks(db: Db, search?: string) {
  return db.runbook.findMany({
    where: search ? { OR: [{ title: { contains: search, mode: 'insensitive' } }, { alertName: { contains: search, mode: 'insensitive' } }, { slug: { contains: search, mode: 'insensitive' } }] } : {},
    select: listSelect,
    orderBy: { title: 'asc' },
  });
}

/** Runbooks a service's responders reach for: its team's, and those of the alerts it fires. */
export async function runbooksFor(db: Db, where: { teamId?: string; alertNames: readonly string[] }) {
  return db.runbook.findMany({
    where: { OR: [...(where.teamId ? [{ teamId: where.teamId }] : []), { alertName: { in: [...where.alertNames] } }] },
    select: listSelect,
    orderBy: { title: 'asc' },
  });
}

export async function findRunbook(db: Db, id: string) {
  return db.runbook.findUnique({ where: { id }, include: { team: { select: { name: true } } } });
}

export async function findBySlug(db: Db, slug: string) {
  return db.runbook.findUnique({ where: { slug } });
}

export type RunbookData = { slug: string; title: string; alertName: string | null; markdown: string; sections: object; complete: boolean; source: string; url: string | null; teamId: string | null };

export async function createRunbook(db: Db, data: RunbookData) {
  return db.runbook.create({ data: { ...data, sections: data.sections as Prisma.InputJsonValue } });
}

export async function updateRunbook(db: Db, id: string, data: Partial<RunbookData>) {
  return db.runbook.update({ where: { id }, data: { ...data, ...(data.sections ? { sections: data.sections as Prisma.InputJsonValue } : {}) } });
}

export async function deleteRunbook(db: Db, id: string) {
  await db.runbook.delete({ where: { id } });
}

export async function teamExists(db: Db, id: string) {
  return (await db.team.count({ where: { id } })) > 0;
}

/** PrometheusRule objects collected by the inventory (docs/inventory.md: data = {spec: {groups}}). */
export async function inventoryPrometheusRules(db: Db) {
  return db.inventoryObject.findMany({
    where: { kind: 'PrometheusRule' },
    select: { clusterId: true, namespace: true, name: true, data: true, cluster: { select: { name: true } } },
    orderBy: [{ clusterId: 'asc' }, { namespace: 'asc' }, { name: 'asc' }],
  });
}

export async function runbookAlertNames(db: Db) {
  return db.runbook.findMany({ where: { alertName: { not: null } }, select: { id: true, slug: true, alertName: true, url: true } });
}
