import { createHash, randomBytes } from 'node:crypto';
import { withDb } from './db';

// What Alertmanager would send: an API token with the alerts scope, and a
// webhook payload with one firing alert (Alertmanager's version 4 format).

/** Stores a new alerts-scope API token owned by `ownerEmail`; returns its secret. */
export async function createAlertsToken(ownerEmail: string, name: string): Promise<string> {
  const secret = `rw_${randomBytes(32).toString('base64url')}`;
  await withDb(async (client) => {
    const { rows } = await client.query<{ id: string }>('SELECT id FROM "User" WHERE email = $1', [ownerEmail]);
    await client.query(
      `INSERT INTO "ApiToken" (id, name, "tokenHash", prefix, scopes, "createdById") VALUES ($1, $2, $3, $4, ARRAY['alerts'], $5)`,
      [`e2e${randomBytes(8).toString('hex')}`, name, createHash('sha256').update(secret).digest('hex'), secret.slice(0, 9), rows[0]!.id],
    );
  });
  return secret;
}

type FiringAlert = { alertname: string; labels: Record<string, string>; annotations: Record<string, string>; startsAt: string; fingerprint: string };

/** A webhook body with one firing alert; `labels` are added to alertname. */
export function firingAlertPayload({ alertname, labels, annotations, startsAt, fingerprint }: FiringAlert) {
  return {
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'runwell',
    groupLabels: { alertname },
    commonLabels: { alertname },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname, ...labels },
        annotations,
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint,
      },
    ],
  };
}

type GroupAlert = { labels: Record<string, string>; fingerprint: string };

/**
 * One Alertmanager group as it is sent while its alerts fire, and again when they
 * resolve (endsAt set): the same groupKey, fingerprints and startsAt each time,
 * which is what the receiver deduplicates on.
 */
export function alertGroupPayload(alertname: string, alerts: readonly GroupAlert[], startsAt: string, resolvedAt: string | null = null) {
  const status = resolvedAt ? 'resolved' : 'firing';
  return {
    version: '4',
    groupKey: `{}:{alertname="${alertname}"}`,
    truncatedAlerts: 0,
    status,
    receiver: 'runwell',
    groupLabels: { alertname },
    commonLabels: { alertname },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: alerts.map((a) => ({
      status,
      labels: { alertname, ...a.labels },
      annotations: { summary: `${alertname} on ${a.labels['instance'] ?? a.fingerprint}` },
      startsAt,
      endsAt: resolvedAt ?? '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus:9090/graph',
      fingerprint: a.fingerprint,
    })),
  };
}
