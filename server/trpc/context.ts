import { TRPCError } from '@trpc/server';
import { requestIdOf } from '../security/http';
import type { Actor } from '../lib/roles';
import { currentUser } from '../auth/session';
import { resolveCaller } from '../http/caller';

export type TrpcContext = { actor: Actor | null; requestId: string };

// A request is made either by a signed-in person (session cookie) or by an API
// token (Authorization: Bearer rw_...). Nothing else is trusted.
export async function createContext({ req }: { req: Request }): Promise<TrpcContext> {
  const requestId = requestIdOf(req);
  // server/http/caller.ts: a token, or the session unless another site started the request.
  const caller = await resolveCaller(req, currentUser);
  if (caller.via === 'refused') throw new TRPCError({ code: 'FORBIDDEN', message: caller.refusal });
  return { actor: caller.actor, requestId };
}
