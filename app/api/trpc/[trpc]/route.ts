import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { createContext } from '@/server/trpc/context';
import { MB, nonJsonRefusal, withBodyLimit } from '@/server/security/http';
import { appRouter } from '@/server/trpc/root';

// Who may call what is declared per procedure (procedureFor(action)).
// Mutations are POSTs of JSON only: tRPC would also accept multipart/form-data
// and octet-stream bodies, which a plain cross-site HTML form can send, so
// those are refused before tRPC sees them (none of our procedures takes them).
// Bodies are read under a limit (413 above it): the largest inputs are a
// kubeconfig (1 MB) and an SLO file (2 MB).
const MAX_BODY_BYTES = 10 * MB;

async function handler(request: Request) {
  const refusal = nonJsonRefusal(request);
  if (refusal) return refusal;
  const req = await withBodyLimit(request, MAX_BODY_BYTES);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext,
    // Answers depend on who asks: no shared cache (proxy, CDN) may keep them,
    // and the browser must not keep them either (shared computers, sign-out).
    responseMeta() {
      return { headers: new Headers({ 'Cache-Control': 'private, no-store' }) };
    },
    // What the browser is not told (see errorFormatter) goes to the server log.
    onError({ error, path, ctx }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path ?? '?'} failed (request ${ctx?.requestId ?? '?'}):`, error.cause ?? error);
    },
  });
}

export { handler as GET, handler as POST };
export const dynamic = 'force-dynamic';
