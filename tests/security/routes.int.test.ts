import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alertsToken, serveWebhook } from '@/tests/alerts/webhook-kit';
import type { Actor } from '@/server/lib/roles';
import { POST as ackPage } from '@/app/api/v1/pages/[id]/ack/route';
import { callRoute } from '@/tests/api/rest';
import { createContext } from '@/server/trpc/context';

// Route guards end to end: body limits, malformed JSON, and the cross-site
// refusal for requests that would act with the session cookie.
const tag = `sec${Date.now().toString(36)}`;
let url: string;
let token: string;
let close: () => Promise<void>;

beforeAll(async () => {
  const served = await serveWebhook();
  url = served.url;
  close = served.close;
  token = await alertsToken(`${tag}a`);
});
afterAll(() => close());

describe('POST /api/webhooks/alertmanager limits', () => {
  it('refuses a body over 5 MB with 413 and says how to fix it', async () => {
    const big = JSON.stringify({ version: '4', alerts: [], pad: 'x'.repeat(5 * 1024 * 1024) });
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('Body larger than 5 MB; lower max_alerts in the receiver');
  });

  it('answers malformed JSON with 400 and a path', async () => {
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{"alerts": [' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toMatch(/^Body is not JSON/);
    expect(body.issues).toEqual([{ path: '', message: 'must be JSON' }]);
  });
});

const engineer: Actor = { kind: 'user', id: 'u-sec', email: 'sec@example.com', name: 'Sec', role: 'engineer' };

function pageRequest(headers: Record<string, string>, body = '') {
  return new Request('http://runwell.local/api/v1/pages/nope/ack', { method: 'POST', headers: { host: 'runwell.local', ...headers }, body });
}

describe('POST /api/v1/pages/{id}/ack with the session cookie', () => {
  it.each([
    ['a cross-site form post', { origin: 'https://evil.example', 'content-type': 'text/plain' }, '', 403],
    ['Origin: null', { origin: 'null' }, '', 403],
    ['a same-origin request (then the page is looked up)', { origin: 'http://runwell.local' }, '', 404],
    ['a same-origin request with malformed JSON', { origin: 'http://runwell.local' }, '{"note":', 400],
    ['a same-origin request with a body over 64 kB', { origin: 'http://runwell.local' }, JSON.stringify({ note: 'x'.repeat(70_000) }), 413],
  ])('%s -> %s', async (_name, headers, body, status) => {
    const res = await callRoute(ackPage, pageRequest(headers, body), { params: { id: 'nope' }, session: async () => engineer });
    expect(res.status).toBe(status);
    const json = await res.json();
    expect(typeof json.error).toBe('string');
    expect(JSON.stringify(json)).not.toMatch(/\n\s+at /);
  });
});

describe('tRPC', () => {
  it('refuses a cookie-authenticated mutation started by another site', async () => {
    const req = new Request('http://runwell.local/api/trpc/users.create', { method: 'POST', headers: { host: 'runwell.local', origin: 'https://evil.example', 'content-type': 'application/json' }, body: '{}' });
    await expect(createContext({ req })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses bodies over 10 MB with 413 and lets ordinary ones through to the procedure', async () => {
    const { POST } = await import('@/app/api/trpc/[trpc]/route');
    const post = (body: string) => POST(new Request('http://runwell.local/api/trpc/teams.create', { method: 'POST', headers: { host: 'runwell.local', 'content-type': 'application/json', authorization: 'Bearer rw_unknown' }, body }));
    const big = await post(JSON.stringify({ json: { slug: 'x', name: 'y'.repeat(11 * 1024 * 1024) } }));
    expect(big.status).toBe(413);
    const small = await post(JSON.stringify({ json: { slug: 'sec-team', name: 'Sec' } }));
    expect(small.status).toBe(401);
    expect((await small.json()).error.json.message).toBe('Sign in first');
  });

  it('answers authenticated GETs with Cache-Control: private, no-store (issue 10, finding 10)', async () => {
    const { GET } = await import('@/app/api/trpc/[trpc]/route');
    const reader = await alertsToken(`${tag}r`, ['read']);
    const res = await GET(new Request('http://runwell.local/api/trpc/teams.list', { headers: { host: 'runwell.local', authorization: `Bearer ${reader}` } }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
  });

  it('refuses form and upload bodies with 415 before tRPC parses them', async () => {
    const { POST } = await import('@/app/api/trpc/[trpc]/route');
    const form = new FormData();
    form.set('name', 'x');
    const res = await POST(new Request('http://runwell.local/api/trpc/teams.create', { method: 'POST', headers: { host: 'runwell.local' }, body: form }));
    expect(res.status).toBe(415);
    expect((await res.json()).error.message).toMatch(/application\/json/);
  });
});
