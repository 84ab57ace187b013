import { BlockList, isIP } from 'node:net';

// Which addresses Runwell's server-side requests (cluster and data-source tests
// and collectors, webhooks, SMTP) may connect to. Pure: no DNS, no sockets; see
// outbound.ts for where it is applied (after DNS resolution, on the address the
// socket actually uses).
//
// - link-local, cloud metadata, unspecified, multicast and reserved addresses
//   are refused unless RUNWELL_OUTBOUND_ALLOW names them: 169.254.169.254 hands
//   out cloud credentials, and nothing legitimate lives there.
// - private and loopback addresses (clusters and the demo live there) are
//   allowed by default; RUNWELL_OUTBOUND_PRIVATE=deny refuses them too.
// - IPv6 forms that carry an IPv4 address (::ffff:a.b.c.d, ::a.b.c.d,
//   64:ff9b::/96 NAT64, 2002::/16 6to4) are judged by that IPv4 address.

export type AddressClass = 'public' | 'private' | 'loopback' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'reserved';

export type OutboundPolicy = {
  /** Whether private and loopback addresses may be reached. */
  privateTargets: 'allow' | 'deny';
  /** Addresses an admin allowed explicitly (RUNWELL_OUTBOUND_ALLOW); they pass whatever their class. */
  allow: BlockList;
};
function list(v4: string[], v6: string[]): BlockList {
  const b = new BlockList();
  for (const cidr of v4) {
    const [net, bits] = cidr.split('/');
    b.addSubnet(net!, Number(bits ?? 32), 'ipv4');
  }
  for (const cidr of v6) {
    const [net, bits] = cidr.split('/');
    b.addSubnet(net!, Number(bits ?? 128), 'ipv6');
  }
  return b;
}

// Metadata services outside link-local: AWS IMDS over IPv6, Alibaba Cloud, Azure's wireserver.
const METADATA = list(['100.100.100.200/32', '168.63.129.16/32'], ['fd00:ec2::254/128']);
const LINK_LOCAL = list(['169.254.0.0/16'], ['fe80::/10']);
const UNSPECIFIED = list(['0.0.0.0/8'], ['::/128']);
const MULTICAST = list(['224.0.0.0/4'], ['ff00::/8']);
const RESERVED = list(['240.0.0.0/4'], []);
const LOOPBACK = list(['127.0.0.0/8'], ['::1/128']);
const PRIVATE = list(['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '198.18.0.0/15'], ['fc00::/7']);

/** The eight 16-bit groups of an IPv6 address, or null. Accepts a trailing dotted quad. */
function ipv6Groups(address: string): number[] | null {
  if (isIP(address) !== 6) return null;
  let text = address.toLowerCase().split('%')[0]!;
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes('::') ? text.split('::') : [text, undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const fill = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...fill, ...right].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : null;
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, 6to4), or null. */
export function embeddedIpv4(address: string): string | null {
  const g = ipv6Groups(address);
  if (!g) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 0xff}.${lo >> 8}.${lo & 0xff}`;
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4(g[6]!, g[7]!); // ::ffff:a.b.c.d
  if (zero(0, 6) && (g[6]! > 0 || g[7]! > 1)) return v4(g[6]!, g[7]!); // ::a.b.c.d (not :: or ::1)
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4(g[6]!, g[7]!); // 64:ff9b::a.b.c.d
  if (g[0] === 0x2002) return v4(g[1]!, g[2]!); // 2002:AABB:CCDD::
  return null;
}

/** What kind of address this is; IPv6 forms carrying an IPv4 address are judged by it. */
export function classifyAddress(address: string): AddressClass {
  const inner = embeddedIpv4(address);
  const ip = inner ?? address;
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  if (METADATA.check(ip, family)) return 'metadata';
  if (LINK_LOCAL.check(ip, family)) return 'link-local';
  if (UNSPECIFIED.check(ip, family)) return 'unspecified';
  if (MULTICAST.check(ip, family)) return 'multicast';
  if (RESERVED.check(ip, family)) return 'reserved';
  if (LOOPBACK.check(ip, family)) return 'loopback';
  if (PRIVATE.check(ip, family)) return 'private';
  return 'public';
}

function allowListed(address: string, policy: OutboundPolicy): boolean {
  const inner = embeddedIpv4(address);
  for (const ip of inner ? [address, inner] : [address]) {
    if (policy.allow.check(ip, isIP(ip) === 6 ? 'ipv6' : 'ipv4')) return true;
  }
  return false;
}

/** Null when the policy lets Runwell connect to `address`, else the class that is refused. */
export function refusedClass(address: string, policy: OutboundPolicy): AddressClass | null {
  if (isIP(address) === 0) return 'reserved';
  if (allowListed(address, policy)) return null;
  const kind = classifyAddress(address);
  if (kind === 'public') return null;
  if ((kind === 'private' || kind === 'loopback') && policy.privateTargets === 'allow') return null;
  return kind;
}

export class OutboundRefusedError extends Error {
  readonly code = 'EOUTBOUND';
  constructor(
    readonly host: string,
    readonly addressClass: AddressClass,
  ) {
    super(`Could not reach ${host}: ${refusalReason(addressClass)}`);
    this.name = 'OutboundRefusedError';
  }
}

function refusalReason(kind: AddressClass): string {
  if (kind === 'private' || kind === 'loopback') return 'it is a private or loopback address, which this Runwell does not contact (RUNWELL_OUTBOUND_PRIVATE=deny)';
  if (kind === 'link-local' || kind === 'metadata') return 'it is a link-local or cloud metadata address, which Runwell does not contact unless RUNWELL_OUTBOUND_ALLOW names it';
  return 'it is not a routable address';
}

const UNREACHABLE_CODES = new Set([
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_FAIL',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EHOSTDOWN',
  'ENETUNREACH',
  'EPIPE',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'ERR_SSL_PACKET_LENGTH_TOO_LONG',
  'HPE_INVALID_CONSTANT',
  'HPE_INVALID_HEADER_TOKEN',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'ABORT_ERR',
]);

const UNREACHABLE_REASON = 'no connection could be made (refused, reset, timed out or unknown host); check the address, the port and the network';

/** True when `error` is a failure to connect (or the policy refused the address), as opposed to an answer. */
export function isUnreachable(error: unknown): boolean {
  const e = error as { code?: string; name?: string; message?: string } | null;
  if (!e) return false;
  if (e instanceof OutboundRefusedError) return true;
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return true;
  return UNREACHABLE_CODES.has(e.code ?? '') || /socket hang up|wrong version number/i.test(e.message ?? '');
}

/**
 * The one message for a request that got no answer: the policy's reason when it
 * refused the address, otherwise the same sentence whatever the socket said.
 */
export function unreachableMessage(host: string, error: unknown): string {
  if (error instanceof OutboundRefusedError) return `Could not reach ${host}: ${refusalReason(error.addressClass)}`;
  return `Could not reach ${host}: ${UNREACHABLE_REASON}`;
}

