import { z } from 'zod';
import { text } from '../lib/text';
import { requestIdOf } from '../security/http';
import { can, type Actor } from '../lib/roles';
import { DomainError, httpStatusOf } from '../errors';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { budgetPolicy } from './slo.service';

// GET /api/v1/services/{id}/budget-policy: the error-budget policy band of a
// service and the budget figures of its SLOs, worst first (for the change gate
// and alert triage). Who may call: an API token with the `read` scope (or any
// scope granting app.read), or a signed-in person. Errors are Kubernetes
// Status-like JSON: {kind: "Status", status: "Failure", code, reason, message}.

const REASONS: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 500: 'InternalError', 503: 'ServiceUnavailable' };

export function status(code: number, message: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason: REASONS[code] ?? 'Error', message, ...extra }), {
    status: code,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers },
  });
}

const paramsSchema = z.object({ id: text().trim().min(1, 'must be a service id').max(100, 'must be at most 100 characters') });

export async function budgetPolicyResponse(req: Request, params: unknown, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) {
      return status(401, bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the read scope (Authorization: Bearer rw_...)', {}, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    }
    if (!can(actor, 'app.read')) return status(403, 'This token lacks the read scope');
    const parsed = paramsSchema.safeParse(params);
    if (!parsed.success) {
      return status(400, 'Invalid request', { details: { issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } });
    }
    const body = await budgetPolicy({ actor, requestId }, parsed.data.id, now);
    return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof DomainError) return status(httpStatusOf[error.code], error.message);
    return status(503, 'Budget policy unavailable; retry', {}, { 'Retry-After': '1' });
  }
}
