import { beforeAll, describe, expect, it } from 'vitest';
import { suffix, systemCtx } from '@/tests/setup/actors';
import { getPrisma } from '../db';
import type { DomainAlert } from './domain-alerts.compute';
import { emitDomainAlerts } from './domain-alerts.service';
import { clearBudgetCache } from './alerts.service';

// Runwell's domain alerts go through the Alertmanager intake: stored with the
// source and domain labels, triaged (customer-visible conditions on a tier-1
// service page as P2, internal ones wait for business hours), paged exactly
// once however often the job runs, and resolved (with their page) once the
// condition clears.

const tag = suffix();
const domain = `test-${tag}`;
const MIN = 60_000;
const T0 = Date.UTC(2026, 11, 5, 21, 0, 30);
let slug = '';

beforeAll(async () => {
  const p = getPrisma();
  const team = await p.team.create({ data: { slug: `dom-${tag}`, name: `Domains ${tag}` } });
  slug = `shop-web-${tag}`;
  await p.service.create({ data: { slug, name: 'Shop web', tier: 'tier1', teamId: team.id } });
  clearBudgetCache();
});

const expiring = (): DomainAlert => ({
  key: `c1/storefront/web-tls/7d`,
  alertname: 'CertificateExpiring',
  severity: 'critical',
  customerVisible: true,
  summary: 'Certificate storefront/web-tls expires in 6 days',
  labels: { service: slug, namespace: 'storefront' },
});
const stale = (): DomainAlert => ({ key: 'c1/search/stale', alertname: 'BackupStale', severity: 'warning', customerVisible: false, summary: 'Backup of search is 26 h old', labels: { service: slug, namespace: 'search' } });

async function alertsOfDomain() {
  const rows = await getPrisma().alert.findMany({ where: { labels: { path: ['domain'], equals: domain } }, include: { pages: true }, orderBy: { alertname: 'asc' } });
  return rows;
}

describe('domain alerts through the alert pipeline', () => {
  it('a certificate expiring in 6 days is stored, triaged P2 and pages once; a stale backup waits for business hours', async () => {
    const first = await emitDomainAlerts(systemCtx, domain, [expiring(), stale()], T0);
    expect(first).toMatchObject({ firing: 2, fresh: 2, resolved: 0, pagesOpened: 1 });
    const rows = await alertsOfDomain();
    expect(rows.map((r) => [r.alertname, r.priority, r.status, r.pages.length])).toEqual([
      ['BackupStale', 'business-hours', 'firing', 0],
      ['CertificateExpiring', 'P2', 'firing', 1],
    ]);
    const cert = rows.find((r) => r.alertname === 'CertificateExpiring')!;
    expect(cert.labels).toMatchObject({ source: 'runwell', domain, service: slug, severity: 'critical' });
    expect(cert.serviceId).not.toBeNull();
    expect((cert.triage as { branch: string }).branch).toBe('customer-visible');
  });

  it('runs every minute for an hour: still one alert and one page each', async () => {
    for (let m = 1; m <= 60; m++) {
      const r = await emitDomainAlerts(systemCtx, domain, [expiring(), stale()], T0 + m * MIN);
      expect(r).toMatchObject({ fresh: 0, pagesOpened: 0, deliveryId: null });
    }
    const rows = await alertsOfDomain();
    expect(rows).toHaveLength(2);
    expect(rows.reduce((n, r) => n + r.pages.length, 0)).toBe(1);
  });

  it('resolves the alert and its page when the certificate is renewed', async () => {
    const r = await emitDomainAlerts(systemCtx, domain, [stale()], T0 + 2 * 60 * MIN);
    expect(r).toMatchObject({ resolved: 1, pagesResolved: 1 });
    const cert = (await alertsOfDomain()).find((a) => a.alertname === 'CertificateExpiring')!;
    expect(cert.status).toBe('resolved');
    expect(cert.pages[0]!.status).toBe('resolved');
  });

  it('the same condition coming back later is a new alert and pages again', async () => {
    const r = await emitDomainAlerts(systemCtx, domain, [expiring(), stale()], T0 + 3 * 60 * MIN);
    expect(r).toMatchObject({ fresh: 1, pagesOpened: 1 });
    expect((await alertsOfDomain()).filter((a) => a.alertname === 'CertificateExpiring')).toHaveLength(2);
  });
});
