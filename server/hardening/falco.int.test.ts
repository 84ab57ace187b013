import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { actorWith, suffix, systemCtx } from '@/tests/setup/actors';
import { ingestWebhook } from '../alerts/alerts.service';
import { rawAlert, rawPayload } from '../alerts/alerts.fixtures';
import { getSecurityOverview } from './hardening.service';

// Falco events as Falcosidekick's Alertmanager output labels them (source,
// rule, priority, severity, the output fields, a `cluster` extra label), sent on
// by Alertmanager to Runwell's webhook: the security page counts them per
// cluster and rule, 24 hours and 7 days.

const tag = suffix();
const cluster = `falco-${tag}`;
const NOW = Date.parse('2026-12-05T12:00:00Z');
const HOUR = 3_600_000;

const falcoEvent = (rule: string, priority: string, at: number, pod: string) =>
  rawAlert({
    fingerprint: randomBytes(8).toString('hex'),
    startsAt: new Date(at).toISOString(),
    labels: { source: 'falco', rule, priority, severity: priority === 'Critical' ? 'critical' : 'warning', eventsource: 'syscall', hostname: 'ip-10-0-1-12', k8s_ns_name: 'payments', k8s_pod_name: pod, cluster },
    annotations: { summary: rule, description: `${rule} (user=root pod=${pod})`, info: `${rule} (user=root pod=${pod})` },
  });

describe('Falco alert rate on the security page', () => {
  it('counts the events per cluster and rule, most frequent first, and leaves other alerts out', async () => {
    const events = [
      ...[1, 2, 3, 5, 8, 13].map((h, i) => falcoEvent('Terminal shell in container', 'Notice', NOW - h * HOUR, `shell-${i}`)),
      falcoEvent('Drop and execute new binary in container', 'Critical', NOW - 2 * HOUR, 'payment-service-1'),
      falcoEvent('Drop and execute new binary in container', 'Critical', NOW - 3 * 24 * HOUR, 'payment-service-2'),
      rawAlert({ fingerprint: randomBytes(8).toString('hex'), startsAt: new Date(NOW - HOUR).toISOString(), labels: { alertname: 'HighErrorRate', cluster, severity: 'critical' } }),
    ];
    await ingestWebhook(systemCtx, rawPayload(events, { groupKey: `{}:{source="falco",cluster="${cluster}"}` }), NOW);
    const f = (await getSecurityOverview(await actorWith('viewer'), NOW)).falco;
    expect(f.byCluster.find((c) => c.cluster === cluster)).toEqual({ cluster, events24h: 7, perHour: 0.29, events7d: 8 });
    const mine = f.rules.filter((r) => r.cluster === cluster);
    expect(mine.map((r) => [r.rule, r.priority, r.events24h, r.events7d])).toEqual([
      ['Terminal shell in container', 'Notice', 6, 6],
      ['Drop and execute new binary in container', 'Critical', 1, 2],
    ]);
    expect(mine[0]).toMatchObject({ perHour: 0.25, lastAgoHours: 1 });
  });
});
