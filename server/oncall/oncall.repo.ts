import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';

export async function listTeams(db: Db) {
  return db.team.findMany({
    orderBy: { name: 'asc' },
    select: {
      id: true,
      slug: true,
      name: true,
      timeZone: true,
      businessHours: true,
      members: { select: { userId: true, isLead: true, user: { select: { name: true, email: true } } } },
    },
  });
}

export async function listPeople(db: Db) {
  return db.user.findMany({ where: { disabled: false }, select: { id: true, name: true, email: true }, orderBy: { name: 'asc' } });
}

export async function schedulesOf(db: Db, teamId?: string) {
  return db.oncallSchedule.findMany({ where: teamId ? { teamId } : {}, include: { overrides: { orderBy: { createdAt: 'asc' } } }, orderBy: [{ teamId: 'asc' }, { name: 'asc' }] });
}

export async function findSchedule(db: Db, id: string) {
  return db.oncallSchedule.findUnique({ where: { id }, include: { overrides: { orderBy: { createdAt: 'asc' } } } });
}

export async function findScheduleByName(db: Db, teamId: string, name: string) {
  return db.oncallSchedule.findUnique({ where: { teamId_name: { teamId, name } } });
}

export async function createSchedule(db: Db, data: { teamId: string; name: string; layers: object[] }) {
  return db.oncallSchedule.create({ data: { ...data, layers: data.layers as Prisma.InputJsonValue } });
}

export async function updateSchedule(db: Db, id: string, data: { teamId: string; name: string; layers: object[] }) {
  return db.oncallSchedule.update({ where: { id }, data: { ...data, layers: data.layers as Prisma.InputJsonValue } });
}

export async function deleteSchedule(db: Db, id: string) {
  await db.oncallSchedule.delete({ where: { id } });
}

export async function createOverride(db: Db, data: { scheduleId: string; userId: string; start: Date; end: Date; reason: string; createdById: string | null }) {
  return db.scheduleOverride.create({ data });
}

export async function findOverride(db: Db, id: string) {
  return db.scheduleOverride.findUnique({ where: { id } });
}

export async function deleteOverride(db: Db, id: string) {
  await db.scheduleOverride.delete({ where: { id } });
}

export async function policiesOf(db: Db, teamId?: string) {
  return db.escalationPolicy.findMany({ where: teamId ? { teamId } : {}, orderBy: [{ teamId: 'asc' }, { isDefault: 'desc' }, { name: 'asc' }] });
}

export async function findPolicy(db: Db, id: string) {
  return db.escalationPolicy.findUnique({ where: { id } });
}

export async function findPolicyByName(db: Db, teamId: string, name: string) {
  return db.escalationPolicy.findUnique({ where: { teamId_name: { teamId, name } } });
}

export async function savePolicy(db: Db, id: string | undefined, data: { teamId: string; name: string; steps: object[]; isDefault: boolean }) {
  // One default per team: the intake pages through it.
  if (data.isDefault) await db.escalationPolicy.updateMany({ where: { teamId: data.teamId, isDefault: true, ...(id ? { id: { not: id } } : {}) }, data: { isDefault: false } });
  const payload = { ...data, steps: data.steps as Prisma.InputJsonValue };
  return id ? db.escalationPolicy.update({ where: { id }, data: payload }) : db.escalationPolicy.create({ data: payload });
}

export async function deletePolicy(db: Db, id: string) {
  await db.escalationPolicy.delete({ where: { id } });
}

export async function findTeam(db: Db, id: string) {
  return db.team.findUnique({ where: { id }, select: { id: true, name: true, businessHours: true } });
}

export async function upsertBusinessHours(db: Db, teamId: string, h: { days: number[]; start: string; end: string; timeZone: string }) {
  return db.teamBusinessHours.upsert({ where: { teamId }, create: { teamId, ...h }, update: h });
}

export async function usersExist(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  return new Set((await db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true } })).map((u) => u.id));
}

export async function scheduleIdsExist(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return new Set<string>();
  return new Set((await db.oncallSchedule.findMany({ where: { id: { in: [...ids] } }, select: { id: true } })).map((s) => s.id));
}
