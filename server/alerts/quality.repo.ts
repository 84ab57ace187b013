import type { Db } from '../database/tx';

// Reads for the alert-quality page: pages, incidents, alert instances and the
// first schedule of each team, over a period.

export async function teams(db: Db, teamId?: string) {
  return db.team.findMany({ where: teamId ? { id: teamId } : {}, select: { id: true, name: true, slug: true }, orderBy: { name: 'asc' } });
}

export async function pagesBetween(db: Db, teamIds: readonly string[], from: Date, to: Date) {
  return db.page.findMany({ where: { teamId: { in: [...teamIds] }, pagedAt: { gte: from, lt: to } }, select: { teamId: true, pagedAt: true, actionable: true } });
}

export async function incidentsBetween(db: Db, teamIds: readonly string[], from: Date, to: Date) {
  return db.incident.findMany({
    where: { teamId: { in: [...teamIds] }, startedAt: { gte: from, lt: to } },
    select: { id: true, teamId: true, state: true, severity: true, startedAt: true, detectedAt: true, acknowledgedAt: true, identifiedAt: true, mitigatedAt: true, resolvedAt: true, closedAt: true, postMortem: { select: { firstPublishedAt: true } } },
  });
}

export async function alertInstancesBetween(db: Db, teamIds: readonly string[], from: Date, to: Date) {
  return db.alert.findMany({
    where: { teamId: { in: [...teamIds] }, startsAt: { lt: to }, OR: [{ endsAt: null }, { endsAt: { gte: from } }] },
    select: { teamId: true, fingerprint: true, startsAt: true, endsAt: true },
  });
}

export async function firstSchedules(db: Db, teamIds: readonly string[]) {
  return db.oncallSchedule.findMany({ where: { teamId: { in: [...teamIds] } }, include: { overrides: true }, orderBy: { createdAt: 'asc' } });
}
