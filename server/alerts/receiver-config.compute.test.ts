import { describe, expect, it } from 'vitest';
import { alertmanagerReceiverConfig, webhookUrl } from './receiver-config.compute';

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
});
