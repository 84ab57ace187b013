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

/** The latest snapshot of each scope on or before `day` (the report's "level at the end of the month"; the page's previous level). */
export async function levelsOn(db: Db, day: Date) {
  return db.maturitySnapshot.findMany({
    where: { day: { lte: day } },
    distinct: ['scopeKey'],
    select: { day: true, scopeKey: true, label: true, level: true },
    orderBy: [{ scopeKey: 'asc' }, { day: 'desc' }],
  });
}

// Attestations (MaturityAttestation): maturity owns them.

const ATTESTATION_FIELDS = { id: true, teamId: true, markerId: true, evidenceUrl: true, note: true, attestedByName: true, attestedAt: true, expiresAt: true, revokedAt: true } as const;

/** Unrevoked attestations that expired after `expiredSince` (older expired ones no longer matter to anyone). */
export async function activeAttestations(db: Db, expiredSince: Date) {
  return db.maturityAttestation.findMany({ where: { revokedAt: null, expiresAt: { gt: expiredSince } }, select: ATTESTATION_FIELDS });
}

export async function findAttestation(db: Db, id: string) {
  return db.maturityAttestation.findUnique({ where: { id }, select: { ...ATTESTATION_FIELDS, team: { select: { name: true } } } });
}

export async function insertAttestation(db: Db, row: { teamId: string; markerId: string; evidenceUrl: string; note: string; attestedById: string | null; attestedByName: string; attestedAt: Date; expiresAt: Date }) {
  return db.maturityAttestation.create({ data: row, select: ATTESTATION_FIELDS });
}

/** Revokes the team's unrevoked attestations of a marker (a new one replaces them); returns their ids. */
export async function revokeAttestations(db: Db, where: { id: string } | { teamId: string; markerId: string }, at: Date, byName: string): Promise<string[]> {
  const rows = await db.maturityAttestation.findMany({ where: { ...where, revokedAt: null }, select: { id: true } });
  if (rows.length) await db.maturityAttestation.updateMany({ where: { id: { in: rows.map((r) => r.id) } }, data: { revokedAt: at, revokedByName: byName } });
  return rows.map((r) => r.id);
}

export async function findTeam(db: Db, id: string) {
  return db.team.findUnique({ where: { id }, select: { id: true, name: true } });
}

/** Teams the user leads (TeamMember.isLead; read only). */
export async function ledTeamIds(db: Db, userId: string): Promise<string[]> {
  return (await db.teamMember.findMany({ where: { userId, isLead: true }, select: { teamId: true } })).map((r) => r.teamId);
}
