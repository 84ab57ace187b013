import { isServer, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { createTRPCContext } from '@trpc/tanstack-react-query';
// Type-only: the router's types cross into the browser, its code never does.
import type { AppRouter } from '@/server/trpc/root';
import { errorCode } from './errors';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** The longest batched GET a client sends: well under Node's 16 KiB request-header limit, with room for cookies. */
export const TRPC_MAX_URL_LENGTH = 8_000;

// An expired or revoked session shows up as UNAUTHORIZED on any call: send the
// person to sign in again instead of leaving a half-broken page.
function onUnauthorized(error: unknown) {
  if (isServer || errorCode(error) !== 'UNAUTHORIZED') return;
  const back = window.location.pathname + window.location.search;
  window.location.assign(`/signin?callbackUrl=${encodeURIComponent(back)}`);
}

const NO_RETRY_CODES = new Set(['BAD_REQUEST', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'CONFLICT']);

function makeQueryClient(): QueryClient {
  return new QueryClient({
    queryCache: new QueryCache({ onError: onUnauthorized }),
    mutationCache: new MutationCache({ onError: onUnauthorized }),
    defaultOptions: {
      queries: {
        staleTime: 15_000,
        // Retrying a refusal only delays the message the person needs to see.
        retry: (failureCount, error) => {
          const code = errorCode(error);
          return !(code && NO_RETRY_CODES.has(code)) && failureCount < 2;
        },
      },
    },
  });
}

let browserQueryClient: QueryClient | undefined;

// One client per browser tab; a fresh one per server render so that no data
// leaks between requests.
export function getQueryClient(): QueryClient {
  if (isServer) return makeQueryClient();
  browserQueryClient ??= makeQueryClient();
  return browserQueryClient;
}
