import { describe, expect, it } from 'vitest';
import { certBand, certificateAlerts, certificatesTile, daysLeft, evaluateCertificates, renewalState, type CertObject, type CertInputs, type IngressObject } from './certificates.compute';

const NOW = Date.parse('2026-12-05T21:00:00Z');
const DAY = 86_400_000;
const H = 3_600_000;

const cert = (name: string, days: number | null, extra: Partial<CertObject> = {}): CertObject => ({
  clusterId: 'c1',
  cluster: 'shop',
  namespace: 'storefront',
  name,
  labels: { 'app.kubernetes.io/name': name.replace(/-tls$/, '') },
  annotations: {},
  team: 'storefront',
  secretName: name,
  dnsNames: [`${name}.example.com`],
  issuerKind: 'ClusterIssuer',
  issuerName: 'letsencrypt-prod',
  notAfter: days === null ? null : NOW + days * DAY,
  ready: true,
  readyReason: 'Ready',
  readyMessage: null,
  failedAttempts: 0,
  ownerIngress: null,
  ...extra,
});

const ingress = (name: string, secretName: string, extra: Partial<IngressObject> = {}): IngressObject => ({
  clusterId: 'c1',
  cluster: 'shop',
  namespace: 'storefront',
  name,
  labels: {},
  annotations: {},
  team: 'storefront',
  tls: [{ secretName, hosts: [`${name}.example.com`] }],
  backends: [name],
  ...extra,
});

const inputs = (over: Partial<CertInputs>): CertInputs => ({ certs: [], ingresses: [], requests: [], workloads: new Map(), services: new Map(), now: NOW, ...over });

describe('days to expiry and bands', () => {
  it.each([
    ['31 days left', 31 * DAY, 31, 'ok'],
    ['exactly 30 days', 30 * DAY, 30, '30d'],
    ['15 days', 15 * DAY, 15, '30d'],
    ['14 days', 14 * DAY, 14, '14d'],
    ['8 days', 8 * DAY, 8, '14d'],
    ['7 days', 7 * DAY, 7, '7d'],
    ['6 days minus a minute is still "6 days"', 6 * DAY - 60_000, 6, '7d'],
    ['one hour', H, 1, '7d'],
    ['expired now', 0, 0, 'expired'],
    ['expired 2 days ago', -2 * DAY, -2, 'expired'],
  ] as const)('%s', (_n, left, days, band) => {
    expect(daysLeft(NOW + left, NOW)).toBe(days);
    expect(certBand(NOW + left, NOW)).toBe(band);
  });

  it('unknown expiry is its own band', () => {
    expect(daysLeft(null, NOW)).toBeNull();
    expect(certBand(null, NOW)).toBe('unknown');
  });
});

describe('renewal state', () => {
  it.each([
    ['ready', { ready: true, readyReason: 'Ready', readyMessage: null, failedAttempts: 0 }, null, false],
    ['Ready=False, Failed', { ready: false, readyReason: 'Failed', readyMessage: 'ACME challenge failed', failedAttempts: 0 }, null, true],
    ['failed issuance attempts', { ready: true, readyReason: 'Ready', readyMessage: null, failedAttempts: 3 }, null, true],
    ['expired but not failing', { ready: false, readyReason: 'Expired', readyMessage: 'expired', failedAttempts: 0 }, null, false],
    ['newest CertificateRequest failed', { ready: true, readyReason: 'Ready', readyMessage: null, failedAttempts: 0 }, { clusterId: 'c1', namespace: 'n', certificate: 'x', ready: false, reason: 'Failed', message: 'order invalid', created: NOW }, true],
    ['newest CertificateRequest pending', { ready: true, readyReason: 'Ready', readyMessage: null, failedAttempts: 0 }, { clusterId: 'c1', namespace: 'n', certificate: 'x', ready: false, reason: 'Pending', message: 'waiting', created: NOW }, false],
  ] as const)('%s', (_n, c, request, failing) => {
    expect(renewalState(c, request).failing).toBe(failing);
  });
});

