import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { MemberCandidateDto, TeamDetailDto, TeamDto, TeamMemberDto } from './teams.schema';

const teamFields = {
  id: true,
  slug: true,
  name: true,
  description: true,
  timeZone: true,
  createdAt: true,
  updatedAt: true,
} as const;

const detailSelect = {
  ...teamFields,
  _count: { select: { services: true } },
  members: {
    select: { isLead: true, user: { select: { id: true, email: true, name: true } } },
    orderBy: [{ isLead: 'desc' }, { user: { name: 'asc' } }],
  },
} satisfies Prisma.TeamSelect;

type DetailRow = TeamDto & {
  _count: { services: number };
  members: { isLead: boolean; user: { id: string; email: string; name: string } }[];
};

function toDetail({ _count, members, ...team }: DetailRow): TeamDetailDto {
  return {
    ...team,
    serviceCount: _count.services,
    members: members.map((m) => ({ userId: m.user.id, email: m.user.email, name: m.user.name, isLead: m.isLead })),
  };
}

export async function listTeams(db: Db): Promise<TeamDetailDto[]> {
  const rows = await db.team.findMany({ select: detailSelect, orderBy: { name: 'asc' } });
  return rows.map(toDetail);
}

export async function findTeamDetail(db: Db, where: { id: string } | { slug: string }): Promise<TeamDetailDto | null> {
  const row = await db.team.findUnique({ where, select: detailSelect });
  return row ? toDetail(row) : null;
}

export function findTeamById(db: Db, id: string): Promise<TeamDto | null> {
  return db.team.findUnique({ where: { id }, select: teamFields });
}

export function findTeamBySlug(db: Db, slug: string): Promise<TeamDto | null> {
  return db.team.findUnique({ where: { slug }, select: teamFields });
}

export function insertTeam(
  db: Db,
  data: { slug: string; name: string; description: string; timeZone: string },
): Promise<TeamDto> {
  return db.team.create({ data, select: teamFields });
}

export function updateTeam(
  db: Db,
  id: string,
  data: { slug?: string; name?: string; description?: string; timeZone?: string },
): Promise<TeamDto> {
  return db.team.update({ where: { id }, data, select: teamFields });
}

export async function deleteTeam(db: Db, id: string): Promise<void> {
  await db.team.delete({ where: { id } });
}

/** Slugs of the services a team owns (at most `limit`), for the "still owns" message. */
export async function ownedServiceSlugs(db: Db, teamId: string, limit = 5): Promise<{ total: number; slugs: string[] }> {
  const [total, rows] = await Promise.all([
    db.service.count({ where: { teamId } }),
    db.service.findMany({ where: { teamId }, select: { slug: true }, orderBy: { slug: 'asc' }, take: limit }),
  ]);
  return { total, slugs: rows.map((r) => r.slug) };
}

export async function findMember(db: Db, teamId: string, userId: string): Promise<TeamMemberDto | null> {
  const row = await db.teamMember.findUnique({
    where: { teamId_userId: { teamId, userId } },
    select: { isLead: true, user: { select: { id: true, email: true, name: true } } },
  });
  return row ? { userId: row.user.id, email: row.user.email, name: row.user.name, isLead: row.isLead } : null;
}

export async function upsertMember(db: Db, teamId: string, userId: string, isLead: boolean): Promise<void> {
  await db.teamMember.upsert({
    where: { teamId_userId: { teamId, userId } },
    create: { teamId, userId, isLead },
    update: { isLead },
  });
}

export async function deleteMember(db: Db, teamId: string, userId: string): Promise<void> {
  await db.teamMember.delete({ where: { teamId_userId: { teamId, userId } } });
}

/** People who can be added to a team: active accounts, without role or secrets. */
export function listMemberCandidates(db: Db): Promise<MemberCandidateDto[]> {
  return db.user.findMany({
    where: { disabled: false },
    select: { id: true, email: true, name: true },
    orderBy: { name: 'asc' },
  });
}

export function findActiveUser(db: Db, id: string): Promise<MemberCandidateDto | null> {
  return db.user.findFirst({ where: { id, disabled: false }, select: { id: true, email: true, name: true } });
}

/** True when a write lost a race against a concurrent one on a unique column. */
