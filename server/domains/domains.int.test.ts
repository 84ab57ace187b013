import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { suffix, systemCtx } from '@/tests/setup/actors';
import { getPrisma } from '@/server/db';
import { startSimulator, type Simulator } from '@/simulator';
import { startClusterCollector, type RunningCollector } from '../inventory/collector.service';
import { allCertificates, certificatesPage } from '../certificates/certificates.service';
import { drPage, drState, recordDrill } from '../dr/dr.service';
import { domainStrip } from './strip.service';
import { evaluateDomains } from './evaluate.service';

// The collectors read cert-manager (Certificate, CertificateRequest,
// ClusterIssuer) and Velero (Schedule, Backup, Restore) objects from the shop
// simulator, and the certificate and DR signals come out of Postgres as the
// simulator planted them; the evaluate job turns them into alerts once.

let sim: Simulator;
let collector: RunningCollector;
let clusterId = '';
const tag = suffix();

async function until(check: () => Promise<boolean>, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('timed out');
}

beforeAll(async () => {
  sim = await startSimulator({ scenario: 'shop', seed: `domains-${tag}` });
  const cluster = await getPrisma().cluster.create({ data: { name: `shop-${tag}`, connectionKind: 'simulator', apiUrl: sim.url } });
  clusterId = cluster.id;
  collector = startClusterCollector(clusterId, { kind: 'simulator', apiUrl: sim.url }, { flushMs: 30, watchTimeoutSeconds: 5, backoff: { baseMs: 20, maxMs: 300 }, statusEveryMs: 100 });
  const kinds = ['Certificate', 'CertificateRequest', 'ClusterIssuer', 'Ingress', 'Schedule', 'Backup', 'Restore', 'Namespace', 'Deployment'];
  await until(async () => {
    const synced = await getPrisma().clusterSyncStatus.findMany({ where: { clusterId, kind: { in: kinds } } });
    return synced.filter((s) => s.state === 'synced').length === kinds.length;
  }, 60_000);
}, 90_000);

afterAll(async () => {
  await collector?.stop();
  await sim?.close();
});

describe('certificates from the simulator', () => {
  it('has every Certificate and the manual TLS secret, the one expiring in 6 days first', async () => {
    const rows = await allCertificates(Date.now(), clusterId);
    const simCerts = sim.store.all(sim.store.registry.byApiVersionKind('cert-manager.io/v1', 'Certificate')!).length;
    expect(rows.filter((r) => r.managed)).toHaveLength(simCerts);
    expect(rows[0]).toMatchObject({ namespace: 'storefront', name: 'web-frontend-tls', daysLeft: 6, band: '7d', renewalFailing: true, workload: { kind: 'Deployment', name: 'web-frontend' }, issuer: 'ClusterIssuer/letsencrypt-prod' });
    expect(rows[0]!.problem).toMatch(/ACME challenge failed|order is in "invalid" state/);
    expect(rows.find((r) => r.name === 'auth-service-tls')).toMatchObject({ band: '14d', daysLeft: 12 });
    expect(rows.find((r) => r.name === 'catalog-api-tls')).toMatchObject({ band: '30d', daysLeft: 25 });
    expect(rows.find((r) => r.name === 'search-api-tls-manual')).toMatchObject({ managed: false, band: 'unknown', ingress: 'search-api' });
  });

  it('the page lists them worst first with the issuers, filtered by band', async () => {
    const page = await certificatesPage(systemCtx, { clusterId, band: 'attention' });
    expect(page.soonest?.name).toBe('web-frontend-tls');
    expect(page.counts).toMatchObject({ '7d': 1, '14d': 1, '30d': 1, renewalFailing: 1, unmanaged: 1 });
    expect(page.rows.every((r) => r.band !== 'ok' || r.renewalFailing)).toBe(true);
    expect(page.issuers.map((i) => i.name)).toContain('letsencrypt-prod');
  });
});

