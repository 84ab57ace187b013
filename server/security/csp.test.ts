import { describe, expect, it } from 'vitest';
import { contentSecurityPolicy, newNonce } from './csp';

describe('contentSecurityPolicy', () => {
  it('allows scripts only with the nonce (issue 10, finding 10)', () => {
    const csp = contentSecurityPolicy('abc123==');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'self'");
  });
  it("adds 'unsafe-eval' only in development", () => {
    expect(contentSecurityPolicy('n', { dev: true })).toContain("'unsafe-eval'");
  });
  it('makes a fresh 128-bit nonce each time', () => {
    const a = newNonce();
    expect(Buffer.from(a, 'base64')).toHaveLength(16);
    expect(newNonce()).not.toBe(a);
  });
});
