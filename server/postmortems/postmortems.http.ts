import { z } from 'zod';
import { can, type Actor } from '../lib/roles';
import { DomainError, httpStatusOf } from '../errors';
import { idText } from '../lib/text';
import { requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { listActionItems } from './action-items.service';
import { ACTION_STATUSES, ACTION_TYPES, POSTMORTEM_STATES } from './postmortems.schema';
import { getPostmortem, listPostmortems, postmortemAsMarkdown } from './postmortems.service';

// GET /api/v1/postmortems, /api/v1/postmortems/{id} (JSON, or Markdown with
// Accept: text/markdown or ?format=markdown) and /api/v1/action-items: wiki and
// tracker exports. Who may call: an API token with the `incidents` scope
// (action postmortem.read), or a signed-in person. Viewers, executives and
// their sessions see published post-mortems only; tokens see drafts too.
// Errors: {error, issues?: [{path, message}]}.

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const page = z.coerce.number().int().min(1).max(100_000).default(1);
const pageSize = z.coerce.number().int().min(1).max(200).default(50);

const listQuery = z
  .object({ team: idText().optional(), service: idText().optional(), severity: z.enum(['P1', 'P2', 'P3']).optional(), state: z.enum(POSTMORTEM_STATES).optional(), overdue: bool.optional(), page, pageSize })
  .strict();
const itemsQuery = z
  .object({ team: idText().optional(), owner: idText().optional(), status: z.enum([...ACTION_STATUSES, 'unfinished']).optional(), type: z.enum(ACTION_TYPES).optional(), overdue: bool.optional(), page, pageSize })
  .strict();
const idParams = z.object({ id: idText().max(100) });
const formatQuery = z.object({ format: z.enum(['json', 'markdown']).optional() }).strict();

type Handler = (actor: Actor, requestId: string | null, url: URL, req: Request) => Promise<Response>;

async function guarded(req: Request, sessionActor: () => Promise<Actor | null>, handle: Handler): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the incidents scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    if (!can(actor, 'postmortem.read')) return json(403, { error: 'This token lacks the incidents scope' });
    return await handle(actor, requestId, new URL(req.url), req);
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message });
    return json(503, { error: 'Post-mortems unavailable; retry' }, { 'Retry-After': '1' });
  }
}

const queryOf = (url: URL) => Object.fromEntries(url.searchParams.entries());

export function listPostmortemsResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId, url) => {
    const q = listQuery.parse(queryOf(url));
    const r = await listPostmortems({ actor, requestId }, { teamId: q.team, serviceId: q.service, severity: q.severity, state: q.state, overdue: q.overdue, page: q.page, pageSize: q.pageSize }, now);
    return json(200, { ...r, items: r.items.map(({ sections: _sections, ...rest }) => rest) });
  });
}

export function getPostmortemResponse(req: Request, params: unknown, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId, url) => {
    const { id } = idParams.parse(params);
    const { format } = formatQuery.parse(queryOf(url));
    const wantsMarkdown = format === 'markdown' || (format === undefined && /\btext\/markdown\b/.test(req.headers.get('accept') ?? ''));
    if (wantsMarkdown) {
      const md = await postmortemAsMarkdown({ actor, requestId }, id, now);
      return new Response(md, { status: 200, headers: { 'Content-Type': 'text/markdown; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Disposition': `inline; filename="postmortem-${id}.md"` } });
    }
    return json(200, await getPostmortem({ actor, requestId }, id, now));
  });
}

export function listActionItemsResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId, url) => {
    const q = itemsQuery.parse(queryOf(url));
    return json(200, await listActionItems({ actor, requestId }, { teamId: q.team, ownerId: q.owner, status: q.status, type: q.type, overdue: q.overdue, page: q.page, pageSize: q.pageSize }, now));
  });
}
