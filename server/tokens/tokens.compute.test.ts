import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bearerFrom, displayPrefix, generateTokenSecret, hashToken, isUsable, shouldTouch, TOKEN_PREFIX } from './tokens.compute';

const now = new Date('2026-05-01T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);
const ahead = (ms: number) => new Date(now.getTime() + ms);

describe('generateTokenSecret', () => {
  it('is rw_ plus 32 random bytes in base64url', () => {
    const secrets = new Set(Array.from({ length: 50 }, generateTokenSecret));
    expect(secrets.size).toBe(50);
    for (const s of secrets) expect(s).toMatch(/^rw_[A-Za-z0-9_-]{43}$/);
    expect(TOKEN_PREFIX).toBe('rw_');
  });
});

describe('hashToken', () => {
  it('is the sha256 hex of the secret', () => {
    const secret = 'rw_example';
    expect(hashToken(secret)).toBe(createHash('sha256').update(secret).digest('hex'));
    expect(hashToken(secret)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashToken(secret)).not.toBe(hashToken(`${secret}x`));
  });
});

describe('displayPrefix', () => {
  it.each([
    ['rw_abcdefghijkl', 'rw_abcdef'],
    ['rw_abc', 'rw_abc'],
  ])('%s -> %s', (secret, prefix) => {
    expect(displayPrefix(secret)).toBe(prefix);
  });
});

describe('isUsable', () => {
  it.each([
    { label: 'active, no expiry', revokedAt: null, expiresAt: null, usable: true },
    { label: 'expires later', revokedAt: null, expiresAt: ahead(1), usable: true },
    { label: 'expires exactly now', revokedAt: null, expiresAt: now, usable: false },
    { label: 'expired', revokedAt: null, expiresAt: ago(1), usable: false },
    { label: 'revoked', revokedAt: ago(1000), expiresAt: null, usable: false },
    { label: 'revoked and not yet expired', revokedAt: ago(1000), expiresAt: ahead(1000), usable: false },
  ])('$label -> $usable', ({ revokedAt, expiresAt, usable }) => {
    expect(isUsable({ revokedAt, expiresAt }, now)).toBe(usable);
  });
});

describe('shouldTouch', () => {
  it.each([
    { label: 'never used', lastUsedAt: null, touch: true },
    { label: 'used 10 s ago', lastUsedAt: ago(10_000), touch: false },
    { label: 'used exactly 60 s ago', lastUsedAt: ago(60_000), touch: false },
    { label: 'used 61 s ago', lastUsedAt: ago(61_000), touch: true },
  ])('$label -> $touch', ({ lastUsedAt, touch }) => {
    expect(shouldTouch(lastUsedAt, now)).toBe(touch);
  });
});

describe('bearerFrom', () => {
  it.each([
    ['Bearer rw_abc', 'rw_abc'],
    ['bearer rw_abc', 'rw_abc'],
    ['Bearer   rw_abc', 'rw_abc'],
    ['Basic dXNlcjpwYXNz', null],
    ['Bearer', null],
    ['Bearer a b', null],
    ['', null],
    [null, null],
    [undefined, null],
  ])('%j -> %j', (header, secret) => {
    expect(bearerFrom(header)).toBe(secret);
  });
});
