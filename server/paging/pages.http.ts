import { z } from 'zod';
import { text } from '../lib/text';
import { can, type Actor } from '../lib/roles';
import { DomainError, httpStatusOf } from '../errors';
import { crossSiteRefusal, readJsonBody, requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { acknowledgePage, resolvePage } from './paging.service';

// POST /api/v1/pages/{id}/ack and /resolve: answer a page from a chat bot,
// a phone app or a script. Who may call: an API token with the `pages` scope
// (action incident.respond), or a signed-in responder (engineer and up).
// Body (optional JSON): {actionable?: boolean, note?: string}.

// {actionable, note} with a 2000-character note fits in a few kB.
const MAX_BODY_BYTES = 64 * 1024;

const paramsSchema = z.object({ id: text().trim().min(1, 'must be a page id').max(100) });
const bodySchema = z
  .object({ actionable: z.boolean().optional(), note: text().trim().max(2000, 'must be at most 2000 characters').optional() })
  .strict();

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

export async function pageActionResponse(req: Request, params: unknown, action: 'ack' | 'resolve', sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    // The session cookie is ambient: refuse it on requests started by another site.
    const refusal = bearer ? null : crossSiteRefusal(req);
    if (refusal) return json(403, { error: refusal });
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the pages scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    if (!can(actor, 'incident.respond')) return json(403, { error: 'This token lacks the pages scope' });
    const p = paramsSchema.safeParse(params);
    const body = await readJsonBody(req, MAX_BODY_BYTES, { allowEmpty: true });
    if (!body.ok) return json(body.status, { error: body.error, issues: body.issues });
    const b = bodySchema.safeParse(body.value);
    if (!p.success || !b.success) {
      const issues = [...(p.success ? [] : p.error.issues), ...(b.success ? [] : b.error.issues)].map((i) => ({ path: i.path.join('.'), message: i.message }));
      return json(400, { error: 'Invalid request', issues });
    }
    const ctx = { actor, requestId };
    const page = action === 'ack' ? await acknowledgePage(ctx, { id: p.data.id, ...b.data }, now) : await resolvePage(ctx, { id: p.data.id, ...b.data }, now);
    return json(200, { id: page.id, status: page.status, acknowledgedAt: page.acknowledgedAt, resolvedAt: page.resolvedAt, actionable: page.actionable });
  } catch (error) {
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message });
    return json(503, { error: 'Page not updated; retry' }, { 'Retry-After': '1' });
  }
}
