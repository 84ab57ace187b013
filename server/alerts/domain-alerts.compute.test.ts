import { describe, expect, it } from 'vitest';
import { parseWebhookPayload } from './alerts.schema';
import { domainFingerprint, planDomainDelivery, type DomainAlert, type OpenDomainAlert } from './domain-alerts.compute';

const NOW = Date.parse('2026-12-05T21:00:30Z');
const MIN = 60_000;

const cert = (key: string, extra: Partial<DomainAlert> = {}): DomainAlert => ({
  key,
  alertname: 'CertificateExpiring',
  severity: 'critical',
  summary: `Certificate ${key} expires in 6 days`,
  customerVisible: true,
  labels: { namespace: 'storefront', cluster: 'shop' },
  ...extra,
});

/** What the store would hold after a delivery: its firing alerts. */
function storeAfter(open: OpenDomainAlert[], domain: string, current: DomainAlert[], now: number): OpenDomainAlert[] {
  const { payload } = planDomainDelivery(domain, current, open, now);
  const byFp = new Map(open.map((o) => [o.fingerprint, o]));
  for (const a of payload.alerts) {
    if (a.status === 'resolved') byFp.delete(a.fingerprint);
    else byFp.set(a.fingerprint, { fingerprint: a.fingerprint, startsAt: Date.parse(a.startsAt), labels: a.labels, annotations: a.annotations });
  }
  return [...byFp.values()];
}

describe('domain alerts', () => {
  it('fingerprints are stable, per domain and key', () => {
    expect(domainFingerprint('certificates', 'a')).toBe(domainFingerprint('certificates', 'a'));
    expect(domainFingerprint('certificates', 'a')).not.toBe(domainFingerprint('dr', 'a'));
    expect(domainFingerprint('certificates', 'a')).not.toBe(domainFingerprint('certificates', 'b'));
    expect(domainFingerprint('certificates', 'a')).toMatch(/^rw[0-9a-f]{16}$/);
  });

  it('a new condition fires once, with the source and domain labels, as a valid Alertmanager payload', () => {
    const d = planDomainDelivery('certificates', [cert('shop/storefront/web-tls/7d')], [], NOW);
    expect(d).toMatchObject({ fresh: 1, ongoing: 0, resolved: 0 });
    const parsed = parseWebhookPayload(d.payload);
    expect(parsed.ok).toBe(true);
    expect(d.payload.alerts[0]).toMatchObject({
      status: 'firing',
      startsAt: '2026-12-05T21:00:00.000Z', // floored to the minute: a retried run sends the same instance
      labels: { alertname: 'CertificateExpiring', source: 'runwell', domain: 'certificates', severity: 'critical', customer_visible: 'true', namespace: 'storefront' },
    });
  });

  it('a certificate expiring in 6 days alerts once, not every minute: later runs send nothing', () => {
    let open: OpenDomainAlert[] = [];
    const sent: number[] = [];
    for (let minute = 0; minute < 60; minute++) {
      const d = planDomainDelivery('certificates', [cert('k')], open, NOW + minute * MIN);
      sent.push(d.payload.alerts.length);
      open = storeAfter(open, 'certificates', [cert('k')], NOW + minute * MIN);
    }
    expect(sent[0]).toBe(1);
    expect(sent.slice(1).every((n) => n === 0)).toBe(true);
    expect(open).toHaveLength(1);
  });

  it('a changed text refreshes the same instance (same startsAt), a cleared condition resolves', () => {
    const open = storeAfter([], 'certificates', [cert('k')], NOW);
    const later = planDomainDelivery('certificates', [cert('k', { summary: 'expires in 5 days' })], open, NOW + 86_400_000);
    expect(later).toMatchObject({ fresh: 0, ongoing: 1, resolved: 0 });
    expect(later.payload.alerts[0]!.startsAt).toBe(new Date(open[0]!.startsAt).toISOString());
    const cleared = planDomainDelivery('certificates', [], open, NOW + 2 * 86_400_000);
    expect(cleared).toMatchObject({ fresh: 0, resolved: 1 });
    expect(cleared.payload.status).toBe('resolved');
    expect(cleared.payload.alerts[0]).toMatchObject({ status: 'resolved', fingerprint: open[0]!.fingerprint, endsAt: new Date(NOW + 2 * 86_400_000).toISOString() });
  });

  it.each([
    ['crossing 14 -> 7 days resolves the 14-day alert and fires the 7-day one', ['c/14d'], ['c/7d'], { fresh: 1, resolved: 1 }],
    ['the same key twice counts once', [], ['c/7d', 'c/7d'], { fresh: 1, resolved: 0 }],
    ['other domains are not touched (open lists only this domain)', ['c/7d'], ['c/7d'], { fresh: 0, resolved: 0 }],
  ] as const)('%s', (_name, before, after, expected) => {
    const open = storeAfter([], 'certificates', before.map((k) => cert(k)), NOW);
    const d = planDomainDelivery('certificates', after.map((k) => cert(k)), open, NOW + 5 * MIN);
    expect(d).toMatchObject(expected);
  });

  it('a duplicate open instance (two racing runs) is resolved, the earliest kept', () => {
    const fp = domainFingerprint('dr', 'x');
    const open: OpenDomainAlert[] = [
      { fingerprint: fp, startsAt: NOW - 2 * MIN, labels: {}, annotations: { summary: 's' } },
      { fingerprint: fp, startsAt: NOW - MIN, labels: {}, annotations: { summary: 's' } },
    ];
    const d = planDomainDelivery('dr', [{ key: 'x', alertname: 'BackupStale', severity: 'warning', summary: 's', customerVisible: false }], open, NOW);
    expect(d.payload.alerts).toEqual([expect.objectContaining({ status: 'resolved', startsAt: new Date(NOW - MIN).toISOString() })]);
  });

  it('refuses a domain name that would not be a clean label value', () => {
    expect(() => planDomainDelivery('Certs!', [], [], NOW)).toThrow(/lower-case/);
  });
});
