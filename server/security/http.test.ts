import { describe, expect, it, vi } from 'vitest';
import { deepArray } from '../lib/hostile-input.fixtures';
import { NUL_MESSAGE } from '../lib/text';
import { crossSiteRefusal, MAX_JSON_DEPTH, MB, nonJsonRefusal, readJsonBody, requestIdOf, withBodyLimit } from './http';

const URL_ = 'https://runwell.example.com/api/trpc/users.create';

function req(init: { method?: string; headers?: Record<string, string>; body?: BodyInit | null } = {}) {
  return new Request(URL_, { method: init.method ?? 'POST', headers: init.headers, body: init.body ?? null, duplex: 'half' } as RequestInit);
}

describe('crossSiteRefusal', () => {
  it.each([
    ['a same-origin POST', { origin: 'https://runwell.example.com', host: 'runwell.example.com' }, 'POST', false],
    ['a POST without Origin (curl, scripts)', { host: 'runwell.example.com' }, 'POST', false],
    ['a GET from anywhere', { origin: 'https://evil.example', host: 'runwell.example.com' }, 'GET', false],
    ['a POST behind a proxy naming the public host', { origin: 'https://ops.example.org', host: '10.0.0.5:3000', 'x-forwarded-host': 'ops.example.org' }, 'POST', false],
    ['a cross-site POST', { origin: 'https://evil.example', host: 'runwell.example.com' }, 'POST', true],
    ['a sibling subdomain POST (same-site, not same-origin)', { origin: 'https://blog.example.com', host: 'runwell.example.com' }, 'POST', true],
    ['Origin: null (sandboxed frame)', { origin: 'null', host: 'runwell.example.com' }, 'POST', true],
    ['no Origin but Sec-Fetch-Site cross-site', { 'sec-fetch-site': 'cross-site', host: 'runwell.example.com' }, 'DELETE', true],
  ])('%s', (_name, headers, method, refused) => {
    const r = new Request('http://internal:3000/api/trpc/x', { method, headers });
    expect(crossSiteRefusal(r, undefined) !== null).toBe(refused);
  });

  it('accepts the configured public URL when the Host header is internal', () => {
    const r = new Request('http://127.0.0.1:3000/api/trpc/x', { method: 'POST', headers: { origin: 'https://runwell.corp', host: '127.0.0.1:3000' } });
    expect(crossSiteRefusal(r, 'https://runwell.corp')).toBeNull();
    expect(crossSiteRefusal(r, 'https://other.corp')).toMatch(/Cross-site/);
  });
});

describe('nonJsonRefusal', () => {
  it.each([
    ['POST', 'application/json', null],
    ['POST', 'application/json; charset=utf-8', null],
    ['GET', null, null],
    ['POST', 'multipart/form-data; boundary=x', 415],
    ['POST', 'application/x-www-form-urlencoded', 415],
    ['POST', 'text/plain', 415],
    ['POST', 'application/octet-stream', 415],
    ['POST', null, 415],
  ])('%s %s -> %s', async (method, type, status) => {
    const r = new Request(URL_, { method, headers: type ? { 'content-type': type } : {} });
    const res = nonJsonRefusal(r);
    expect(res?.status ?? null).toBe(status);
    if (res) expect((await res.json()).error.message).toMatch(/application\/json/);
  });
});

describe('readJsonBody', () => {
  it('parses JSON within the limit', async () => {
    expect(await readJsonBody(req({ body: '{"a":[1,2]}' }), 100)).toEqual({ ok: true, value: { a: [1, 2] } });
  });

  it('refuses a declared Content-Length above the limit without reading', async () => {
    const r = await readJsonBody(req({ headers: { 'content-length': String(6 * 1024 * 1024) }, body: '{}' }), 5 * 1024 * 1024, { hint: 'lower max_alerts' });
    expect(r).toMatchObject({ ok: false, status: 413 });
    if (!r.ok) expect(r.error).toBe('Body larger than 5 MB; lower max_alerts');
  });

  it('cuts off a streamed body as soon as it passes the limit', async () => {
    let pulled = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024).fill(32));
        if (pulled > 1000) controller.close();
      },
    });
    const r = await readJsonBody(req({ body: stream }), 10 * 1024);
    expect(r).toMatchObject({ ok: false, status: 413 });
    expect(pulled).toBeLessThan(20);
  });

  it.each([
    ['{not json', false, 400, /Body is not JSON/],
    ['', false, 400, /empty/],
    ['   ', true, 200, null],
  ])('body %j (allowEmpty %s) -> %s', async (body, allowEmpty, status, message) => {
    const r = await readJsonBody(req({ body }), 100, { allowEmpty });
    if (status === 200) expect(r).toEqual({ ok: true, value: {} });
    else {
      expect(r).toMatchObject({ ok: false, status, issues: [{ path: '' }] });
      if (!r.ok) expect(r.error).toMatch(message!);
    }
  });
});

