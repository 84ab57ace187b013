import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAlertmanager, startPrometheus, waitFor, type Daemon } from '@/tests/alerts/daemons';
import { alertsToken, serveWebhook } from '@/tests/alerts/webhook-kit';
import { getPrisma } from '../db';
import { alertmanagerReceiverConfig } from './receiver-config.compute';

// A real Prometheus evaluates a rule over a metric this test serves, a real
// Alertmanager delivers the alert to Runwell's webhook route (with the receiver
// config Settings shows), and Runwell stores it, then resolves it.
const PORTS = { prometheus: 9551, alertmanager: 9651, target: 9752, webhook: 9753 };
const tag = `am${Date.now().toString(36)}`;
let failing = 1;
let prometheus: Daemon | undefined;
let alertmanager: Daemon | undefined;
let closeWebhook: () => Promise<void>;
const target = createServer((_req, res) => {
  res.writeHead(200, { 'Content-Type': 'text/plain' });
  res.end(`# TYPE checkout_failing gauge\ncheckout_failing{service="checkout"} ${failing}\n`);
});

beforeAll(async () => {
  await new Promise<void>((r) => target.listen(PORTS.target, '127.0.0.1', r));
  const served = await serveWebhook(PORTS.webhook);
  closeWebhook = served.close;
  const token = await alertsToken(tag);
  const team = await getPrisma().team.create({ data: { slug: `${tag}-team`, name: 'Checkout' } });
  await getPrisma().service.create({ data: { slug: 'checkout', name: 'Checkout', tier: 'tier1', teamId: team.id } }).catch(() => undefined);
  alertmanager = await startAlertmanager(PORTS.alertmanager, alertmanagerReceiverConfig({ baseUrl: `http://127.0.0.1:${PORTS.webhook}`, credentials: token }));
  prometheus = await startPrometheus(PORTS.prometheus, {
    alertmanagerPort: PORTS.alertmanager,
    targetPort: PORTS.target,
    rules: [
      'groups:',
      '  - name: checkout',
      '    interval: 1s',
      '    rules:',
      `      - alert: ${tag}CheckoutFailing`,
      '        expr: checkout_failing > 0',
      '        for: 0s',
      '        labels: {severity: page}',
      '        annotations: {summary: "Checkout is failing", runbook_url: "https://runbooks.example/checkout"}',
      '',
    ].join('\n'),
  });
}, 90_000);

afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await closeWebhook?.();
  await new Promise((r) => target.close(r));
});

describe('real Prometheus -> Alertmanager -> Runwell', () => {
  it('stores the firing alert mapped to its service, then resolves it', async () => {
    const where = { alertname: `${tag}CheckoutFailing` };
    const firing = await waitFor('the alert to arrive', async () => (await getPrisma().alert.findFirst({ where, include: { service: true } })) ?? null, 60_000).catch((e) => {
      throw new Error(`${e.message}\n--- alertmanager ---\n${alertmanager?.log()}\n--- prometheus ---\n${prometheus?.log().slice(-3000)}`);
    });
    expect(firing.status).toBe('firing');
    expect(firing.service?.slug).toBe('checkout');
    expect(firing.labels).toMatchObject({ service: 'checkout', severity: 'page' });
    expect(firing.annotations).toMatchObject({ runbook_url: 'https://runbooks.example/checkout' });
    expect(firing.generatorURL).toContain(`:${PORTS.prometheus}/graph`);

    failing = 0;
    const resolved = await waitFor('the alert to resolve', async () => {
      const row = await getPrisma().alert.findFirst({ where: { ...where, status: 'resolved' } });
      return row ?? null;
    }, 60_000);
    expect(resolved.id).toBe(firing.id);
    expect(resolved.endsAt!.getTime()).toBeGreaterThan(resolved.startsAt.getTime());
    expect(await getPrisma().alert.count({ where })).toBe(1);
    const deliveries = await getPrisma().alertWebhookDelivery.findMany({ where: { groupKey: { contains: `${tag}CheckoutFailing` } } });
    expect(deliveries.length).toBeGreaterThanOrEqual(2);
    expect(deliveries.map((d) => d.status)).toContain('resolved');
  }, 120_000);
});
