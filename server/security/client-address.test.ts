import { describe, expect, it } from 'vitest';
import {
  allClaimedAddresses,
  clientAddressFrom,
  forwardedChain,
  headerGetter,
  normalizeAddress,
  parseTrustedProxies,
} from './client-address';

describe('normalizeAddress', () => {
  it.each<[string | null, string | null]>([
    ['203.0.113.7', '203.0.113.7'],
    [' 203.0.113.7 ', '203.0.113.7'],
    ['203.0.113.7:5123', '203.0.113.7'],
    ['[2001:DB8::1]:443', '2001:db8::1'],
    ['"[2001:db8::1]"', '2001:db8::1'],
    ['::ffff:127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['unknown', null],
    ['_hidden', null],
    ['', null],
    [null, null],
  ])('%j -> %j', (raw, expected) => {
    expect(normalizeAddress(raw)).toBe(expected);
  });
});

describe('parseTrustedProxies', () => {
  it('takes addresses and CIDRs of both families', () => {
    const list = parseTrustedProxies(' 10.0.0.0/8, 127.0.0.1 ,fd00::/8');
    expect(list.check('10.20.30.40', 'ipv4')).toBe(true);
    expect(list.check('127.0.0.1', 'ipv4')).toBe(true);
    expect(list.check('127.0.0.2', 'ipv4')).toBe(false);
    expect(list.check('fd12::1', 'ipv6')).toBe(true);
  });
  it.each(['proxy.example', '10.0.0.0/33', '10.0.0.0/x'])('refuses %j', (spec) => {
    expect(() => parseTrustedProxies(spec)).toThrow(/RUNWELL_TRUSTED_PROXIES/);
  });
  it('is empty when unset', () => {
    expect(parseTrustedProxies(undefined).check('127.0.0.1', 'ipv4')).toBe(false);
  });
});

describe('clientAddressFrom', () => {
  const proxies = parseTrustedProxies('10.0.0.2, 10.0.0.3');
  const none = parseTrustedProxies('');
  const peer = (addr: string, extra: Record<string, string> = {}) => headerGetter({ 'x-runwell-peer': addr, ...extra });

  it.each<[string, Record<string, string>, ReturnType<typeof parseTrustedProxies>, string | null]>([
    // No trusted proxies: every proxy header is ignored (issue 10, finding 10).
    ['XFF from an untrusted peer', { 'x-runwell-peer': '198.51.100.9', 'x-forwarded-for': '127.0.0.1' }, none, '198.51.100.9'],
    ['X-Real-IP from an untrusted peer', { 'x-runwell-peer': '198.51.100.9', 'x-real-ip': '127.0.0.1' }, none, '198.51.100.9'],
    ['Forwarded from an untrusted peer', { 'x-runwell-peer': '198.51.100.9', forwarded: 'for=127.0.0.1' }, none, '198.51.100.9'],
    ['mapped v6 peer', { 'x-runwell-peer': '::ffff:198.51.100.9' }, none, '198.51.100.9'],
    // A trusted proxy: the right-most hop that is not a trusted proxy.
    ['trusted proxy, XFF', { 'x-runwell-peer': '10.0.0.2', 'x-forwarded-for': '203.0.113.7' }, proxies, '203.0.113.7'],
    ['trusted proxy, spoofed left part', { 'x-runwell-peer': '10.0.0.2', 'x-forwarded-for': '127.0.0.1, 203.0.113.7' }, proxies, '203.0.113.7'],
    ['two trusted proxies', { 'x-runwell-peer': '10.0.0.2', 'x-forwarded-for': '203.0.113.7, 10.0.0.3' }, proxies, '203.0.113.7'],
    ['trusted proxy, Forwarded', { 'x-runwell-peer': '10.0.0.2', forwarded: 'for="[2001:db8::7]:443";proto=https' }, proxies, '2001:db8::7'],
    ['trusted proxy, X-Real-IP', { 'x-runwell-peer': '10.0.0.2', 'x-real-ip': '203.0.113.8' }, proxies, '203.0.113.8'],
    ['trusted proxy, no header', { 'x-runwell-peer': '10.0.0.2' }, proxies, '10.0.0.2'],
    ['trusted proxy, unreadable hop', { 'x-runwell-peer': '10.0.0.2', 'x-forwarded-for': '203.0.113.7, unknown' }, proxies, '10.0.0.2'],
    ['no peer stamp', { 'x-forwarded-for': '203.0.113.7' }, proxies, null],
  ])('%s', (_name, headers, trusted, expected) => {
    expect(clientAddressFrom(headerGetter(headers), { trustedProxies: trusted, stampActive: true })).toBe(expected);
  });

  it('ignores X-Runwell-Peer in a process without the peer stamp (it could be forged)', () => {
    expect(clientAddressFrom(peer('127.0.0.1'), { trustedProxies: none, stampActive: false })).toBeNull();
  });

  it('reads Headers objects and plain records alike', () => {
    expect(headerGetter(new Headers({ 'X-Real-IP': '1.2.3.4' }))('x-real-ip')).toBe('1.2.3.4');
    expect(headerGetter({ 'x-real-ip': ['1.2.3.4', '5.6.7.8'] })('x-real-ip')).toBe('1.2.3.4, 5.6.7.8');
    expect(headerGetter(undefined)('x-real-ip')).toBeNull();
  });
});

describe('forwardedChain / allClaimedAddresses', () => {
  it('X-Forwarded-For wins over Forwarded and X-Real-IP for the chain', () => {
    const get = headerGetter({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2', forwarded: 'for=3.3.3.3', 'x-real-ip': '4.4.4.4' });
    expect(forwardedChain(get)).toEqual(['1.1.1.1', '2.2.2.2']);
    expect(allClaimedAddresses(get)).toEqual(['1.1.1.1', '2.2.2.2', '3.3.3.3', '4.4.4.4']);
  });
  it('reads several Forwarded elements', () => {
    expect(forwardedChain(headerGetter({ forwarded: 'for=192.0.2.60;proto=http, for=198.51.100.17' }))).toEqual(['192.0.2.60', '198.51.100.17']);
  });
});
