import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { readEnv } from '../config';
import { parseAddressList } from './client-address';
import { OutboundRefusedError, refusedClass, type OutboundPolicy } from './outbound-address';

export { isUnreachable, OutboundRefusedError, unreachableMessage,  } from './outbound-address';

// The one guard for server-side requests to addresses users enter (issue 10,
// item 6). Every such request goes through outboundRequest() or, where a
// library needs the raw options (the Kubernetes client, SMTP), through
// assertOutboundUrl() + guardedLookup():
// - the address is judged AFTER DNS resolution, inside the socket's own lookup,
//   so the socket connects to exactly the address that was checked (a DNS
//   answer that changes between a check and the connect, "DNS rebinding",
//   cannot slip through); IP literals, which skip the lookup, are judged first;
// - redirects are never followed (a 3xx is an answer like any other);
// - every failure to connect reads "Could not reach HOST: ..." with one wording
//   for refused, reset, timed out, unroutable and unknown names, so the test
//   buttons cannot be used to tell open ports from closed ones.

let cached: { key: string; policy: OutboundPolicy } | null = null;

/** The policy from RUNWELL_OUTBOUND_PRIVATE and RUNWELL_OUTBOUND_ALLOW (re-read when they change). */
export function outboundPolicy(env: NodeJS.ProcessEnv = process.env): OutboundPolicy {
  const key = `${env.RUNWELL_OUTBOUND_PRIVATE ?? ''}|${env.RUNWELL_OUTBOUND_ALLOW ?? ''}`;
  if (cached?.key === key) return cached.policy;
  const parsed = readEnv(env);
  const policy: OutboundPolicy = { privateTargets: parsed.RUNWELL_OUTBOUND_PRIVATE, allow: parseAddressList(parsed.RUNWELL_OUTBOUND_ALLOW, 'RUNWELL_OUTBOUND_ALLOW') };
  cached = { key, policy };
  return policy;
}

function bare(hostname: string): string {
  return hostname.startsWith('[') && hostname.endsWith(']') ? hostname.slice(1, -1) : hostname;
}

/**
 * Throws unless `url` is http(s) and, when its host is an IP literal (which
 * the socket will not look up), that address is allowed. Host names are judged
 * later, by guardedLookup, on the address the socket uses.
 */
export function assertOutboundUrl(url: URL, policy: OutboundPolicy = outboundPolicy()): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError(url.host, 'reserved');
  const host = bare(url.hostname);
  if (isIP(host)) {
    const refused = refusedClass(host, policy);
    if (refused) throw new OutboundRefusedError(url.host, refused);
  }
}

/**
 * A `lookup` for net/tls/http options: resolves like dns.lookup, drops the
 * addresses the policy refuses, and fails with OutboundRefusedError when none
 * is left. The socket connects to what this returns, so the check cannot be
 * raced by a second DNS answer.
 */
export function guardedLookup(policy: OutboundPolicy = outboundPolicy(), resolve: typeof dns.lookup = dns.lookup): LookupFunction {
  return (hostname, options, callback) => {
    if (isIP(hostname)) {
      const refused = refusedClass(hostname, policy);
      if (refused) return callback(new OutboundRefusedError(hostname, refused), '', 0);
    }
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const found = addresses as dns.LookupAddress[];
      const allowed = found.filter((a) => refusedClass(a.address, policy) === null);
      if (allowed.length === 0) {
        const kind = found.length ? refusedClass(found[0]!.address, policy)! : 'reserved';
        return callback(new OutboundRefusedError(hostname, kind), '', 0);
      }
      if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, allowed);
      else callback(null, allowed[0]!.address, allowed[0]!.family);
    });
  };
}

export type OutboundResponse = { status: number; headers: http.IncomingHttpHeaders; text: string };

export type OutboundRequestInit = {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
  /** Longest body read; more fails the request (a hostile server cannot fill the memory). */
  maxBytes: number;
  policy?: OutboundPolicy;
};

export class OutboundResponseTooLargeError extends Error {
  constructor(host: string, maxBytes: number) {
    super(`${host} answered with more than ${maxBytes} bytes`);
    this.name = 'OutboundResponseTooLargeError';
  }
}

/**
 * One HTTP(S) request through the guard. Resolves with the status and the body
 * text for every answer (3xx included: redirects are not followed); rejects
 * with the socket's error, OutboundRefusedError, or a TimeoutError.
 */
export async function outboundRequest(target: string | URL, init: OutboundRequestInit): Promise<OutboundResponse> {
  const url = typeof target === 'string' ? new URL(target) : target;
  const policy = init.policy ?? outboundPolicy();
  assertOutboundUrl(url, policy);
  const mod = url.protocol === 'https:' ? https : http;
  const signal = AbortSignal.timeout(init.timeoutMs);
  return new Promise((resolve, reject) => {
    const req = mod.request(
      url,
      {
        method: init.method ?? 'GET',
        headers: { ...(init.headers ?? {}), ...(init.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(init.body)) } : {}) },
        // A fresh agent per request: no pooled socket that was opened without the guard.
        agent: new mod.Agent({ keepAlive: false }),
        lookup: guardedLookup(policy),
        signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > init.maxBytes) {
            reject(new OutboundResponseTooLargeError(url.host, init.maxBytes));
            req.destroy();
            return;
          }
          chunks.push(chunk);
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', (error) => reject(signal.aborted ? Object.assign(new Error(`no answer within ${init.timeoutMs} ms`), { name: 'TimeoutError' }) : error));
    req.end(init.body);
  });
}
