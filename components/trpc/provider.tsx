'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '@/server/trpc/root';
import { getQueryClient, TRPC_MAX_URL_LENGTH, TRPCProvider } from './client';

export function TrpcReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      // Same transformer as the server (server/trpc/init.ts): Dates survive the trip.
      // Queries of one tick share a GET whose inputs are in the URL; a page with
      // queries per cluster (the Overview: capacity and maintenance of each) would
      // pass Node's 16 KiB header limit at a few dozen clusters and get a bare 431.
      // Batches are split at TRPC_MAX_URL_LENGTH instead.
      links: [httpBatchLink({ url: '/api/trpc', transformer: superjson, maxURLLength: TRPC_MAX_URL_LENGTH })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
