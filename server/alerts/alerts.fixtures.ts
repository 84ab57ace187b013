// Alertmanager webhook bodies for tests, shaped exactly as Alertmanager 0.25
// sends them (version "4", endsAt = Go's zero time while firing).

export type RawAlert = {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  startsAt: string;
  endsAt?: string;
  generatorURL?: string;
  fingerprint: string;
};

export function rawAlert(over: Partial<RawAlert> = {}): RawAlert {
  return {
    status: 'firing',
    labels: { alertname: 'PaymentServiceHighErrorRate', service: 'payments', severity: 'critical' },
    annotations: { summary: 'Payment service error rate > 5%', runbook_url: 'https://example.com/runbooks/high-error-rate.md' },
    startsAt: '2026-03-01T10:00:00.123456789Z',
    endsAt: '0001-01-01T00:00:00Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=x',
    fingerprint: 'a1b2c3d4e5f60718',
    ...over,
  };
}

export function rawPayload(alerts: RawAlert[], over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    receiver: 'runwell',
    status: alerts.some((a) => a.status === 'firing') ? 'firing' : 'resolved',
    alerts,
    groupLabels: { alertname: 'PaymentServiceHighErrorRate' },
    commonLabels: { alertname: 'PaymentServiceHighErrorRate' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    version: '4',
    groupKey: '{}:{alertname="PaymentServiceHighErrorRate"}',
    truncatedAlerts: 0,
    ...over,
  };
}
