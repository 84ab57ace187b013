// The Alertmanager receiver Runwell shows in Settings -> Alerting, ready to
// paste. The integration test with a real Alertmanager runs this very text, so
// what people copy is what was proven to work.

export type ReceiverConfigInput = {
  /** Runwell's public base URL, e.g. https://runwell.example.com */
  baseUrl: string;
  /** The token itself, or a placeholder such as <API token with the alerts scope>. */
  credentials: string;
  /**
   * Read the token from this file instead (Alertmanager's credentials_file),
   * e.g. a Kubernetes Secret mounted into the Alertmanager pod; wins over
   * `credentials`.
   */
  credentialsFile?: string;
  receiverName?: string;
  /** Alertmanager's max_alerts; 0 = no limit. Truncated alerts are reported in the payload. */
  maxAlerts?: number;
};

const WEBHOOK_PATH = '/api/webhooks/alertmanager';

export function webhookUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

const quote = (s: string) => JSON.stringify(s);

/** Where the Kubernetes Secret variant mounts the token (see docs/incidents.md, "Webhook"). */
export const SECRET_TOKEN_FILE = '/etc/alertmanager/secrets/runwell-token/token';

/** The `receivers:` entry plus a route sending everything to it. YAML (JSON-quoted scalars). */
export function alertmanagerReceiverConfig(input: ReceiverConfigInput): string {
  const name = input.receiverName ?? 'runwell';
  const credentials = input.credentialsFile
    ? [`            credentials_file: ${quote(input.credentialsFile)}`]
    : [`            credentials: ${quote(input.credentials)}`];
  return [
    'route:',
    `  receiver: ${quote(name)}`,
    '  group_by: [alertname, service]',
    '  group_wait: 30s',
    '  # Alertmanager sends a group again (new alerts, and resolutions) only every',
    '  # group_interval: a resolved alert reaches Runwell up to this long after it',
    '  # resolved. Lower it for faster resolutions, at the cost of more deliveries.',
    '  group_interval: 5m',
    '  repeat_interval: 4h',
    'receivers:',
    `  - name: ${quote(name)}`,
    '    webhook_configs:',
    `      - url: ${quote(webhookUrl(input.baseUrl))}`,
    '        send_resolved: true',
    `        max_alerts: ${input.maxAlerts ?? 0}`,
    '        http_config:',
    '          authorization:',
    '            type: Bearer',
    ...credentials,
    '',
  ].join('\n');
}

/** A minimal Alertmanager v4 webhook body, for testing the receiver by hand. */
export function sampleWebhookPayload(now = new Date()): object {
  const startsAt = now.toISOString();
  const labels = { alertname: 'CheckoutHighErrorRate', service: 'checkout', severity: 'critical', team: 'payments' };
  return {
    version: '4',
    groupKey: '{}:{alertname="CheckoutHighErrorRate"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'runwell',
    groupLabels: { alertname: labels.alertname },
    commonLabels: labels,
    commonAnnotations: {},
    externalURL: 'http://alertmanager.example:9093',
    alerts: [
      {
        status: 'firing',
        labels,
        annotations: { summary: 'Checkout error rate above 5 %', runbook_url: 'https://runbooks.example/checkout-high-error-rate' },
        startsAt,
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus.example:9090/graph',
        fingerprint: 'c0ffee0000000001',
      },
    ],
  };
}

/** A curl line that posts the sample body with a token (read from $RUNWELL_TOKEN). */
export function webhookCurlCommand(baseUrl: string): string {
  return `curl -sS -X POST ${quote(webhookUrl(baseUrl))} -H "Authorization: Bearer $RUNWELL_TOKEN" -H 'Content-Type: application/json' --data @alert.json`;
}
