import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages that must not be bundled (native bindings, dynamic requires).
  serverExternalPackages: ['pg', 'pg-boss', '@prisma/adapter-pg', 'prom-client'],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