describe('backups from the simulator', () => {
  it('judges each namespace against its schedule', async () => {
    const { namespaces } = await drState(Date.now(), clusterId);
    const by = new Map(namespaces.map((n) => [n.namespace, n]));
    expect(by.get('search')).toMatchObject({ state: 'stale', cron: '0 2 * * *' });
    expect(Math.round(by.get('search')!.ageMs! / 3_600_000)).toBe(26);
    expect(by.get('identity')).toMatchObject({ state: 'failed', lastAttempt: { phase: 'Failed' } });
    expect(by.get('catalog')!.state).toBe('failed'); // PartiallyFailed 9 days ago, and stale
    expect(by.get('storefront')!.state).toBe('no-schedule');
    expect(by.get('payments')!.state).toBe('ok');
    expect(by.has('kube-system')).toBe(false);
  });

  it('records a drill, measured against the service targets', async () => {
    const p = getPrisma();
    const team = await p.team.create({ data: { slug: `dr-${tag}`, name: `DR ${tag}` } });
    const service = await p.service.create({ data: { slug: `dr-svc-${tag}`, name: 'DR svc', tier: 'tier1', teamId: team.id, rtoMinutes: 30, rpoMinutes: 60 } });
    const startedAt = new Date(Date.now() - 3 * 3_600_000);
    const drill = await recordDrill(systemCtx, { serviceId: service.id, restoreName: 'payments-drill', clusterId, startedAt, finishedAt: new Date(startedAt.getTime() + 38 * 60_000), success: true, dataLossMinutes: 20 });
    expect(drill).toMatchObject({ restoreMinutes: 38, meetsRto: false, meetsRpo: true });
    const page = await drPage(systemCtx, { serviceId: service.id });
    expect(page.services[0]).toMatchObject({ drillState: 'ok', lastDrill: { id: drill.id } });
    expect(page.restores.some((r) => r.name.startsWith('payments-drill-') && r.phase === 'Completed')).toBe(true);
  });
});

describe('the evaluate job and the strip', () => {
  it('raises the certificate and backup alerts once and stores the day', async () => {
    const now = Date.now();
    const first = await evaluateDomains(now, ['certificates', 'dr']);
    expect(first.failed).toEqual([]);
    const alerts = await getPrisma().alert.findMany({ where: { labels: { path: ['cluster'], equals: `shop-${tag}` }, status: 'firing' } });
    const names = alerts.map((a) => `${a.alertname}:${(a.labels as Record<string, string>).namespace}`).sort();
    expect(names).toEqual(expect.arrayContaining(['CertificateExpiring:storefront', 'CertificateRenewalFailed:storefront', 'CertificateExpiring:identity', 'CertificateExpiring:catalog', 'BackupStale:search', 'BackupFailed:identity']));
    const again = await evaluateDomains(now + 60_000, ['certificates', 'dr']);
    expect(again.results.every((r) => r.fresh === 0)).toBe(true);
    expect(await getPrisma().domainSnapshot.count({ where: { domain: { in: ['certificates', 'dr'] }, scopeKey: `cluster:${clusterId}` } })).toBe(2);
  }, 60_000);

  it('the strip has a tile per domain, the certificates tile critical', async () => {
    const tiles = await domainStrip(systemCtx, { kind: 'org' });
    expect(tiles.map((t) => t.domain)).toEqual(['certificates', 'dr', 'security', 'network', 'storage', 'performance', 'toil']);
    expect(tiles[0]!.status).toBe('critical');
    // Security and toil come from their domains' services (a provider that threw would say "Could not compute").
    const [security, toil] = [tiles[2]!, tiles[6]!];
    expect([security.signal, toil.signal]).toEqual(['lowest kube-bench score', 'share of engineering time']);
    expect(`${security.detail} ${toil.detail}`).not.toMatch(/Could not compute|Not measured yet/);
  });
});
