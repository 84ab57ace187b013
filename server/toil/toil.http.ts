import { z } from 'zod';
import { DomainError, httpStatusOf } from '../errors';
import { fromZodIssues } from '../lib/issues';
import type { Actor } from '../lib/roles';
import { requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { getToilOverview, logToil } from './toil.service';

// The toil budget for scripts and bots (docs/domains.md):
//   POST /api/v1/toil   {team, hours, what, day?}: log toil (201) -> {entry, team: the team's current sprint}
//   GET  /api/v1/toil?sprints=N   every team's toil per sprint
// Who may call: an API token with the `toil` scope (logs and reads; `read`
// tokens read), or a signed-in person (logging needs toil.log: engineers and up).
// Errors: {error, issues?: [{path, message}]} with the path of each bad field.

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

async function guarded(req: Request, sessionActor: () => Promise<Actor | null>, handle: (actor: Actor, requestId: string | null) => Promise<Response>): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the toil scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    return await handle(actor, requestId);
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: fromZodIssues(error.issues).map(({ path, message }) => ({ path, message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message, ...(error.field ? { issues: [{ path: error.field, message: error.message }] } : {}) });
    return json(503, { error: 'Toil budget unavailable; retry' }, { 'Retry-After': '1' });
  }
}

export function logToilResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId) => {
    let input: unknown;
    try {
      input = await req.json();
    } catch {
      throw new DomainError('BAD_INPUT', 'Body is not JSON', '(body)');
    }
    return json(201, await logToil({ actor, requestId }, input, 'api', now));
  });
}

const query = z.object({ sprints: z.coerce.number().int().min(1).max(26).optional() }).strict();

export function toilOverviewResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId) => {
    const q = query.parse(Object.fromEntries(new URL(req.url).searchParams.entries()));
    return json(200, await getToilOverview({ actor, requestId }, { sprints: q.sprints ?? 8 }, now));
  });
}
