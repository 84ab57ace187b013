import { epochMs as ms } from '../lib/duration';
import type { Db } from '../database/tx';
import type { Prisma } from '../generated/prisma/client';
import type { IncidentRoles, IncidentSeverity, IncidentState, IncidentTimes, TimelineKind } from './incidents.schema';

const incidentSelect = {
  id: true,
  number: true,
  title: true,
  summary: true,
  severity: true,
  state: true,
  roles: true,
  teamId: true,
  startedAt: true,
  detectedAt: true,
  acknowledgedAt: true,
  identifiedAt: true,
  mitigatedAt: true,
  resolvedAt: true,
  closedAt: true,
  mergedIntoId: true,
  sloRefs: true,
  createdAt: true,
  updatedAt: true,
  team: { select: { id: true, slug: true, name: true } },
  services: { select: { service: { select: { id: true, slug: true, name: true, tier: true } } } },
  _count: { select: { alerts: true } },
} as const;

export type IncidentRow = Prisma.IncidentGetPayload<{ select: typeof incidentSelect }>;

export function timesOf(row: Pick<IncidentRow, 'startedAt' | 'detectedAt' | 'acknowledgedAt' | 'identifiedAt' | 'mitigatedAt' | 'resolvedAt' | 'closedAt'>): IncidentTimes {
  return {
    startedAt: row.startedAt.getTime(),
    detectedAt: ms(row.detectedAt),
    acknowledgedAt: ms(row.acknowledgedAt),
    identifiedAt: ms(row.identifiedAt),
    mitigatedAt: ms(row.mitigatedAt),
    resolvedAt: ms(row.resolvedAt),
    closedAt: ms(row.closedAt),
  };
}

const date = (ms: number | null) => (ms === null ? null : new Date(ms));

export async function insertIncident(
  db: Db,
  data: { title: string; summary: string; severity: IncidentSeverity; roles: IncidentRoles; teamId: string | null; startedAt: number; detectedAt: number | null; declaredById: string | null; serviceIds: string[] },
): Promise<IncidentRow> {
  return db.incident.create({
    data: {
      title: data.title,
      summary: data.summary,
      severity: data.severity,
      roles: data.roles,
      teamId: data.teamId,
      startedAt: new Date(data.startedAt),
      detectedAt: date(data.detectedAt),
      declaredById: data.declaredById,
      services: { create: data.serviceIds.map((serviceId) => ({ serviceId })) },
    },
    select: incidentSelect,
  });
}

export async function findIncident(db: Db, id: string): Promise<IncidentRow | null> {
  return db.incident.findUnique({ where: { id }, select: incidentSelect });
}

export async function lockIncident(db: Db, id: string): Promise<void> {
  await db.$executeRawUnsafe(`SELECT 1 FROM "Incident" WHERE id = $1 FOR UPDATE`, id);
}

export async function updateIncident(
  db: Db,
  id: string,
  data: { state?: IncidentState; times?: IncidentTimes; mergedIntoId?: string | null; roles?: IncidentRoles; severity?: IncidentSeverity },
): Promise<IncidentRow> {
  return db.incident.update({
    where: { id },
    data: {
      ...(data.state ? { state: data.state } : {}),
      ...(data.severity ? { severity: data.severity } : {}),
      ...(data.roles ? { roles: data.roles } : {}),
      ...(data.mergedIntoId !== undefined ? { mergedIntoId: data.mergedIntoId } : {}),
      ...(data.times
        ? {
            startedAt: new Date(data.times.startedAt),
            detectedAt: date(data.times.detectedAt),
            acknowledgedAt: date(data.times.acknowledgedAt),
            identifiedAt: date(data.times.identifiedAt),
            mitigatedAt: date(data.times.mitigatedAt),
            resolvedAt: date(data.times.resolvedAt),
            closedAt: date(data.times.closedAt),
          }
        : {}),
    },
    select: incidentSelect,
  });
}

export type IncidentListWhere = { states?: IncidentState[]; severity?: IncidentSeverity; teamId?: string; serviceId?: string; search?: string };

export async function listIncidents(db: Db, where: IncidentListWhere, take = 200): Promise<IncidentRow[]> {
  return db.incident.findMany({
    where: {
      ...(where.states ? { state: { in: where.states } } : {}),
      ...(where.severity ? { severity: where.severity } : {}),
      ...(where.teamId ? { teamId: where.teamId } : {}),
      ...(where.serviceId ? { services: { some: { serviceId: where.serviceId } } } : {}),
      ...(where.search ? { title: { contains: where.search, mode: 'insensitive' } } : {}),
    },
    orderBy: { startedAt: 'desc' },
    take,
    select: incidentSelect,
  });
}

export async function incidentsStartedBetween(db: Db, from: Date, to: Date) {
  return db.incident.findMany({ where: { startedAt: { gte: from, lt: to } }, select: incidentSelect });
}

export async function addTimeline(
  db: Db,
  entry: { incidentId: string; at: number; kind: TimelineKind; text: string; data?: Prisma.InputJsonValue; authorId: string | null; authorLabel: string; pinned?: boolean },
) {
  return db.incidentTimelineEntry.create({
    data: { incidentId: entry.incidentId, at: new Date(entry.at), kind: entry.kind, text: entry.text, data: entry.data ?? {}, authorId: entry.authorId, authorLabel: entry.authorLabel, pinned: entry.pinned ?? false },
  });
}

