// The demo's SLOs: Sloth specs for the demo catalog's services, whose queries the
// simulator's Prometheus answers (job = service slug; simulator/README.md). The
// objectives differ on purpose so the SLO page shows several policy bands.

export const DEMO_PROMETHEUS_NAME = 'demo-prometheus';

export type DemoSlo = { service: string; team: string; availability: number; latency?: number };

export const DEMO_SLOS: DemoSlo[] = [
  { service: 'payments-api', team: 'payments', availability: 99.9, latency: 99 },
  { service: 'payments-ledger', team: 'payments', availability: 99.99 },
  { service: 'fraud-scoring', team: 'payments', availability: 99.5 },
  { service: 'checkout-web', team: 'checkout', availability: 99.9, latency: 98 },
  { service: 'cart-service', team: 'checkout', availability: 99.5 },
  { service: 'ingress-gateway', team: 'platform', availability: 99.95 },
  { service: 'search-api', team: 'search', availability: 99, latency: 95 },
];

const pascal = (s: string) => s.replace(/(^|-)([a-z])/g, (_m, _d: string, c: string) => c.toUpperCase());

export function demoAlertName(service: string, kind: 'availability' | 'latency'): string {
  return `${pascal(service)}${kind === 'availability' ? 'HighErrorBudgetBurn' : 'LatencyBudgetBurn'}`;
}

/** Where the SLO alerts' runbook_url points; the demo runbooks carry the same URL. */
export function demoRunbookUrl(slo: DemoSlo, slug: 'high-error-rate' | 'high-latency'): string {
  return `https://runbooks.demo.runwell.local/${slo.team}/${slo.service}/${slug}`;
}

/** One Sloth document per service (names: requests-availability, requests-latency). */
export function demoSlothYaml(slo: DemoSlo): string {
  const job = `job="${slo.service}"`;
  const lines = [
    'version: prometheus/v1',
    `service: ${slo.service}`,
    'labels:',
    `  team: ${slo.team}`,
    'slos:',
    '  - name: requests-availability',
    `    objective: ${slo.availability}`,
    `    description: ${slo.availability}% of ${slo.service} requests succeed (no 5xx)`,
    '    sli:',
    '      events:',
    `        error_query: 'sum(rate(http_requests_total{${job},code=~"5.."}[{{.window}}]))'`,
    `        total_query: 'sum(rate(http_requests_total{${job}}[{{.window}}]))'`,
    '    alerting:',
    `      name: ${demoAlertName(slo.service, 'availability')}`,
    '      annotations:',
    `        runbook_url: ${demoRunbookUrl(slo, 'high-error-rate')}`,
    '      page_alert:',
    '        labels: { severity: critical }',
    '      ticket_alert:',
    '        labels: { severity: warning }',
  ];
  if (slo.latency !== undefined) {
    lines.push(
      '  - name: requests-latency',
      `    objective: ${slo.latency}`,
      `    description: ${slo.latency}% of ${slo.service} requests complete in under 500 ms`,
      '    sli:',
      '      events:',
      `        error_query: 'sum(rate(http_request_duration_seconds_count{${job}}[{{.window}}])) - sum(rate(http_request_duration_seconds_bucket{${job},le="0.5"}[{{.window}}]))'`,
      `        total_query: 'sum(rate(http_request_duration_seconds_count{${job}}[{{.window}}]))'`,
      '    alerting:',
      `      name: ${demoAlertName(slo.service, 'latency')}`,
      '      annotations:',
      `        runbook_url: ${demoRunbookUrl(slo, 'high-latency')}`,
      '      page_alert:',
      '        disable: true',
      '      ticket_alert:',
      '        labels: { severity: warning }',
    );
  }
  return `${lines.join('\n')}\n`;
}
