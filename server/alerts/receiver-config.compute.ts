// The Alertmanager receiver Runwell shows in Settings -> Alerting, ready to
// paste. The integration test with a real Alertmanager runs this very text, so
// what people copy is what was proven to work.

export type ReceiverConfigInput = {
  /** Runwell's public base URL, e.g. https://runwell.example.com */
  baseUrl: string;
  /** The token itself, or a placeholder such as <API token with the alerts scope>. */
  credentials: string;
  receiverName?: string;
  /** Alertmanager's max_alerts; 0 = no limit. Truncated alerts are reported in the payload. */
  maxAlerts?: number;
};

export const WEBHOOK_PATH = '/api/webhooks/alertmanager';

export function webhookUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

const quote = (s: string) => JSON.stringify(s);

/** The `receivers:` entry plus a route sending everything to it. YAML (JSON-quoted scalars). */
export function alertmanagerReceiverConfig(input: ReceiverConfigInput): string {
  const name = input.receiverName ?? 'runwell';
  return [
    'route:',
    `  receiver: ${quote(name)}`,
    '  group_by: [alertname, service]',
    '  group_wait: 30s',
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
    `            credentials: ${quote(input.credentials)}`,
    '',
  ].join('\n');
}
