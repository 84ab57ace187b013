import { randomUUID } from 'node:crypto';
import type { Db } from '../database/tx';
import type { BusinessHours } from '../oncall/oncall.schema';
import type { AlertStatus, ServiceRule } from './alerts.schema';
import type { AlertEvent, StoredAlert } from './alerts.compute';
import type { IntakeService } from './intake.compute';

// Alert intake writes in bulk with plain SQL: a delivery can carry hundreds of
// alerts and the receiver must keep up with Alertmanager bursts (bench/alerts).
// Identity is the unique (fingerprint, startsAt); INSERT ... ON CONFLICT DO
// NOTHING makes concurrent deliveries of the same alert insert it once: the
// loser waits for the winner's commit and then finds the row.

export function newId(): string {
  return `c${randomUUID().replaceAll('-', '')}`;
}

export async function loadServices(db: Db): Promise<IntakeService[]> {
  return db.service.findMany({ select: { id: true, slug: true, tier: true, teamId: true } });
}

export async function loadTeamSlugs(db: Db): Promise<Map<string, string>> {
  const rows = await db.team.findMany({ select: { id: true, slug: true } });
  return new Map(rows.map((r) => [r.slug, r.id]));
}

export async function loadMappingRules(db: Db): Promise<ServiceRule[] | null> {
  const rows = await db.alertMappingRule.findMany({ orderBy: { position: 'asc' } });
  if (rows.length === 0) return null;
  return rows.map((r) => ({ label: r.label, ...(r.values ? { values: r.values as Record<string, string> } : {}) }));
}

export async function replaceMappingRules(db: Db, rules: readonly ServiceRule[]): Promise<void> {
  await db.alertMappingRule.deleteMany({});
  if (rules.length) {
    await db.alertMappingRule.createMany({ data: rules.map((r, i) => ({ position: i, label: r.label, values: r.values ?? undefined })) });
  }
}

export async function loadBusinessHours(db: Db): Promise<Map<string, BusinessHours>> {
  const rows = await db.teamBusinessHours.findMany();
  return new Map(rows.map((r) => [r.teamId, { days: r.days, start: r.start, end: r.end, timeZone: r.timeZone }]));
}

type KeyRef = { fingerprint: string; startsAt: number };

function keysJson(keys: readonly KeyRef[]): string {
  return JSON.stringify(keys.map((k) => ({ f: k.fingerprint, s: new Date(k.startsAt).toISOString() })));
}

/** Earlier instances of these fingerprints that were firing at or after `since` (flap history). */
export async function recentInstances(db: Db, fingerprints: readonly string[], since: number) {
  if (fingerprints.length === 0) return [];
  const rows = await db.$queryRawUnsafe<{ fingerprint: string; startsAt: Date; endsAt: Date | null }[]>(
    `SELECT fingerprint, "startsAt", "endsAt" FROM "Alert"
      WHERE fingerprint = ANY($1::text[]) AND ("endsAt" IS NULL OR "endsAt" >= $2::timestamptz)`,
    fingerprints,
    new Date(since).toISOString(),
  );
  return rows.map((r) => ({ fingerprint: r.fingerprint, startsAt: r.startsAt.getTime(), endsAt: r.endsAt?.getTime() ?? null }));
}

export type StoredRow = StoredAlert & { id: string; fingerprint: string; startsAt: number; incidentId: string | null };

