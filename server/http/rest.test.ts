import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { DomainError } from '../errors';
import type { Actor } from '../lib/roles';

// No database: the token lookup is replaced by a table of known tokens.
const TOKENS: Record<string, Actor> = {
  rw_read: { kind: 'token', id: 't-read', name: 'reader', scopes: ['read'] },
  rw_pages: { kind: 'token', id: 't-pages', name: 'bot', scopes: ['pages'] },
};
vi.mock('../tokens/tokens.service', () => ({ authenticateToken: async (secret: string) => TOKENS[secret] ?? null }));
vi.mock('../auth/session', () => ({ currentUser: async () => null }));

const { restRoute } = await import('./rest');

const engineer: Actor = { kind: 'user', id: 'u1', email: 'e@example.com', name: 'E', role: 'engineer' };
const route = restRoute({
  route: '/api/v1/test/:id',
  scope: 'pages',
  action: 'incident.respond',
  params: z.object({ id: z.string().min(2, 'must be an id') }),
  query: z.object({ n: z.coerce.number().int().max(5) }).strict(),
  body: { schema: z.object({ note: z.string().optional() }).strict(), maxBytes: 1024, allowEmpty: true },
  unavailable: 'Test unavailable; retry',
  call: async ({ params, query, body }) => {
    if (params.id === 'gone') throw new DomainError('NOT_FOUND', 'No such thing');
    if (params.id === 'taken') throw new DomainError('CONFLICT', 'Name taken', 'note');
    if (params.id === 'boom') throw new Error('connection terminated');
    return { id: params.id, n: query.n, note: body.note ?? null };
  },
});

type Case = { name: string; token?: string; session?: Actor | null; origin?: string; id?: string; query?: string; body?: string; status: number; error?: RegExp; issues?: Array<{ path: string; message?: string }>; headers?: Record<string, string> };

const cases: Case[] = [
  { name: 'no token and no session -> 401', status: 401, error: /API token with the pages scope/, headers: { 'www-authenticate': 'Bearer realm="runwell"' } },
  { name: 'an unknown token -> 401', token: 'rw_nope', status: 401, error: /Unknown, expired or revoked/ },
  { name: 'a token without the scope -> 403', token: 'rw_read', status: 403, error: /^This token lacks the pages scope$/ },
  { name: 'a session from another site -> 403', session: engineer, origin: 'https://evil.example', status: 403, error: /Cross-site/ },
  { name: 'a same-site session', session: engineer, origin: 'http://runwell.local', body: '{"note":"hi"}', status: 200 },
  { name: 'a token with the scope', token: 'rw_pages', status: 200 },
  { name: 'bad params, query and body -> 400 with every path', token: 'rw_pages', id: 'x', query: 'n=9&color=red', body: '{"note":1}', status: 400, issues: [{ path: 'id', message: 'must be an id' }, { path: 'n' }, { path: 'color', message: 'unknown key' }, { path: 'note', message: 'must be a string' }] },
  { name: 'malformed JSON -> 400', token: 'rw_pages', body: '{"note":', status: 400, error: /^Body is not JSON/, issues: [{ path: '', message: 'must be JSON' }] },
  { name: 'a body over the limit -> 413', token: 'rw_pages', body: JSON.stringify({ note: 'x'.repeat(2000) }), status: 413 },
  { name: 'DomainError NOT_FOUND -> 404', token: 'rw_pages', id: 'gone', status: 404, error: /^No such thing$/ },
  { name: 'DomainError with a field -> its status and the field as an issue', token: 'rw_pages', id: 'taken', status: 409, issues: [{ path: 'note', message: 'Name taken' }] },
  { name: 'anything else -> 503 with Retry-After', token: 'rw_pages', id: 'boom', status: 503, error: /^Test unavailable; retry$/, headers: { 'retry-after': '1' } },
];

describe('restRoute', () => {
  it.each(cases)('$name', async (c) => {
    const headers: Record<string, string> = { host: 'runwell.local', 'x-request-id': 'req-1' };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    if (c.origin) headers.origin = c.origin;
    const req = new Request(`http://runwell.local/api/v1/test/${c.id ?? 'abc'}?${c.query ?? 'n=3'}`, { method: 'POST', headers, body: c.body ?? '' });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await route.with({ session: async () => c.session ?? null })(req, { params: Promise.resolve({ id: c.id ?? 'abc' }) });
    spy.mockRestore();
    expect(res.status).toBe(c.status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('x-request-id')).toBe('req-1');
    for (const [k, v] of Object.entries(c.headers ?? {})) expect(res.headers.get(k)).toBe(v);
    const body = (await res.json()) as { error?: string; issues?: Array<{ path: string; message: string }> };
    if (c.status >= 400) {
      // The one error body: {error, issues?: [{path, message}]}.
      expect(typeof body.error).toBe('string');
      expect(Object.keys(body).every((k) => k === 'error' || k === 'issues')).toBe(true);
    }
    if (c.error) expect(body.error).toMatch(c.error);
    if (c.issues) expect(body.issues).toEqual(c.issues.map((i) => expect.objectContaining(i)));
  });

  it('sends a value as JSON with the declared status, and passes a Response through', async () => {
    const created = restRoute({ route: '/x', scope: 'read', status: 201, call: async ({ now }) => ({ now }) });
    const res = await created.with({ session: async () => engineer, now: () => 42 })(new Request('http://runwell.local/x'));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ now: 42 });
    const raw = restRoute({ route: '/y', scope: 'read', call: async () => new Response('# md', { headers: { 'Content-Type': 'text/markdown' } }) });
    const md = await raw.with({ session: async () => engineer })(new Request('http://runwell.local/y'));
    expect(await md.text()).toBe('# md');
    expect(md.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses the session cookie on token-only routes (webhooks)', async () => {
    const hook = restRoute({ route: '/hook', scope: 'alerts', sessions: false, realm: 'runwell-alerts', call: async () => ({}) });
    const res = await hook.with({ session: async () => engineer })(new Request('http://runwell.local/hook', { method: 'POST' }));
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Bearer realm="runwell-alerts"');
  });
});
