import { z } from 'zod';
import { DomainError, httpStatusOf } from '../errors';
import { fromZodIssues } from '../lib/issues';
import type { Actor } from '../lib/roles';
import { idText } from '../lib/text';
import { requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { TIERS } from './changes.schema';
import { createChange, getChange, listChanges, previewGate, transitionChange } from './changes.service';

// The change ledger for CI and GitOps (docs/changes.md):
//   POST  /api/v1/changes              record a change; answers with the gate decision (201, or 200 for a repeated externalId)
//   PATCH /api/v1/changes/{id}         {status, at?}: in_progress, succeeded, failed, rolled_back
//   GET   /api/v1/changes, /{id}       the ledger
//   GET   /api/v1/changes/gate?service=S&service=S2&tier=T2[&at=ISO][&reliability=true]
// Who may call: an API token with the `changes` scope (the gate also answers
// `check` and `read` tokens), or a signed-in person. Errors:
// {error, issues?: [{path, message}]} with the path of each bad field.

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

type Handler = (actor: Actor, requestId: string | null, url: URL) => Promise<Response>;

async function guarded(req: Request, sessionActor: () => Promise<Actor | null>, handle: Handler): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
    if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the changes scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
    return await handle(actor, requestId, new URL(req.url));
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: fromZodIssues(error.issues).map(({ path, message }) => ({ path, message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message, ...(error.field ? { issues: [{ path: error.field, message: error.message }] } : {}) });
    return json(503, { error: 'Change ledger unavailable; retry' }, { 'Retry-After': '1' });
  }
}

async function body(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new DomainError('BAD_INPUT', 'Body is not JSON', '(body)');
  }
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const gateParams = z
  .object({ service: z.array(idText().max(100)).min(1, 'name at least one service (?service=slug)'), tier: z.enum(TIERS, { message: 'must be T1, T2 or T3' }), at: z.string().optional(), reliability: bool.optional() })
  .strict();

export function gateResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId, url) => {
    const raw: Record<string, unknown> = {};
    for (const [k, v] of url.searchParams.entries()) raw[k] = k === 'service' ? [...((raw.service as string[]) ?? []), v] : v;
    const q = gateParams.parse(raw);
    return json(200, await previewGate({ actor, requestId }, { services: q.service, tier: q.tier, at: q.at, reliability: q.reliability ?? false }, now));
  });
}

export function createChangeResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId) => {
    // API callers are "api" unless a GitOps controller says so.
    const input = (await body(req)) as Record<string, unknown> | null;
    const source = input && typeof input === 'object' && input.source === 'gitops' ? 'gitops' : 'api';
    const { source: _ignored, ...rest } = input && typeof input === 'object' ? input : ({} as Record<string, unknown>);
    const r = await createChange({ actor, requestId }, rest, source, now);
    return json(r.created ? 201 : 200, { ...r.change, gate: r.gate, created: r.created, ...(r.tierSuggestion ? { tierSuggestion: r.tierSuggestion } : {}) });
  });
}

const listQuery = z
  .object({ service: idText().optional(), team: idText().optional(), status: z.string().optional(), tier: z.string().optional(), source: z.string().optional(), page: z.coerce.number().int().optional(), pageSize: z.coerce.number().int().optional() })
  .strict();

export function listChangesResponse(req: Request, sessionActor: () => Promise<Actor | null>): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId, url) => {
    const q = listQuery.parse(Object.fromEntries(url.searchParams.entries()));
    return json(200, await listChanges({ actor, requestId }, q));
  });
}

const idParams = z.object({ id: idText().max(100) });

export function getChangeResponse(req: Request, params: unknown, sessionActor: () => Promise<Actor | null>): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId) => json(200, await getChange({ actor, requestId }, idParams.parse(params))));
}

export function patchChangeResponse(req: Request, params: unknown, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  return guarded(req, sessionActor, async (actor, requestId) => {
    const { id } = idParams.parse(params);
    const input = await body(req);
    return json(200, await transitionChange({ actor, requestId }, { ...(input && typeof input === 'object' ? input : {}), id }, now));
  });
}
