import type { Db } from '../database/tx';

// Toil entries and each team's toil settings; reads teams and their members
// (owned by server/teams) for names, sizes and leads.

export async function teamsWithMembers(db: Db, teamIds?: readonly string[]) {
  return db.team.findMany({
    where: teamIds ? { id: { in: [...teamIds] } } : undefined,
    select: { id: true, slug: true, name: true, _count: { select: { members: true } }, toilSettings: true },
    orderBy: { name: 'asc' },
  });
}

export async function findTeam(db: Db, idOrSlug: string) {
  return db.team.findFirst({ where: { OR: [{ id: idOrSlug }, { slug: idOrSlug }] }, select: { id: true, slug: true, name: true } });
}

export async function isLead(db: Db, userId: string, teamId: string): Promise<boolean> {
  return (await db.teamMember.count({ where: { userId, teamId, isLead: true } })) > 0;
}

export async function entriesBetween(db: Db, teamIds: readonly string[], from: string, to: string) {
  if (teamIds.length === 0) return [];
  return db.toilEntry.findMany({
    where: { teamId: { in: [...teamIds] }, day: { gte: new Date(`${from}T00:00:00Z`), lt: new Date(`${to}T00:00:00Z`) } },
    select: { teamId: true, day: true, hours: true },
  });
}

export async function recentEntries(db: Db, limit: number) {
  return db.toilEntry.findMany({ orderBy: [{ day: 'desc' }, { createdAt: 'desc' }], take: limit, include: { team: { select: { name: true } } } });
}

export type NewEntry = { teamId: string; day: string; hours: number; what: string; source: string; authorId: string | null; authorLabel: string };

export async function insertEntry(db: Db, e: NewEntry) {
  return db.toilEntry.create({ data: { ...e, day: new Date(`${e.day}T00:00:00Z`) }, include: { team: { select: { name: true } } } });
}

export async function findEntry(db: Db, id: string) {
  return db.toilEntry.findUnique({ where: { id } });
}

export async function deleteEntry(db: Db, id: string): Promise<void> {
  await db.toilEntry.delete({ where: { id } });
}

export async function findSettings(db: Db, teamId: string) {
  return db.toilSettings.findUnique({ where: { teamId } });
}

export type SettingsRow = { sprintDays: number; sprintAnchor: string; engineeringHours: number | null; pageMinutes: number; blockFeatureWork: boolean };

export async function upsertSettings(db: Db, teamId: string, s: SettingsRow) {
  const data = { ...s, sprintAnchor: new Date(`${s.sprintAnchor}T00:00:00Z`) };
  return db.toilSettings.upsert({ where: { teamId }, create: { teamId, ...data }, update: data });
}
