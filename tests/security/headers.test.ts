import { describe, expect, it } from 'vitest';
import nextConfig from '@/next.config.mjs';

// Every response carries the security headers (next.config.mjs headers()).
describe('security headers', () => {
  it.each([
    ['X-Content-Type-Options', /^nosniff$/],
    ['X-Frame-Options', /^DENY$/],
    ['Referrer-Policy', /^same-origin$/],
    ['Content-Security-Policy', /frame-ancestors 'none'.*base-uri 'self'.*object-src 'none'/],
    ['Permissions-Policy', /camera=\(\)/],
    ['Cross-Origin-Opener-Policy', /^same-origin$/],
    ['Strict-Transport-Security', /^max-age=\d{7,}/],
  ])('%s on every path', async (name, value) => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === '/:path*');
    expect(all?.headers.find((h) => h.key === name)?.value).toMatch(value);
  });

  it('does not announce the framework', () => {
    expect(nextConfig.poweredByHeader).toBe(false);
  });
});
