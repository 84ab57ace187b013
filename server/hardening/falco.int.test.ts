import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@/simulator';
import { getPrisma } from '../db';
import { createDataSource } from '../datasources/datasources.service';
import { actorWith, suffix, systemCtx } from '@/tests/setup/actors';
import { ingestWebhook } from '../alerts/alerts.service';
import { rawAlert, rawPayload } from '../alerts/alerts.fixtures';
import { getSecurityOverview } from './hardening.service';

// Falco events as Falcosidekick's Alertmanager output labels them (source,
// rule, priority, severity, the output fields, a `cluster` extra label), sent on
// by Alertmanager to Runwell's webhook: the security page counts them per
// cluster and rule, 24 hours and 7 days.

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const tag = suffix();
let sim: Simulator | null = null;
afterAll(async () => {
  await getPrisma().prometheusDataSource.deleteMany({ where: { name: `falco-prom-${tag}` } });
  await sim?.close();
});
const cluster = `falco-${tag}`;
const NOW = Date.parse('2026-12-05T12:00:00Z');
const HOUR = 3_600_000;

const falcoEvent = (rule: string, priority: string, at: number, pod: string, inCluster = cluster) =>
  rawAlert({
    fingerprint: randomBytes(8).toString('hex'),
    startsAt: new Date(at).toISOString(),
    labels: { source: 'falco', rule, priority, severity: priority === 'Critical' ? 'critical' : 'warning', eventsource: 'syscall', hostname: 'ip-10-0-1-12', k8s_ns_name: 'payments', k8s_pod_name: pod, cluster: inCluster },
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

describe('Falcosidekick\'s Prometheus counter', () => {
  it('counts a cluster from its data source (exact, replacing the webhook count for that cluster)', async () => {
    sim = await startSimulator({ scenario: 'shop' });
    sim.churn.stop();
    const name = `falco-prom-${tag}`;
    const c = await getPrisma().cluster.create({ data: { name, connectionKind: 'simulator', apiUrl: sim.url } });
    const ds = await createDataSource(systemCtx, { name, url: `${sim.url}/prometheus`, authKind: 'none' });
    await getPrisma().prometheusDataSource.update({ where: { id: ds.id }, data: { clusterId: c.id } });
    // A webhook event for the same cluster: Prometheus' exact count replaces it.
    await ingestWebhook(systemCtx, rawPayload([falcoEvent('Terminal shell in container', 'Notice', Date.now() - HOUR, 'x', name)], { groupKey: `{}:{source="falco",cluster="${name}"}` }), Date.now());
    const f = (await getSecurityOverview(await actorWith('viewer'))).falco;
    const mine = f.rules.filter((r) => r.cluster === name);
    // The simulator's counter: 4 shells, 4/3 sensitive reads and 1/3 dropped binaries an hour (a wobble of 6 h periods).
    expect(mine.map((r) => [r.rule, r.source])).toEqual([
      ['Terminal shell in container', 'prometheus'],
      ['Read sensitive file untrusted', 'prometheus'],
      ['Drop and execute new binary in container', 'prometheus'],
    ]);
    expect(mine[0]!.events24h).toBeGreaterThanOrEqual(90);
    expect(mine[0]!.events24h).toBeLessThanOrEqual(102);
    expect(mine[0]!.events7d).toBeGreaterThan(600);
    expect(mine[0]).toMatchObject({ lastAt: null });
  }, 60_000);
});
