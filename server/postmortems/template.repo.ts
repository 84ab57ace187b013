import type { Db } from '../database/tx';
import type { Sections } from './postmortems.schema';

// The only place PostMortemTemplate is read and written with Prisma.

const select = { scope: true, sections: true, version: true, updatedById: true, updatedAt: true } as const;

export async function allTemplates(db: Db) {
  return db.postMortemTemplate.findMany({ select });
}

export async function findTemplate(db: Db, scope: string) {
  return db.postMortemTemplate.findUnique({ where: { scope }, select });
}

/** Serializes saves of one scope (the row may not exist yet, so a row lock is not enough). */
export async function lockScope(db: Db, scope: string): Promise<void> {
  await db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`postmortem-template:${scope}`}))`;
}

export async function upsertTemplate(db: Db, scope: string, sections: Sections, version: number, updatedById: string | null) {
  return db.postMortemTemplate.upsert({ where: { scope }, create: { scope, sections, version, updatedById }, update: { sections, version, updatedById }, select });
}

export async function deleteTemplate(db: Db, scope: string): Promise<number> {
  return (await db.postMortemTemplate.deleteMany({ where: { scope } })).count;
}
