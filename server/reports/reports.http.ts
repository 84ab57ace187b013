import { z } from 'zod';
import { can, type Actor } from '../lib/roles';
import { DomainError, httpStatusOf } from '../errors';
import { requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { monthSchema } from './reports.schema';
import { monthlyReport } from './reports.service';

// GET /api/v1/reports/monthly?month=YYYY-MM (default: the last full month):
// the executive report as JSON. Who may call: an API token with the `reports`
// scope, or a signed-in executive or admin. Errors: {error, issues?: [{path, message}]}.

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

const query = z.object({ month: monthSchema.optional() }).strict();

export async function monthlyReportResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the reports scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    if (!can(actor, 'reports.view')) return json(403, { error: actor.kind === 'token' ? 'This token lacks the reports scope' : 'Your role may not read reports' });
    const q = query.parse(Object.fromEntries(new URL(req.url).searchParams.entries()));
    return json(200, await monthlyReport({ actor, requestId }, { month: q.month }, now));
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message });
    return json(503, { error: 'Report unavailable; retry' }, { 'Retry-After': '1' });
  }
}
