import { BlockList } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseAddressList } from './client-address';
import { classifyAddress, embeddedIpv4, isUnreachable, OutboundRefusedError, refusedClass, unreachableMessage, type OutboundPolicy } from './outbound-address';

const allowPrivate: OutboundPolicy = { privateTargets: 'allow', allow: new BlockList() };
const denyPrivate: OutboundPolicy = { privateTargets: 'deny', allow: new BlockList() };

describe('classifyAddress (issue 10 #6: the forms the attack review used, and their disguises)', () => {
  it.each([
    ['169.254.169.254', 'link-local'],
    ['169.254.170.2', 'link-local'],
    ['fe80::1', 'link-local'],
    ['fd00:ec2::254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['168.63.129.16', 'metadata'],
    // IPv4 inside IPv6: mapped (both spellings), compatible, NAT64, 6to4
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:a9fe:a9fe', 'link-local'],
    ['::169.254.169.254', 'link-local'],
    ['64:ff9b::a9fe:a9fe', 'link-local'],
    ['2002:a9fe:a9fe::1', 'link-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['127.0.0.1', 'loopback'],
    ['127.9.9.9', 'loopback'],
    ['::1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.0.10', 'private'],
    ['100.64.0.1', 'private'],
    ['fd12:3456::1', 'private'],
    ['0.0.0.0', 'unspecified'],
    ['::', 'unspecified'],
    ['224.0.0.1', 'multicast'],
    ['ff02::1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['2606:4700::1111', 'public'],
    ['::ffff:8.8.8.8', 'public'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each([
    ['::ffff:a9fe:a9fe', '169.254.169.254'],
    ['::ffff:1.2.3.4', '1.2.3.4'],
    ['64:ff9b::102:304', '1.2.3.4'],
    ['2002:102:304::', '1.2.3.4'],
    ['::1', null],
    ['2001:db8::1', null],
    ['1.2.3.4', null],
  ])('embeddedIpv4(%s) = %s', (address, v4) => {
    expect(embeddedIpv4(address)).toBe(v4);
  });
});

describe('refusedClass', () => {
  it.each([
    // link-local and metadata: refused whatever the private policy says
    ['169.254.169.254', allowPrivate, 'link-local'],
    ['::ffff:169.254.169.254', allowPrivate, 'link-local'],
    ['fd00:ec2::254', allowPrivate, 'metadata'],
    ['0.0.0.0', allowPrivate, 'unspecified'],
    // private and loopback follow RUNWELL_OUTBOUND_PRIVATE
    ['127.0.0.1', allowPrivate, null],
    ['::ffff:127.0.0.1', allowPrivate, null],
    ['10.0.0.5', allowPrivate, null],
    ['127.0.0.1', denyPrivate, 'loopback'],
    ['::ffff:7f00:1', denyPrivate, 'loopback'],
    ['192.168.1.1', denyPrivate, 'private'],
    ['8.8.8.8', denyPrivate, null],
    ['not-an-address', allowPrivate, 'reserved'],
  ] as const)('%s -> %s', (address, policy, expected) => {
    expect(refusedClass(address, policy)).toBe(expected);
  });

  it('RUNWELL_OUTBOUND_ALLOW lets an admin allow a refused address or range (also in its mapped form)', () => {
    const policy: OutboundPolicy = { privateTargets: 'deny', allow: parseAddressList('169.254.169.254, 10.0.0.0/8', 'RUNWELL_OUTBOUND_ALLOW') };
    expect(refusedClass('169.254.169.254', policy)).toBeNull();
    expect(refusedClass('::ffff:169.254.169.254', policy)).toBeNull();
    expect(refusedClass('10.20.30.40', policy)).toBeNull();
    expect(refusedClass('169.254.169.253', policy)).toBe('link-local');
    expect(refusedClass('192.168.0.1', policy)).toBe('private');
  });
});

describe('one message for no answer', () => {
  it.each(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', 'EHOSTUNREACH', 'EPROTO'])('%s reads the same as every other failure to connect', (code) => {
    const error = Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code });
    expect(isUnreachable(error)).toBe(true);
    expect(unreachableMessage('db.internal:5432', error)).toBe(unreachableMessage('db.internal:5432', { code: 'ECONNREFUSED', message: '' }));
    expect(unreachableMessage('db.internal:5432', error)).not.toMatch(/127\.0\.0\.1|ECONN|EPROTO|5432 /);
  });

  it('a policy refusal says why, and no resolved address', () => {
    const message = unreachableMessage('metadata.example', new OutboundRefusedError('metadata.example', 'link-local'));
    expect(message).toMatch(/^Could not reach metadata\.example: it is a link-local or cloud metadata address/);
    expect(message).toContain('RUNWELL_OUTBOUND_ALLOW');
    expect(message).not.toContain('169.254');
  });

  it('an HTTP answer is not a failure to connect', () => {
    expect(isUnreachable({ status: 404, message: 'HTTP 404' })).toBe(false);
  });
});