/** Stored instances for these keys, without locking (to decide which are new). */
export async function findExisting(db: Db, keys: readonly KeyRef[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await db.$queryRawUnsafe<{ fingerprint: string; startsAt: Date }[]>(
    `SELECT a.fingerprint, a."startsAt" FROM "Alert" a
       JOIN jsonb_to_recordset($1::jsonb) AS k(f text, s timestamptz) ON a.fingerprint = k.f AND a."startsAt" = k.s`,
    keysJson(keys),
  );
  return new Set(rows.map((r) => `${r.fingerprint}@${r.startsAt.toISOString()}`));
}

/** Locks the stored instances (in key order, so concurrent deliveries do not deadlock) and returns them. */
export async function lockExisting(db: Db, keys: readonly KeyRef[]): Promise<Map<string, StoredRow>> {
  if (keys.length === 0) return new Map();
  const rows = await db.$queryRawUnsafe<
    { id: string; fingerprint: string; startsAt: Date; status: AlertStatus; endsAt: Date | null; annotations: Record<string, string>; incidentId: string | null }[]
  >(
    `SELECT a.id, a.fingerprint, a."startsAt", a.status::text AS status, a."endsAt", a.annotations, a."incidentId" FROM "Alert" a
       JOIN jsonb_to_recordset($1::jsonb) AS k(f text, s timestamptz) ON a.fingerprint = k.f AND a."startsAt" = k.s
      ORDER BY a.fingerprint, a."startsAt"
      FOR UPDATE OF a`,
    keysJson(keys),
  );
  return new Map(
    rows.map((r) => {
      const key = `${r.fingerprint}@${r.startsAt.toISOString()}`;
      return [
        key,
        { id: r.id, key, fingerprint: r.fingerprint, startsAt: r.startsAt.getTime(), status: r.status, endsAt: r.endsAt?.getTime() ?? null, annotations: r.annotations, incidentId: r.incidentId },
      ];
    }),
  );
}

/** A new alert instance as stored: the receiver's event (its key is derived from fingerprint and startsAt) plus routing and triage. */
export type NewAlertRow = Omit<AlertEvent, 'key'> & {
  id: string;
  serviceId: string | null;
  teamId: string | null;
  mapping: string[];
  triage: unknown;
  priority: string | null;
  flapping: boolean;
  peakChangesPerHour: number;
  receivedAt: number;
};

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** Inserts the rows no one stored yet; returns the ids actually inserted (a concurrent delivery may have won). */
export async function insertNewAlerts(db: Db, rows: readonly NewAlertRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  const json = JSON.stringify(
    [...rows]
      .sort((a, b) => a.fingerprint.localeCompare(b.fingerprint) || a.startsAt - b.startsAt)
      .map((r) => ({
        ...r,
        startsAt: iso(r.startsAt),
        endsAt: iso(r.endsAt),
        receivedAt: iso(r.receivedAt),
        resolvedAt: r.status === 'resolved' ? iso(r.endsAt) : null,
      })),
  );
  const inserted = await db.$queryRawUnsafe<{ id: string }[]>(
    `INSERT INTO "Alert" (id, fingerprint, "startsAt", alertname, status, "endsAt", labels, annotations, "generatorURL", "groupKey", receiver,
                          "serviceId", "teamId", mapping, triage, priority, "stateChanges", flapping, "peakChangesPerHour",
                          "receivedAt", "lastSeenAt", "resolvedAt", "createdAt", "updatedAt")
     SELECT r.id, r.fingerprint, r."startsAt", r.alertname, r.status::"AlertStatus", r."endsAt", r.labels, r.annotations, r."generatorURL", r."groupKey", r.receiver,
            r."serviceId", r."teamId", r.mapping, r.triage, r.priority, CASE WHEN r.status = 'resolved' THEN 2 ELSE 1 END, r.flapping, r."peakChangesPerHour",
            r."receivedAt", r."receivedAt", r."resolvedAt", now(), now()
       FROM jsonb_to_recordset($1::jsonb) AS r(id text, fingerprint text, "startsAt" timestamptz, alertname text, status text, "endsAt" timestamptz,
            labels jsonb, annotations jsonb, "generatorURL" text, "groupKey" text, receiver text, "serviceId" text, "teamId" text,
            mapping jsonb, triage jsonb, priority text, flapping boolean, "peakChangesPerHour" int, "receivedAt" timestamptz, "resolvedAt" timestamptz)
     ON CONFLICT (fingerprint, "startsAt") DO NOTHING
     RETURNING id`,
    json,
  );
  return new Set(inserted.map((r) => r.id));
}

export type AlertUpdate = { id: string; status: AlertStatus; endsAt: number | null; annotations: Record<string, string>; stateChanged: boolean };

/** Applies state changes and annotation refreshes; every listed row is also marked as seen now. */
export async function applyUpdates(db: Db, updates: readonly AlertUpdate[], seenIds: readonly string[], at: number): Promise<void> {
  if (updates.length) {
    await db.$executeRawUnsafe(
      `UPDATE "Alert" a SET status = u.status::"AlertStatus", "endsAt" = u."endsAt", annotations = u.annotations,
              "stateChanges" = a."stateChanges" + CASE WHEN u."stateChanged" THEN 1 ELSE 0 END,
              "resolvedAt" = CASE WHEN u.status = 'resolved' THEN COALESCE(a."resolvedAt", u."endsAt") ELSE NULL END,
              "lastSeenAt" = $2::timestamptz, "updatedAt" = now()
         FROM jsonb_to_recordset($1::jsonb) AS u(id text, status text, "endsAt" timestamptz, annotations jsonb, "stateChanged" boolean)
        WHERE a.id = u.id`,
      JSON.stringify(updates.map((u) => ({ ...u, endsAt: iso(u.endsAt) }))),
      new Date(at).toISOString(),
    );
  }
  const touched = new Set(updates.map((u) => u.id));
  const rest = seenIds.filter((id) => !touched.has(id));
  if (rest.length) {
    await db.$executeRawUnsafe(`UPDATE "Alert" SET "lastSeenAt" = $2::timestamptz WHERE id = ANY($1::text[])`, rest, new Date(at).toISOString());
  }
}

export async function insertDelivery(
  db: Db,
  row: { receivedAt: number; tokenId: string | null; receiver: string; groupKey: string; status: string; alertCount: number; truncated: number; outcome: unknown; payload: unknown },
): Promise<string> {
  const id = newId();
  await db.$executeRawUnsafe(
    `INSERT INTO "AlertWebhookDelivery" (id, "receivedAt", "tokenId", receiver, "groupKey", status, "alertCount", truncated, outcome, payload)
     VALUES ($1, $2::timestamptz, $3, $4, $5, $6, $7, $8, $9::jsonb, $10::jsonb)`,
    id,
    new Date(row.receivedAt).toISOString(),
    row.tokenId,
    row.receiver,
    row.groupKey,
    row.status,
    row.alertCount,
    row.truncated,
    JSON.stringify(row.outcome),
    JSON.stringify(row.payload),
  );
  return id;
}


export async function defaultPolicies(db: Db, teamIds: readonly string[]): Promise<Map<string, string>> {
  if (teamIds.length === 0) return new Map();
  const rows = await db.escalationPolicy.findMany({
    where: { teamId: { in: [...teamIds] } },
    orderBy: [{ isDefault: 'desc' }, { createdAt: 'asc' }],
    select: { id: true, teamId: true },
  });
  const out = new Map<string, string>();
  for (const r of rows) if (!out.has(r.teamId)) out.set(r.teamId, r.id);
  return out;
}

// ---------------------------------------------------------------------------
// Reads for pages

export type AlertListFilter = { status?: AlertStatus; teamId?: string; serviceId?: string; search?: string; limit: number };

const alertSelect = {
  id: true,
  fingerprint: true,
  alertname: true,
  status: true,
  startsAt: true,
  endsAt: true,
  labels: true,
  annotations: true,
  generatorURL: true,
  priority: true,
  triage: true,
  mapping: true,
  flapping: true,
  peakChangesPerHour: true,
  stateChanges: true,
  receivedAt: true,
  lastSeenAt: true,
  incidentId: true,
  service: { select: { id: true, slug: true, name: true } },
  team: { select: { id: true, slug: true, name: true } },
} as const;

export async function listAlerts(db: Db, f: AlertListFilter) {
  return db.alert.findMany({
    where: {
      ...(f.status ? { status: f.status } : {}),
      ...(f.teamId ? { teamId: f.teamId } : {}),
      ...(f.serviceId ? { serviceId: f.serviceId } : {}),
      ...(f.search ? { alertname: { contains: f.search, mode: 'insensitive' } } : {}),
    },
    orderBy: { startsAt: 'desc' },
    take: f.limit,
    select: alertSelect,
  });
}

/** How many alerts are firing, and the newest of them. */
export async function firingAlerts(db: Db, newest: number) {
  const [total, alerts] = await Promise.all([
    db.alert.count({ where: { status: 'firing' } }),
    db.alert.findMany({ where: { status: 'firing' }, orderBy: { startsAt: 'desc' }, take: newest, select: alertSelect }),
  ]);
  return { total, newest: alerts };
}

export async function findAlert(db: Db, id: string) {
  return db.alert.findUnique({ where: { id }, select: alertSelect });
}

export async function listDeliveries(db: Db, limit: number) {
  return db.alertWebhookDelivery.findMany({
    orderBy: { receivedAt: 'desc' },
    take: limit,
    select: { id: true, receivedAt: true, receiver: true, groupKey: true, status: true, alertCount: true, truncated: true, outcome: true, tokenId: true },
  });
}

/** Runwell's own domain alerts (domain-alerts.compute) of one domain that the store holds as firing. */
export async function openDomainAlerts(db: Db, sourceLabel: string, sourceValue: string, domainLabel: string, domain: string) {
  const rows = await db.$queryRawUnsafe<{ fingerprint: string; startsAt: Date; labels: Record<string, string>; annotations: Record<string, string> }[]>(
    `SELECT fingerprint, "startsAt", labels, annotations FROM "Alert"
      WHERE status = 'firing' AND labels->>$1 = $2 AND labels->>$3 = $4`,
    sourceLabel,
    sourceValue,
    domainLabel,
    domain,
  );
  return rows.map((r) => ({ fingerprint: r.fingerprint, startsAt: r.startsAt.getTime(), labels: r.labels, annotations: r.annotations }));
}
