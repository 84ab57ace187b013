import type { Actor } from '../lib/roles';
import { crossSiteRefusal } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';

// Who is calling: an API token (Authorization: Bearer rw_...) or, where the
// route accepts it, the signed-in person's session cookie. The one place that
// decides it, for the tRPC context and every REST route (server/http/rest.ts).

export type Caller =
  /** A token was sent: `actor` is null when it is unknown, expired or revoked. */
  | { via: 'token'; actor: Actor | null }
  /** No token: the session's person, or null when nobody is signed in. */
  | { via: 'session'; actor: Actor | null }
  /** No token, and the request was started by another site: the cookie must not act (CSRF). */
  | { via: 'refused'; actor: null; refusal: string };

export async function resolveCaller(req: Request, session: (() => Promise<Actor | null>) | null): Promise<Caller> {
  const bearer = bearerFrom(req.headers.get('authorization'));
  if (bearer) return { via: 'token', actor: await authenticateToken(bearer) };
  if (!session) return { via: 'session', actor: null };
  // The session cookie is ambient: a mutation started by another site must not
  // ride on it (API tokens are not ambient, so they need no such check).
  const refusal = crossSiteRefusal(req);
  if (refusal) return { via: 'refused', actor: null, refusal };
  return { via: 'session', actor: await session() };
}
