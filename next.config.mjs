// @ts-check
// Plain JavaScript on purpose: a next.config.ts makes `next start` load the SWC
// compiler (~23 MiB resident) into the production web process just to read it.
// next.config.d.mts gives it its type for the tests that import it.

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Server-only packages that must not be bundled (native bindings, dynamic requires).
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/adapter-pg', 'prom-client', '@react-pdf/renderer'],
  poweredByHeader: false,
  // forbidden() from next/navigation: the "no access" page answers 403.
  experimental: { authInterrupts: true },
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          // The baseline for every response: no framing (clickjacking), no <base>
          // hijack, no plugins. Pages get the full policy with a per-request
          // script nonce from proxy.ts (server/security/csp.ts) on top of it.
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'; base-uri 'self'; object-src 'none'" },
          { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
          { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
          // Ignored by browsers on plain http; behind TLS it keeps them on https.
          { key: 'Strict-Transport-Security', value: 'max-age=15552000' },
        ],
      },
    ];
  },
};

export default nextConfig;