export async function timelineOf(db: Db, incidentId: string) {
  return db.incidentTimelineEntry.findMany({ where: { incidentId }, orderBy: [{ at: 'asc' }, { createdAt: 'asc' }] });
}

export async function findTimelineEntry(db: Db, id: string) {
  return db.incidentTimelineEntry.findUnique({ where: { id } });
}

export async function setPinned(db: Db, id: string, pinned: boolean) {
  return db.incidentTimelineEntry.update({ where: { id }, data: { pinned } });
}

export async function alertsForDeclaration(db: Db, ids: readonly string[]) {
  return db.alert.findMany({
    where: { id: { in: [...ids] } },
    select: { id: true, alertname: true, startsAt: true, receivedAt: true, status: true, serviceId: true, teamId: true, incidentId: true },
  });
}

export async function linkAlerts(db: Db, incidentId: string, alertIds: readonly string[]): Promise<void> {
  await db.alert.updateMany({ where: { id: { in: [...alertIds] } }, data: { incidentId } });
}

export async function linkServices(db: Db, incidentId: string, serviceIds: readonly string[]): Promise<void> {
  await db.incidentService.createMany({ data: serviceIds.map((serviceId) => ({ incidentId, serviceId })), skipDuplicates: true });
}

export async function alertsOfIncident(db: Db, incidentId: string) {
  return db.alert.findMany({
    where: { incidentId },
    orderBy: { startsAt: 'asc' },
    select: { id: true, alertname: true, status: true, startsAt: true, endsAt: true, labels: true, annotations: true, priority: true, generatorURL: true, service: { select: { slug: true, name: true } } },
  });
}

export async function runbooksFor(db: Db, urls: readonly string[], alertNames: readonly string[]) {
  if (urls.length === 0 && alertNames.length === 0) return [];
  return db.runbook.findMany({
    where: { OR: [{ url: { in: [...urls] } }, { alertName: { in: [...alertNames] } }] },
    select: { id: true, slug: true, title: true, alertName: true, url: true, markdown: true },
  });
}

export async function usersByIds(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.user.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, email: true } });
}

export async function responders(db: Db) {
  return db.user.findMany({ where: { disabled: false }, orderBy: { name: 'asc' }, select: { id: true, name: true, email: true, role: true } });
}

// ---------------------------------------------------------------------------
// Services, paging and merging (incident-console.service.ts)

export async function servicesWithTeams(db: Db, ids: readonly string[]) {
  if (ids.length === 0) return [];
  return db.service.findMany({ where: { id: { in: [...ids] } }, select: { id: true, name: true, slug: true, teamId: true } });
}

export async function unlinkService(db: Db, incidentId: string, serviceId: string): Promise<number> {
  return (await db.incidentService.deleteMany({ where: { incidentId, serviceId } })).count;
}

export async function setTeamIfNone(db: Db, incidentId: string, teamId: string): Promise<void> {
  await db.incident.updateMany({ where: { id: incidentId, teamId: null }, data: { teamId } });
}

/** Teams that already have a page open for the incident: a team is paged once per incident. */
export async function pagedTeams(db: Db, incidentId: string): Promise<Set<string>> {
  const rows = await db.page.findMany({ where: { incidentId, teamId: { not: null } }, select: { teamId: true } });
  return new Set(rows.map((r) => r.teamId!));
}

export async function defaultPolicies(db: Db, teamIds: readonly string[]): Promise<Map<string, string>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db.escalationPolicy.findMany({ where: { teamId: { in: [...teamIds] } }, orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }], select: { id: true, teamId: true } });
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.teamId)) out.set(r.teamId, r.id);
  return out;
}

/** Merging: the duplicate's timeline, alerts and services continue in the target (its pages: paging's movePagesToIncident). */
export async function moveIntoTarget(db: Db, fromId: string, toId: string): Promise<{ timeline: number; alerts: number; services: number }> {
  const timeline = await db.incidentTimelineEntry.updateMany({ where: { incidentId: fromId }, data: { incidentId: toId } });
  const alerts = await db.alert.updateMany({ where: { incidentId: fromId }, data: { incidentId: toId } });
  const services = await db.incidentService.findMany({ where: { incidentId: fromId }, select: { serviceId: true } });
  const added = await db.incidentService.createMany({ data: services.map((s) => ({ incidentId: toId, serviceId: s.serviceId })), skipDuplicates: true });
  return { timeline: timeline.count, alerts: alerts.count, services: added.count };
}

export async function addAlertTimelineEntries(db: Db, entries: readonly { incidentId: string; at: number; text: string; alertId: string }[]): Promise<void> {
  if (entries.length === 0) return;
  await db.incidentTimelineEntry.createMany({
    data: entries.map((e) => ({ incidentId: e.incidentId, at: new Date(e.at), kind: 'alert', text: e.text, data: { alertId: e.alertId }, authorLabel: 'Alertmanager' })),
  });
}

/** The newest incidents that touched a service (merged and declined ones left out): the service page's chains. */
export async function recentIncidentIdsOfService(db: Db, serviceId: string, limit: number): Promise<string[]> {
  const rows = await db.incident.findMany({
    where: { services: { some: { serviceId } }, state: { notIn: ['merged', 'declined'] } },
    orderBy: { startedAt: 'desc' },
    select: { id: true },
    take: limit,
  });
  return rows.map((r) => r.id);
}
