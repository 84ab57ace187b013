import type dns from 'node:dns';
import http from 'node:http';
import net, { BlockList, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { guardedLookup, OutboundRefusedError, OutboundResponseTooLargeError, outboundRequest } from './outbound';
import type { OutboundPolicy } from './outbound-address';

// Issue 10 #6: server-side requests reached 169.254.169.254 and
// [::ffff:127.0.0.1]. These tests talk to local servers only; a refused
// address must fail before any packet is sent (so they are fast offline too).

const allowPrivate: OutboundPolicy = { privateTargets: 'allow', allow: new BlockList() };
const denyPrivate: OutboundPolicy = { privateTargets: 'deny', allow: new BlockList() };

let target: http.Server;
let targetUrl: string;
let hits = 0;
let redirector: http.Server;
let redirectorUrl: string;

function listen(server: http.Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

beforeAll(async () => {
  target = http.createServer((req, res) => {
    hits += 1;
    if (req.url === '/big') return res.end('x'.repeat(100_000));
    res.end('ok');
  });
  targetUrl = await listen(target);
  redirector = http.createServer((req, res) => {
    res.writeHead(302, { Location: `${targetUrl}/from-redirect` });
    res.end();
  });
  redirectorUrl = await listen(redirector);
});

afterAll(async () => {
  await Promise.all([new Promise((r) => target.close(r)), new Promise((r) => redirector.close(r))]);
});

describe('outboundRequest', () => {
  it.each(['http://169.254.169.254/latest/meta-data/', 'http://[::ffff:169.254.169.254]/', 'http://[::ffff:a9fe:a9fe]/', 'http://[fd00:ec2::254]/', 'http://0.0.0.0:80/', 'http://[fe80::1]/', 'file:///etc/passwd'])(
    'refuses %s before connecting, with the one message',
    async (url) => {
      const error = await outboundRequest(url, { timeoutMs: 5_000, maxBytes: 1000, policy: allowPrivate }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OutboundRefusedError);
      expect((error as Error).message).toMatch(/^Could not reach /);
    },
  );

  it('keeps loopback reachable by default (the demo and local clusters live there)', async () => {
    const res = await outboundRequest(`${targetUrl}/x`, { timeoutMs: 5_000, maxBytes: 1000, policy: allowPrivate });
    expect(res).toMatchObject({ status: 200, text: 'ok' });
  });

  it.each(['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]'])('with RUNWELL_OUTBOUND_PRIVATE=deny refuses %s, checked after DNS, and never connects', async (host) => {
    const before = hits;
    const port = new URL(targetUrl).port;
    const error = await outboundRequest(`http://${host}:${port}/`, { timeoutMs: 5_000, maxBytes: 1000, policy: denyPrivate }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutboundRefusedError);
    expect((error as OutboundRefusedError).addressClass).toBe('loopback');
    expect(hits).toBe(before);
  });

  it('does not follow a redirect (to anything: a 3xx is the answer)', async () => {
    const before = hits;
    const res = await outboundRequest(redirectorUrl, { timeoutMs: 5_000, maxBytes: 1000, policy: allowPrivate });
    expect(res.status).toBe(302);
    expect(hits).toBe(before);
  });

  it('stops reading an answer larger than maxBytes', async () => {
    await expect(outboundRequest(`${targetUrl}/big`, { timeoutMs: 5_000, maxBytes: 1000, policy: allowPrivate })).rejects.toBeInstanceOf(OutboundResponseTooLargeError);
  });

  it('gives up after timeoutMs on a server that never answers', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    try {
      const error = await outboundRequest(`http://127.0.0.1:${(silent.address() as AddressInfo).port}/`, { timeoutMs: 300, maxBytes: 1000, policy: allowPrivate }).catch((e: unknown) => e);
      expect((error as Error).name).toBe('TimeoutError');
    } finally {
      silent.close();
    }
  });
});

describe('guardedLookup (the socket connects to the address that was checked)', () => {
  const fakeDns = (answers: dns.LookupAddress[]) =>
    ((_host: string, _options: unknown, callback: (e: Error | null, a: dns.LookupAddress[]) => void) => callback(null, answers)) as unknown as typeof dns.lookup;

  function lookupOnce(answers: dns.LookupAddress[], all: boolean): Promise<unknown> {
    return new Promise((resolve, reject) =>
      guardedLookup(allowPrivate, fakeDns(answers))('rebind.example', { all }, (error, address, family) => (error ? reject(error) : resolve(all ? address : { address, family }))),
    );
  }

  it('drops refused addresses from a mixed answer', async () => {
    const answers = [
      { address: '169.254.169.254', family: 4 },
      { address: '127.0.0.1', family: 4 },
    ];
    await expect(lookupOnce(answers, false)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
    await expect(lookupOnce(answers, true)).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
  });

  it('fails when every address is refused (a name pointing at the metadata service)', async () => {
    await expect(lookupOnce([{ address: '::ffff:169.254.169.254', family: 6 }], false)).rejects.toBeInstanceOf(OutboundRefusedError);
  });
});