describe('requestIdOf', () => {
  it.each([
    ['a UUID', '3f1c2a9e-1b2c-4d5e-8f90-0123456789ab', true],
    ['a trace id', '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', true],
    ['text with spaces and markup', 'drop table <script>', false],
    ['an overlong value', 'a'.repeat(129), false],
  ])('keeps %s: %s', (_name, value, kept) => {
    const id = requestIdOf(new Request(URL_, { headers: { 'x-request-id': value } }));
    expect(id === value).toBe(kept);
    expect(id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/);
  });

  it('makes one up when none is sent', () => {
    expect(requestIdOf(new Request(URL_))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('withBodyLimit', () => {
  it('passes a body under the limit on unchanged', async () => {
    const r = await withBodyLimit(req({ headers: { 'content-type': 'application/json', 'x-a': '1' }, body: '{"json":{"a":1}}' }), 100);
    expect(r).toBeInstanceOf(Request);
    expect(await (r as Request).text()).toBe('{"json":{"a":1}}');
    expect((r as Request).headers.get('x-a')).toBe('1');
  });

  it('answers 413 above the limit', async () => {
    const r = await withBodyLimit(req({ body: 'x'.repeat(101) }), 100);
    expect((r as Response).status).toBe(413);
    expect((await (r as Response).json()).error.message).toBe('Body larger than 100 bytes');
  });
});

// Issue 10, finding 5: 9.3 MB of [[[...]]] to teams.create took 7.1 s to refuse
// while /api/health waited; nesting is now counted before anything parses it.
describe('JSON nesting limit', () => {
  it('withBodyLimit refuses a deeply nested tRPC body with 400 and issues, before parsing', async () => {
    const body = `{"json":${deepArray(4_600_000)}}`;
    const parse = vi.spyOn(JSON, 'parse');
    const r = await withBodyLimit(req({ headers: { 'content-type': 'application/json' }, body }), 10 * MB);
    // Refused without JSON.parse ever seeing it (that parse alone took 9 s).
    expect(parse).not.toHaveBeenCalledWith(body);
    parse.mockRestore();
    expect((r as Response).status).toBe(400);
    const json = await (r as Response).json();
    expect(json.error.message).toBe(`Body nests deeper than ${MAX_JSON_DEPTH} levels`);
    expect(json.error.data.issues).toEqual([{ path: '', message: `must nest at most ${MAX_JSON_DEPTH} levels` }]);
  });

  it('withBodyLimit refuses a deeply nested GET input', async () => {
    const input = encodeURIComponent(`{"json":${deepArray(500)}}`);
    const r = await withBodyLimit(new Request(`https://runwell.example.com/api/trpc/teams.list?input=${input}`), MB);
    expect((r as Response).status).toBe(400);
  });

  it('readJsonBody refuses deep nesting (400) and NUL characters with their path', async () => {
    const deep = await readJsonBody(req({ body: deepArray(1000) }), MB);
    expect(deep).toMatchObject({ ok: false, status: 400, issues: [{ path: '' }] });
    const nul = await readJsonBody(req({ body: JSON.stringify({ alerts: [{ labels: { alertname: 'a\u0000b' } }] }) }), MB);
    expect(nul).toMatchObject({ ok: false, status: 400, issues: [{ path: 'alerts.0.labels.alertname', message: NUL_MESSAGE }] });
  });
});
