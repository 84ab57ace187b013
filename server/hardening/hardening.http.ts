import { z } from 'zod';
import { DomainError, httpStatusOf } from '../errors';
import { fromZodIssues } from '../lib/issues';
import type { Actor } from '../lib/roles';
import { requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { importKubeBench } from './hardening.service';

// POST /api/v1/security/kube-bench?cluster=C&node=N[&runAt=ISO]
// Body: kube-bench's JSON output as it is (`kube-bench run --json`), e.g.
//   curl --data-binary @results.json -H 'Authorization: Bearer rw_...' \
//     'https://runwell/api/v1/security/kube-bench?cluster=prod&node=worker-1'
// Who may call: an API token with the `security` scope, or a signed-in
// engineer and up (security.import). 201 with the run's score, the node's
// previous score and whether it dropped; 400 {error, issues: [{path, message}]}
// naming the field of the file (Controls[0].tests[1].results[2].status) or the
// query parameter that was wrong.

const MAX_BYTES = 5 * 1024 * 1024;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

export async function kubeBenchImportResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the security scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    if (Number(req.headers.get('content-length') ?? 0) > MAX_BYTES) return json(413, { error: 'kube-bench results above 5 MB are refused' });
    const raw = await req.text();
    if (raw.length > MAX_BYTES) return json(413, { error: 'kube-bench results above 5 MB are refused' });
    let results: unknown;
    try {
      results = JSON.parse(raw);
    } catch (e) {
      return json(400, { error: 'Invalid request', issues: [{ path: '(body)', message: `is not JSON: ${(e as Error).message}` }] });
    }
    const target = Object.fromEntries(new URL(req.url).searchParams.entries());
    return json(201, await importKubeBench({ actor, requestId }, target, results, 'api', now));
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: fromZodIssues(error.issues).map(({ path, message }) => ({ path, message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message, ...(error.field ? { issues: [{ path: error.field, message: error.message }] } : {}) });
    return json(503, { error: 'Security import unavailable; retry' }, { 'Retry-After': '1' });
  }
}
