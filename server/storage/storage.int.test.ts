import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPrometheus, type RunningPrometheus } from '@/tests/setup/prometheus';
import { counterSamples, gaugeOpenMetrics, gaugeSamples } from '@/tests/setup/ops-prometheus';
import { suffix, systemCtx } from '@/tests/setup/actors';
import { getPrisma } from '@/server/db';
import { startSimulator, type Simulator } from '@/simulator';
import { startClusterCollector, type RunningCollector } from '../inventory/collector.service';
import { createDataSource } from '../datasources/datasources.service';
import { evaluateDomains } from '../domains/evaluate.service';
import { storagePage } from './storage.service';

// Storage signals end to end: the collectors read the shop simulator's
// PersistentVolumeClaims, PersistentVolumes and StorageClasses into Postgres,
// a REAL Prometheus holds kubelet volume stats and disk busy time for them,
// and the page and the evaluate job judge them.

process.env.RUNWELL_SECRET_KEY ??= randomBytes(32).toString('hex');
const tag = suffix();
const T0 = Math.floor((Date.now() - 2 * 3_600_000) / 60_000) * 60_000;
const GI = 1024 ** 3;
let sim: Simulator;
let collector: RunningCollector;
let prom: RunningPrometheus;
let clusterId = '';
let dataSourceId = '';
const cluster = `shop-${tag}`;

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out');
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'shop', seed: `storage-${tag}` });
  clusterId = (await getPrisma().cluster.create({ data: { name: cluster, connectionKind: 'simulator', apiUrl: sim.url } })).id;
  collector = startClusterCollector(clusterId, { kind: 'simulator', apiUrl: sim.url }, { flushMs: 30, watchTimeoutSeconds: 5, backoff: { baseMs: 20, maxMs: 300 }, statusEveryMs: 100 });
  const stat = (ns: string, pvc: string, used: number, capacity: number) => [
    { name: 'kubelet_volume_stats_used_bytes', labels: { namespace: ns, persistentvolumeclaim: pvc }, samples: gaugeSamples(used, T0) },
    { name: 'kubelet_volume_stats_capacity_bytes', labels: { namespace: ns, persistentvolumeclaim: pvc }, samples: gaugeSamples(capacity, T0) },
  ];
  prom = await startPrometheus({
    openMetrics: gaugeOpenMetrics([
      ...stat('search', 'data-search-indexer-0', 188 * GI, 200 * GI),
      ...stat('payments', 'data-payments-db-0', 41 * GI, 100 * GI),
      { name: 'node_disk_io_time_seconds_total', labels: { node: `busy-${tag}`, device: 'nvme1n1' }, samples: counterSamples(0.97, T0) },
      { name: 'node_disk_io_time_seconds_total', labels: { node: `idle-${tag}`, device: 'nvme1n1' }, samples: counterSamples(0.1, T0) },
    ]),
  });
  dataSourceId = (await createDataSource(systemCtx, { name: `storage-${tag}`, url: prom.url, authKind: 'none', clusterId })).id;
  const kinds = ['PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'StatefulSet'];
  await until(async () => (await getPrisma().clusterSyncStatus.findMany({ where: { clusterId, kind: { in: kinds }, state: 'synced' } })).length === kinds.length, 60_000);
}, 120_000);

afterAll(async () => {
  await collector?.stop();
  await sim?.close();
  await getPrisma().prometheusDataSource.deleteMany({ where: { id: dataSourceId } });
  await prom?.stop();
});

describe('storage operations from the simulator and a real Prometheus', () => {
  it('has every claim of the simulator, the Pending one first, with bind times and StorageClasses', async () => {
    const page = await storagePage(systemCtx, { limit: 500 }, T0);
    const claims = page.claims.filter((c) => c.cluster === cluster);
    const simClaims = sim.store.all(sim.store.registry.byApiVersionKind('v1', 'PersistentVolumeClaim')!);
    expect(claims).toHaveLength(simClaims.length);
    const pending = simClaims.filter((c) => (c as { status?: { phase?: string } }).status?.phase === 'Pending').length;
    expect(pending).toBeGreaterThan(0);
    expect(claims.slice(0, pending).every((c) => c.phase === 'Pending' && c.pendingSeconds !== null)).toBe(true);
    const indexer = claims.find((c) => c.name === 'data-search-indexer-0')!;
    expect(indexer).toMatchObject({ namespace: 'search', storageClass: 'gp3', requestedBytes: 200 * GI, usedBytes: 188 * GI });
    expect(page.classes.filter((c) => c.cluster === cluster).map((c) => c.name)).toEqual(expect.arrayContaining(['gp3', 'io2']));
    const mine = page.rows.filter((r) => r.clusterId === clusterId || r.dataSource === `storage-${tag}`);
    expect(mine.find((r) => r.signal === 'fill' && r.subject === 'search/data-search-indexer-0')).toMatchObject({ status: 'critical', display: '94 %' });
    expect(mine.find((r) => r.signal === 'fill' && r.subject === 'payments/data-payments-db-0')).toMatchObject({ status: 'ok' });
    expect(mine.find((r) => r.subject === `busy-${tag}`)).toMatchObject({ signal: 'iops', status: 'critical' });
    expect(mine.find((r) => r.subject === `idle-${tag}`)).toMatchObject({ signal: 'iops', status: 'ok' });
  });

  it('raises the storage alerts once through the pipeline and stores the day', async () => {
    const first = await evaluateDomains(T0, ['storage']);
    expect(first.failed).toEqual([]);
    const names = async () =>
      (await getPrisma().alert.findMany({ where: { labels: { path: ['datasource'], equals: cluster } } })).map((a) => `${a.alertname}:${(a.labels as Record<string, string>).namespace}`).sort();
    expect(await names()).toEqual(expect.arrayContaining(['VolumeFillingUp:search']));
    const busy = await getPrisma().alert.count({ where: { labels: { path: ['datasource'], equals: `storage-${tag}` }, alertname: 'DiskIoSaturated' } });
    expect(busy).toBe(1);
    const again = await evaluateDomains(T0 + 60_000, ['storage']);
    expect(again.results[0]!.fresh).toBe(0);
    expect(await getPrisma().domainSnapshot.count({ where: { domain: 'storage', scopeKey: `cluster:${clusterId}` } })).toBe(1);
  }, 60_000);
});
