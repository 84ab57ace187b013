import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';

// Maturity snapshots: one row per scope ("org" or a team id) and UTC day.

export type SnapshotInput = { day: Date; scopeKey: string; label: string; level: number; markers: Prisma.InputJsonValue; assessedAt: Date };

/** Writes (or rewrites) the day's row of each scope: an on-demand assessment replaces the day's earlier one. */
export async function upsertSnapshots(db: Db, rows: readonly SnapshotInput[]): Promise<number> {
  for (const r of rows) {
    await db.maturitySnapshot.upsert({
      where: { scopeKey_day: { scopeKey: r.scopeKey, day: r.day } },
      create: r,
      update: { label: r.label, level: r.level, markers: r.markers, assessedAt: r.assessedAt },
    });
  }
  return rows.length;
}

export async function levelsSince(db: Db, since: Date) {
  return db.maturitySnapshot.findMany({ where: { day: { gte: since } }, select: { day: true, scopeKey: true, label: true, level: true }, orderBy: { day: 'asc' } });
}

/** The latest snapshot of each scope on or before `day` (the report's "level at the end of the month"). */
export async function levelsOn(db: Db, day: Date) {
  const rows = await db.maturitySnapshot.findMany({ where: { day: { lte: day } }, select: { day: true, scopeKey: true, label: true, level: true }, orderBy: { day: 'desc' }, take: 2000 });
  const latest = new Map<string, (typeof rows)[number]>();
  for (const r of rows) if (!latest.has(r.scopeKey)) latest.set(r.scopeKey, r);
  return [...latest.values()];
}
