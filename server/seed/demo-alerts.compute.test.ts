import { describe, expect, it } from 'vitest';
import { DEFAULT_FLAP_THRESHOLD } from '../alerts/alerts.compute';
import { parseWebhookPayload } from '../alerts/alerts.schema';
import { burnAlert, DEMO_RHYTHMS, demoAlertsAt, demoPayloads, fingerprintOf, rhythmAlert, type Rhythm } from './demo-alerts.compute';
import { DEMO_SLOS } from './demo-slos.data';

const MIN = 60_000;
const START = Date.parse('2026-12-05T10:00:00Z');
const rhythm: Rhythm = { alertname: 'X', labels: { service: 's' }, annotations: {}, offsetMin: 1, durationMin: 2, periodMin: 5 };

describe('rhythmAlert', () => {
  it.each([
    { name: 'nothing before its first episode', at: 0.5, status: null, startsAt: null },
    { name: 'firing during the first episode', at: 1.5, status: 'firing', startsAt: 1 },
    { name: 'resolved right after it (Alertmanager sends the resolution)', at: 3.5, status: 'resolved', startsAt: 1 },
    { name: 'the second episode starts one period later', at: 6.5, status: 'firing', startsAt: 6 },
  ])('$name', ({ at, status, startsAt }) => {
    const a = rhythmAlert(rhythm, START, START + at * MIN, 2 * MIN);
    expect(a?.status ?? null).toBe(status);
    expect(a ? Date.parse(a.startsAt) : null).toBe(startsAt === null ? null : START + startsAt * MIN);
  });

  it('forgets a resolved episode after the resolution window', () => {
    expect(rhythmAlert({ ...rhythm, periodMin: 60 }, START, START + 10 * MIN, 2 * MIN)).toBeNull();
  });

  it('a firing alert has Go\'s zero endsAt; a resolved one its end', () => {
    expect(rhythmAlert(rhythm, START, START + 2 * MIN)!.endsAt).toBe('0001-01-01T00:00:00Z');
    expect(rhythmAlert(rhythm, START, START + 4 * MIN)!.endsAt).toBe(new Date(START + 3 * MIN).toISOString());
  });
});

describe('burnAlert', () => {
  const checkout = DEMO_SLOS.find((s) => s.service === 'checkout-web')!;
  const ledger = DEMO_SLOS.find((s) => s.service === 'payments-ledger')!;
  it('an error episode fires the Sloth page alert of the availability SLO', () => {
    const a = burnAlert(checkout, { kind: 'errors', from: START, to: START + 30 * MIN }, START + 5 * MIN)!;
    expect(a.labels).toMatchObject({ alertname: 'CheckoutWebHighErrorBudgetBurn', sloth_service: 'checkout-web', sloth_slo: 'requests-availability', sloth_severity: 'page' });
    expect(a.status).toBe('firing');
  });
  it('a latency episode fires the ticket alert, only for services with a latency SLO', () => {
    expect(burnAlert(checkout, { kind: 'latency', from: START, to: START + 30 * MIN }, START + 5 * MIN)!.labels).toMatchObject({ sloth_slo: 'requests-latency', sloth_severity: 'ticket' });
    expect(burnAlert(ledger, { kind: 'latency', from: START, to: START + 30 * MIN }, START + 5 * MIN)).toBeNull();
  });
});

describe('demoAlertsAt and demoPayloads', () => {
  it('sends the burning SLO and the rhythms, grouped by alertname into valid v4 payloads', () => {
    const windows = (job: string) => (job === 'checkout-web' ? [{ kind: 'errors' as const, from: START, to: START + 60 * MIN }] : []);
    const alerts = demoAlertsAt(START + 10 * MIN, START, windows);
    const names = alerts.map((a) => a.labels.alertname).sort();
    expect(names).toContain('CheckoutWebHighErrorBudgetBurn');
    expect(names).toContain('PaymentsApiPodsCrashLooping');
    const payloads = demoPayloads(alerts);
    expect(payloads).toHaveLength(new Set(names).size);
    for (const p of payloads) {
      const parsed = parseWebhookPayload(JSON.parse(JSON.stringify(p)));
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    }
  });

  it('the same alert keeps its fingerprint and start across sends (the receiver deduplicates)', () => {
    const one = demoAlertsAt(START + 5 * MIN, START, () => []);
    const two = demoAlertsAt(START + 6 * MIN, START, () => []);
    const key = (a: (typeof one)[number]) => `${a.fingerprint}@${a.startsAt}`;
    const crash = (l: typeof one) => l.find((a) => a.labels.alertname === 'PaymentsApiPodsCrashLooping')!;
    expect(key(crash(one))).toBe(key(crash(two)));
    expect(fingerprintOf({ a: '1', b: '2' })).toBe(fingerprintOf({ b: '2', a: '1' }));
  });

  it('the flapping rhythm changes state often enough to count as flapping within an hour', () => {
    const flappy = DEMO_RHYTHMS.find((r) => r.alertname === 'CartServiceReadinessProbeFailing')!;
    // Each episode is two state changes (firing, resolved).
    expect((2 * 60) / flappy.periodMin).toBeGreaterThan(DEFAULT_FLAP_THRESHOLD);
  });
});
