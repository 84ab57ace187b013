import { BlockList, isIP } from 'node:net';

// The one answer to "who is calling?" used everywhere an address matters
// (sign-in rate limits, /metrics, audit). Rules:
// - The TCP peer comes from X-Runwell-Peer, which server/security/peer-stamp.mjs
//   writes from the socket in the web process started by `runwell serve`. In a
//   process without that preload (next dev, tests) the header may be forged, so
//   it is ignored and the address is unknown (null).
// - X-Forwarded-For, Forwarded (for=) and X-Real-IP are believed only when the
//   peer is a configured proxy (RUNWELL_TRUSTED_PROXIES: addresses or CIDRs).
//   Then the client is the right-most address in the chain that is not itself
//   a trusted proxy (everything left of it could be written by the client).
// - Otherwise the client is the peer, whatever the headers say.

const PEER_HEADER = 'x-runwell-peer';
const STAMP = Symbol.for('runwell.peerStamp');

export type HeaderGetter = (name: string) => string | null | undefined;

export function headerGetter(headers: Headers | Record<string, string | string[] | undefined> | undefined | null): HeaderGetter {
  if (!headers) return () => null;
  if (typeof (headers as Headers).get === 'function') return (name) => (headers as Headers).get(name);
  const record = headers as Record<string, string | string[] | undefined>;
  return (name) => {
    const value = record[name] ?? record[name.toLowerCase()];
    return Array.isArray(value) ? value.join(', ') : value;
  };
}

function peerStampActive(): boolean {
  return (globalThis as Record<symbol, unknown>)[STAMP] === true;
}

/** `1.2.3.4`, `[::1]:80`, `1.2.3.4:5678`, `::ffff:1.2.3.4`, `"[2001:db8::1]"` -> a bare address, or null. */
export function normalizeAddress(raw: string | null | undefined): string | null {
  if (!raw) return null;
  let value = raw.trim().replace(/^"|"$/g, '');
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) value = bracketed[1]!;
  else if (/^[\d.]+:\d+$/.test(value)) value = value.slice(0, value.lastIndexOf(':'));
  value = value.toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value);
  if (mapped) value = mapped[1]!;
  return isIP(value) ? value : null;
}

/** RUNWELL_TRUSTED_PROXIES as a matcher; throws on an entry that is not an address or CIDR. */
export function parseTrustedProxies(spec: string | undefined): BlockList {
  return parseAddressList(spec, 'RUNWELL_TRUSTED_PROXIES');
}

/** A comma-separated list of addresses and CIDRs as a matcher; throws, naming `setting`, on a bad entry. */
export function parseAddressList(spec: string | undefined, setting: string): BlockList {
  const list = new BlockList();
  for (const entry of (spec ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
    const [address, bits] = entry.split('/');
    const normalized = normalizeAddress(address);
    if (!normalized) throw new Error(`${setting}: "${entry}" is not an IP address or CIDR`);
    const family = isIP(normalized) === 6 ? 'ipv6' : 'ipv4';
    if (bits === undefined) list.addAddress(normalized, family);
    else {
      const prefix = Number(bits);
      const max = family === 'ipv6' ? 128 : 32;
      if (!Number.isInteger(prefix) || prefix < 0 || prefix > max) throw new Error(`${setting}: "${entry}" has a bad prefix length`);
      list.addSubnet(normalized, prefix, family);
    }
  }
  return list;
}

function isTrusted(list: BlockList, address: string): boolean {
  return list.check(address, isIP(address) === 6 ? 'ipv6' : 'ipv4');
}

/** Every address a proxy header names, left to right (X-Forwarded-For, then Forwarded for=, then X-Real-IP). */
export function forwardedChain(get: HeaderGetter): string[] {
  const xff = (get('x-forwarded-for') ?? '').split(',').map((h) => h.trim()).filter(Boolean);
  const forwarded = [...(get('forwarded') ?? '').matchAll(/(?:^|[;,\s])for=("[^"]*"|[^;,\s]+)/gi)].map((m) => m[1]!);
  const realIp = (get('x-real-ip') ?? '').trim();
  const chain = xff.length ? xff : forwarded.length ? forwarded : realIp ? [realIp] : [];
  // An entry that is not an address ("unknown", "_hidden") stays as written so
  // it is never mistaken for a trusted proxy or for loopback.
  return chain.map((hop) => normalizeAddress(hop) ?? hop);
}

/** Every address named by ANY proxy header, whoever sent it: used only to refuse (never to grant). */
export function allClaimedAddresses(get: HeaderGetter): string[] {
  const xff = (get('x-forwarded-for') ?? '').split(',');
  const forwarded = [...(get('forwarded') ?? '').matchAll(/(?:^|[;,\s])for=("[^"]*"|[^;,\s]+)/gi)].map((m) => m[1]!);
  const realIp = [get('x-real-ip') ?? ''];
  return [...xff, ...forwarded, ...realIp].map((h) => h.trim()).filter(Boolean).map((hop) => normalizeAddress(hop) ?? hop);
}

export function clientAddressFrom(
  get: HeaderGetter,
  options: { trustedProxies: BlockList; stampActive: boolean },
): string | null {
  if (!options.stampActive) return null;
  const peer = normalizeAddress(get(PEER_HEADER));
  if (!peer) return null;
  if (!isTrusted(options.trustedProxies, peer)) return peer;
  const chain = forwardedChain(get);
  for (let i = chain.length - 1; i >= 0; i--) {
    const hop = chain[i]!;
    if (isIP(hop) === 0) return peer; // a hop we cannot read: do not look past it
    if (!isTrusted(options.trustedProxies, hop)) return hop;
  }
  return chain[0] && isIP(chain[0]) ? chain[0] : peer;
}

let cached: { spec: string | undefined; list: BlockList } | undefined;
function trustedProxies(): BlockList {
  const spec = process.env.RUNWELL_TRUSTED_PROXIES;
  if (!cached || cached.spec !== spec) cached = { spec, list: parseTrustedProxies(spec) };
  return cached.list;
}

/** The calling client's address, or null when this process cannot know it. */
export function clientAddress(headers: Headers | Record<string, string | string[] | undefined> | undefined | null): string | null {
  return clientAddressFrom(headerGetter(headers), { trustedProxies: trustedProxies(), stampActive: peerStampActive() });
}