describe('evaluateCertificates', () => {
  it('puts the one expiring in 6 days at the top, worst first, and finds unmanaged TLS secrets', () => {
    const rows = evaluateCertificates(
      inputs({
        certs: [cert('api-tls', 25), cert('web-frontend-tls', 6, { ready: false, readyReason: 'Failed', readyMessage: 'ACME challenge failed', failedAttempts: 2 }), cert('pay-tls', 71), cert('login-tls', 12)],
        ingresses: [ingress('web-frontend', 'web-frontend-tls'), ingress('search-api', 'search-api-tls-manual')],
        workloads: new Map([['c1/storefront/web-frontend', { kind: 'Deployment', name: 'web-frontend' }]]),
        services: new Map([['web-frontend', { slug: 'web-frontend', name: 'Web frontend' }]]),
      }),
    );
    expect(rows.map((r) => [r.name, r.band, r.daysLeft])).toEqual([
      ['web-frontend-tls', '7d', 6],
      ['login-tls', '14d', 12],
      ['api-tls', '30d', 25],
      ['search-api-tls-manual', 'unknown', null],
      ['pay-tls', 'ok', 71],
    ]);
    expect(rows[0]).toMatchObject({ renewalFailing: true, ingress: 'web-frontend', workload: { kind: 'Deployment', name: 'web-frontend' }, service: { slug: 'web-frontend' }, issuer: 'ClusterIssuer/letsencrypt-prod' });
    expect(rows[3]).toMatchObject({ managed: false, issuer: null, ingress: 'search-api' });
  });
});

describe('certificate alerts', () => {
  const alertsFor = (c: CertObject) => certificateAlerts(evaluateCertificates(inputs({ certs: [c] })), { CertificateExpiring: 'https://rb/cert' }, () => '/certificates');

  it.each([
    ['45 days: none', cert('a', 45), []],
    ['30 days: info, not customer-visible', cert('a', 30), [['CertificateExpiring', 'info', false, '30d']]],
    ['14 days: warning', cert('a', 14), [['CertificateExpiring', 'warning', false, '14d']]],
    ['6 days: critical, customer-visible (pages)', cert('a', 6), [['CertificateExpiring', 'critical', true, '7d']]],
    ['expired: critical', cert('a', -1, { ready: false, readyReason: 'Expired' }), [['CertificateExpired', 'critical', true, undefined]]],
    [
      '6 days and renewal failing: the expiry pages, the renewal failure does not (one page)',
      cert('a', 6, { ready: false, readyReason: 'Failed', readyMessage: 'ACME challenge failed' }),
      [
        ['CertificateExpiring', 'critical', true, '7d'],
        ['CertificateRenewalFailed', 'warning', false, undefined],
      ],
    ],
  ] as const)('%s', (_n, c, expected) => {
    expect(alertsFor(c).map((a) => [a.alertname, a.severity, a.customerVisible, a.labels?.threshold])).toEqual(expected);
  });

  it('keys differ per threshold so each threshold alerts once', () => {
    const k14 = alertsFor(cert('a', 14))[0]!.key;
    const k7 = alertsFor(cert('a', 7))[0]!.key;
    expect(k14).not.toBe(k7);
    expect(alertsFor(cert('a', 6))[0]!.key).toBe(k7);
    expect(alertsFor(cert('a', 6))[0]).toMatchObject({ runbookUrl: 'https://rb/cert', labels: { cluster: 'shop', namespace: 'storefront', certificate: 'a', team: 'storefront' } });
  });
});

describe('certificates tile', () => {
  it.each([
    ['no certificates', [], 'no-data', '—'],
    ['all fine', [cert('a', 60)], 'ok', '60 days'],
    ['one within 30', [cert('a', 60), cert('b', 20)], 'warning', '20 days'],
    ['one within 7', [cert('a', 60), cert('b', 6)], 'critical', '6 days'],
    ['expired', [cert('a', -3)], 'critical', 'expired 3 days ago'],
  ] as const)('%s', (_n, certs, status, value) => {
    const tile = certificatesTile(evaluateCertificates(inputs({ certs: [...certs] })), '/certificates');
    expect([tile.status, tile.value]).toEqual([status, value]);
  });
});
