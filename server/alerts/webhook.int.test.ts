import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsToken, serveWebhook } from '@/tests/alerts/webhook-kit';
import { getPrisma } from '../db';
import { rawAlert, rawPayload } from './alerts.fixtures';

// The webhook route end to end on loopback: token, validation, idempotency,
// partial resolution, service mapping, triage and pages.
let url: string;
let token: string;
let readToken: string;
let close: () => Promise<void>;
const tag = `wh${Date.now().toString(36)}`;
let serviceId: string;

beforeAll(async () => {
  const served = await serveWebhook();
  url = served.url;
  close = served.close;
  token = await alertsToken(`${tag}a`);
  readToken = await alertsToken(`${tag}r`, ['read']);
  const team = await getPrisma().team.create({ data: { slug: `${tag}-team`, name: 'Payments' } });
  const service = await getPrisma().service.create({ data: { slug: `${tag}-payments`, name: 'Payments', tier: 'tier1', teamId: team.id } });
  serviceId = service.id;
});
afterAll(() => close());

async function post(body: unknown, auth: string | null = token) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const fp = (n: number) => `${tag}fp${n}`;
const rows = (fingerprints: string[]) => getPrisma().alert.findMany({ where: { fingerprint: { in: fingerprints } }, orderBy: { fingerprint: 'asc' } });

describe('POST /api/webhooks/alertmanager', () => {
  it.each([
    ['no token', null, 401],
    ['an unknown token', 'rw_nope', 401],
    ['a token without the alerts scope', 'READ', 403],
  ])('refuses %s', async (_name, auth, status) => {
    const res = await post(rawPayload([rawAlert({ fingerprint: fp(0) })]), auth === 'READ' ? readToken : auth);
    expect(res.status).toBe(status);
    expect(await rows([fp(0)])).toHaveLength(0);
  });

  it('answers 400 with the path of every problem and stores nothing', async () => {
    const body = rawPayload([rawAlert({ fingerprint: fp(1) }), rawAlert({ fingerprint: fp(2), startsAt: 'noon' })]);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'alerts[1].startsAt' })]));
    expect(await rows([fp(1), fp(2)])).toHaveLength(0);
    expect((await post('{not json')).status).toBe(400);
  });

  it('stores a group once however often it is re-sent, then resolves part of it', async () => {
    const a = rawAlert({ fingerprint: fp(3), labels: { alertname: 'HighErrorRate', service: `${tag}-payments` } });
    const b = rawAlert({ fingerprint: fp(4), labels: { alertname: 'HighErrorRate', service: `${tag}-payments`, pod: 'b' } });
    const first = await post(rawPayload([a, b]));
    expect(first.status).toBe(200);
    expect(first.body.outcome).toMatchObject({ new: 2, repeat: 0 });
    for (let i = 0; i < 3; i++) expect((await post(rawPayload([a, b]))).body.outcome).toMatchObject({ new: 0, repeat: 2 });
    expect(await rows([fp(3), fp(4)])).toHaveLength(2);

    const partly = await post(rawPayload([{ ...a, status: 'resolved', endsAt: '2026-03-01T10:20:00Z' }, b]));
    expect(partly.body.outcome).toMatchObject({ resolved: 1, repeat: 1 });
    const [ra, rb] = await rows([fp(3), fp(4)]);
    expect(ra).toMatchObject({ status: 'resolved', serviceId, stateChanges: 2 });
    expect(ra!.endsAt?.toISOString()).toBe('2026-03-01T10:20:00.000Z');
    expect(rb).toMatchObject({ status: 'firing', endsAt: null });
    // The raw bodies are kept, one per delivery.
    const deliveries = await getPrisma().alertWebhookDelivery.count({ where: { groupKey: rawPayload([])['groupKey'] as string } });
    expect(deliveries).toBeGreaterThanOrEqual(5);
  });

  it('maps to the service, triages a customer-visible alert as P2 and opens one page', async () => {
    const a = rawAlert({ fingerprint: fp(5), labels: { alertname: 'CheckoutDown', service: `${tag}-payments` } });
    await post(rawPayload([a]));
    await post(rawPayload([a]));
    const [row] = await rows([fp(5)]);
    expect(row!.priority).toBe('P2');
    expect((row!.triage as { branch: string }).branch).toBe('customer-visible');
    expect(row!.mapping).toEqual(expect.arrayContaining([expect.stringContaining(`-> service ${tag}-payments`)]));
    expect(await getPrisma().page.count({ where: { alertId: row!.id } })).toBe(1);
    await post(rawPayload([{ ...a, status: 'resolved', endsAt: '2026-03-01T11:00:00Z' }]));
    expect(await getPrisma().page.findFirst({ where: { alertId: row!.id } })).toMatchObject({ status: 'resolved' });
  });

  it('says the budget is unknown for SLO burn alerts until budgets are stored', async () => {
    const a = rawAlert({ fingerprint: fp(6), labels: { alertname: 'ErrorBudgetBurn', sloth_slo: 'availability', sloth_service: `${tag}-payments` } });
    await post(rawPayload([a]));
    const [row] = await rows([fp(6)]);
    expect(row!.triage).toMatchObject({ branch: 'slo-budget-unknown', budgetUnknown: true, priority: 'P2' });
  });

  it('stores concurrent deliveries of the same alerts exactly once', async () => {
    const alerts = Array.from({ length: 40 }, (_, i) => rawAlert({ fingerprint: `${fp(7)}-${i}`, labels: { alertname: 'Race', i: String(i) } }));
    const results = await Promise.all(Array.from({ length: 8 }, () => post(rawPayload(alerts))));
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    const created = results.reduce((n, r) => n + (r.body.outcome.new as number), 0);
    expect(created).toBe(40);
    expect(await getPrisma().alert.count({ where: { fingerprint: { startsWith: fp(7) } } })).toBe(40);
  });
});
