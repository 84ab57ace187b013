import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseWebhookPayload } from './alerts.schema';
import { alertmanagerReceiverConfig, SECRET_TOKEN_FILE, sampleWebhookPayload, webhookCurlCommand, webhookUrl } from './receiver-config.compute';

describe('alertmanagerReceiverConfig', () => {
  it.each([
    ['https://runwell.example.com', 'https://runwell.example.com/api/webhooks/alertmanager'],
    ['https://runwell.example.com/', 'https://runwell.example.com/api/webhooks/alertmanager'],
    ['http://127.0.0.1:3000//', 'http://127.0.0.1:3000/api/webhooks/alertmanager'],
  ])('webhookUrl(%s)', (base, url) => expect(webhookUrl(base)).toBe(url));

  it('sends resolved alerts with the token as Bearer credentials', () => {
    const text = alertmanagerReceiverConfig({ baseUrl: 'https://rw.example', credentials: '<token>' });
    expect(text).toContain('send_resolved: true');
    expect(text).toContain('type: Bearer');
    expect(text).toContain('credentials: "<token>"');
    expect(text).toContain('url: "https://rw.example/api/webhooks/alertmanager"');
  });

  it('reads the token from a file (a mounted Kubernetes Secret) with credentials_file', () => {
    const config = parse(alertmanagerReceiverConfig({ baseUrl: 'https://rw.example', credentials: '<token>', credentialsFile: SECRET_TOKEN_FILE }));
    const authorization = config.receivers[0].webhook_configs[0].http_config.authorization;
    expect(authorization).toEqual({ type: 'Bearer', credentials_file: SECRET_TOKEN_FILE });
  });

  it('says that group_interval delays resolutions', () => {
    const text = alertmanagerReceiverConfig({ baseUrl: 'https://rw.example', credentials: '<token>' });
    expect(text).toMatch(/# .*resolved alert reaches Runwell up to this long after it\n.*\n {2}group_interval: 5m/);
    expect(parse(text).route.group_interval).toBe('5m');
  });

  it('the sample payload is one the webhook accepts, and the curl line posts it with a token', () => {
    const parsed = parseWebhookPayload(sampleWebhookPayload(new Date('2026-03-10T08:00:00Z')));
    expect(parsed.ok).toBe(true);
    expect(webhookCurlCommand('https://rw.example/')).toBe(
      `curl -sS -X POST "https://rw.example/api/webhooks/alertmanager" -H "Authorization: Bearer $RUNWELL_TOKEN" -H 'Content-Type: application/json' --data @alert.json`,
    );
  });
});
