import type { Metadata, Viewport } from 'next';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import { THEME_BOOTSTRAP_SCRIPT } from '@/components/shell/theme';
import { ThemeSync } from '@/components/shell/ThemeSync';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Runwell', template: '%s · Runwell' },
  description: 'The SRE control plane for teams that run Kubernetes in production',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
};

// Reading the request headers renders every page per request, which the CSP
// nonce needs (proxy.ts makes a new one for each request).
export default async function RootLayout({ children }: { children: ReactNode }) {
  const nonce = (await headers()).get('x-nonce') ?? undefined;
  return (
    // The bootstrap script sets data-theme before React hydrates, hence the warning suppression.
    <html lang="en" suppressHydrationWarning>
      <head>
        <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: THEME_BOOTSTRAP_SCRIPT }} />
      </head>
      <body>
        <ThemeSync />
        {children}
      </body>
    </html>
  );
}
