import { TRPCError } from '@trpc/server';
import { crossSiteRefusal, requestIdOf } from '../security/http';
import type { Actor } from '../lib/roles';
import { currentUser } from '../auth/session';
import { authenticateToken } from '../tokens/tokens.service';
import { bearerFrom } from '../tokens/tokens.compute';

export type TrpcContext = { actor: Actor | null; requestId: string };

// A request is made either by a signed-in person (session cookie) or by an API
// token (Authorization: Bearer rw_...). Nothing else is trusted.
export async function createContext({ req }: { req: Request }): Promise<TrpcContext> {
  const requestId = requestIdOf(req);
  const bearer = bearerFrom(req.headers.get('authorization'));
  // The session cookie is ambient: a mutation started by another site must not
  // ride on it (API tokens are not ambient, so they need no such check).
  const refusal = bearer ? null : crossSiteRefusal(req);
  if (refusal) throw new TRPCError({ code: 'FORBIDDEN', message: refusal });
  const actor = bearer ? await authenticateToken(bearer) : await currentUser();
  return { actor, requestId };
}
