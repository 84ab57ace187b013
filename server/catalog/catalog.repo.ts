import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import { compareServices, linksFromJson } from './catalog.compute';
import type { ServiceDto, ServiceFilter } from './catalog.schema';

const serviceSelect = {
  id: true,
  slug: true,
  name: true,
  description: true,
  tier: true,
  links: true,
  teamId: true,
  createdAt: true,
  updatedAt: true,
  team: { select: { slug: true, name: true } },
} as const;

type Row = Prisma.ServiceGetPayload<{ select: typeof serviceSelect }>;

function toDto({ team, links, ...row }: Row): ServiceDto {
  return { ...row, links: linksFromJson(links), teamSlug: team.slug, teamName: team.name };
}

export async function listServices(db: Db, filter: Exclude<ServiceFilter, undefined>): Promise<ServiceDto[]> {
  const search = filter.search?.trim();
  const where: Prisma.ServiceWhereInput = {
    ...(filter.teamId ? { teamId: filter.teamId } : {}),
    ...(filter.tier ? { tier: filter.tier } : {}),
    ...(search
      ? {
          OR: [
            { slug: { contains: search, mode: 'insensitive' } },
            { name: { contains: search, mode: 'insensitive' } },
            { description: { contains: search, mode: 'insensitive' } },
            { team: { name: { contains: search, mode: 'insensitive' } } },
          ],
        }
      : {}),
  };
  const rows = await db.service.findMany({ where, select: serviceSelect });
  return rows.map(toDto).sort(compareServices);
}

export async function findServiceById(db: Db, id: string): Promise<ServiceDto | null> {
  const row = await db.service.findUnique({ where: { id }, select: serviceSelect });
  return row ? toDto(row) : null;
}

export async function findServiceBySlug(db: Db, slug: string): Promise<ServiceDto | null> {
  const row = await db.service.findUnique({ where: { slug }, select: serviceSelect });
  return row ? toDto(row) : null;
}

export async function teamExists(db: Db, id: string): Promise<boolean> {
  return (await db.team.count({ where: { id } })) > 0;
}

type ServiceData = Pick<ServiceDto, 'slug' | 'name' | 'description' | 'tier' | 'links' | 'teamId'>;

export async function insertService(db: Db, data: ServiceData): Promise<ServiceDto> {
  return toDto(await db.service.create({ data, select: serviceSelect }));
}

export async function updateService(db: Db, id: string, data: Partial<ServiceData>): Promise<ServiceDto> {
  return toDto(await db.service.update({ where: { id }, data, select: serviceSelect }));
}

export async function deleteService(db: Db, id: string): Promise<void> {
  await db.service.delete({ where: { id } });
}

/** True when a write lost a race against a concurrent one on a unique column. */

export async function setRecoveryTargets(db: Db, id: string, targets: { rtoMinutes: number | null; rpoMinutes: number | null }) {
  return db.service.update({ where: { id }, data: targets, select: { id: true, slug: true, rtoMinutes: true, rpoMinutes: true } });
}

export async function recoveryTargetsOf(db: Db, id: string) {
  return db.service.findUnique({ where: { id }, select: { id: true, slug: true, rtoMinutes: true, rpoMinutes: true } });
}
