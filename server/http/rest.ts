import { z } from 'zod';
import { currentUser } from '../auth/session';
import { DomainError, httpStatusOf } from '../errors';
import { fromZodIssues } from '../lib/issues';
import type { RequestContext } from '../lib/request-context';
import { can, type Action, type Actor, type TokenScope } from '../lib/roles';
import { timed } from '../observability/metrics';
import { clearSharedReads } from '../lib/shared-reads';
import { readJsonBody, requestIdOf } from '../security/http';
import { resolveCaller } from './caller';

// The one REST handler of every /api/v1 and webhook route (docs/architecture.md,
// "REST routes"). A route file declares who may call it, what it takes and
// which service function answers:
//
//   export const GET = restRoute({
//     route: '/api/v1/toil', scope: 'toil', action: 'app.read',
//     query: z.object({ sprints: z.coerce.number().int().optional() }).strict(),
//     call: ({ ctx, query, now }) => getToilOverview(ctx, query, now),
//   });
//
// and this file does the rest, the same way for every route:
// - the caller: an API token (its scopes decide `can`) or, unless `sessions` is
//   false, the session cookie, refused (403) when another site started the request;
// - nobody -> 401 with WWW-Authenticate; `action` not allowed -> 403;
// - params, query and body validated with zod; every bad field -> 400 with its path;
// - DomainError -> its HTTP status (httpStatusOf); anything else -> 503 + Retry-After;
// - one error body: {error, issues?: [{path, message}]} (docs/api.md);
// - every answer: Cache-Control: no-store and the X-Request-Id the audit rows carry.

type Issue = { path: string; message: string };
export type ErrorBody = { error: string; issues?: Issue[] } & Record<string, unknown>;

type Raw = Record<string, string | string[]>;

type CallInput<Q, P, B> = {
  ctx: RequestContext;
  params: P;
  query: Q;
  body: B;
  req: Request;
  /** Epoch ms of the request (tests pin it with `.with({ now })`). */
  now: number;
};

export type RouteSpec<Q, P, B> = {
  /** The route's template, the metrics label: '/api/v1/changes/:id'. */
  route: string;
  /** The token scope meant for this route: named in the 401 and 403 answers. */
  scope: TokenScope;
  /** Checked with can() before anything is read; services check again. */
  action?: Action;
  /** false: API tokens only (webhooks). Default true: a token or the session cookie. */
  sessions?: boolean;
  realm?: string;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  /** A JSON body read under `maxBytes` (413 above), then validated when `schema` is given. */
  body?: { schema?: z.ZodType<B>; maxBytes: number; allowEmpty?: boolean; hint?: string };
  /** Status of a successful answer that is not a Response (default 200). */
  status?: number;
  /** The 503 answer when the work failed for a reason a retry may fix. */
  unavailable?: string | ((error: unknown) => ErrorBody);
  /**
   * Extra fields merged into every error body, for a route whose clients read an
   * older shape (see docs/architecture.md, "Deliberate exceptions").
   */
  errorExtras?: (status: number, body: ErrorBody) => Record<string, unknown>;
  /** The work: a value (sent as JSON with `status`) or a Response made with `reply`. */
  call: (input: CallInput<Q, P, B>) => Promise<unknown>;
};

type RouteContext = { params?: Promise<Record<string, string | string[] | undefined>> };
type RouteHandler = (req: Request, context?: RouteContext) => Promise<Response>;
type RestDeps = { session: () => Promise<Actor | null>; now: () => number };

/** A Next.js route handler; `.with(deps)` is the same handler with another session source or clock (tests). */
export type RestRoute = RouteHandler & { with(deps: Partial<RestDeps>): RouteHandler };

const defaults: RestDeps = { session: currentUser, now: Date.now };

/** A JSON answer with the headers every REST answer has. */
export function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

/** A query parameter that may repeat (?service=a&service=b): one value is given to `array` as [value]. */
export function repeatable<T extends z.ZodArray>(array: T) {
  return z.preprocess((v) => (v === undefined || Array.isArray(v) ? v : [v]), array);
}

/** Query parameters as strings; a repeated one as an array of its values. */
function rawQuery(url: URL): Raw {
  const out: Raw = {};
  for (const [k, v] of url.searchParams.entries()) {
    const seen = out[k];
    out[k] = seen === undefined ? v : [...(Array.isArray(seen) ? seen : [seen]), v];
  }
  return out;
}

class Refusal {
  constructor(
    readonly status: number,
    readonly body: ErrorBody,
    readonly headers: Record<string, string> = {},
  ) {}
}

function issuesOf(error: z.ZodError): Issue[] {
  return fromZodIssues(error.issues).map(({ path, message }) => ({ path, message }));
}

function validate<T>(schema: z.ZodType<T> | undefined, value: unknown, issues: Issue[]): T {
  if (!schema) return value as T;
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  issues.push(...issuesOf(parsed.error));
  return undefined as T;
}

function errorAnswer(spec: RouteSpec<unknown, unknown, unknown>, error: unknown): Refusal {
  if (error instanceof Refusal) return error;
  if (error instanceof z.ZodError) return new Refusal(400, { error: 'Invalid request', issues: issuesOf(error) });
  if (error instanceof DomainError && error.code !== 'UNAVAILABLE') {
    // A DomainError may carry its own issues (a payload's paths) or name one field.
    const own = (error as DomainError & { issues?: unknown }).issues;
    const issues = Array.isArray(own) ? (own as Issue[]) : error.field ? [{ path: error.field, message: error.message }] : undefined;
    return new Refusal(httpStatusOf[error.code], { error: error.message, ...(issues ? { issues } : {}) });
  }
  // The database or a peer failed: nothing was committed, a retry may succeed.
  const body = typeof spec.unavailable === 'function' ? spec.unavailable(error) : { error: error instanceof DomainError ? error.message : (spec.unavailable ?? 'Unavailable; retry') };
  if (!(error instanceof DomainError)) console.error(`${spec.route} failed:`, error);
  return new Refusal(503, body, { 'Retry-After': '1' });
}

async function answer<Q, P, B>(spec: RouteSpec<Q, P, B>, deps: RestDeps, req: Request, context: RouteContext | undefined): Promise<Response> {
  const requestId = requestIdOf(req);
  const realm = spec.realm ?? 'runwell';
  const now = deps.now();
  try {
    const caller = await resolveCaller(req, spec.sessions === false ? null : deps.session);
    if (caller.via === 'refused') throw new Refusal(403, { error: caller.refusal });
    const actor = caller.actor;
    if (!actor) {
      const hint = `Send an API token with the ${spec.scope} scope (Authorization: Bearer rw_...)`;
      throw new Refusal(401, { error: caller.via === 'token' ? 'Unknown, expired or revoked API token' : hint }, { 'WWW-Authenticate': `Bearer realm="${realm}"` });
    }
    if (spec.action && !can(actor, spec.action)) {
      throw new Refusal(403, { error: actor.kind === 'token' ? `This token lacks the ${spec.scope} scope` : `Your role may not do this (${spec.action})` });
    }
    const issues: Issue[] = [];
    const params = validate(spec.params, (await context?.params) ?? {}, issues);
    const query = validate(spec.query, rawQuery(new URL(req.url)), issues);
    let body = undefined as B;
    if (spec.body) {
      const read = await readJsonBody(req, spec.body.maxBytes, { allowEmpty: spec.body.allowEmpty, hint: spec.body.hint });
      if (!read.ok) throw new Refusal(read.status, { error: read.error, issues: read.issues });
      body = validate(spec.body.schema, read.value, issues);
    }
    if (issues.length > 0) throw new Refusal(400, { error: 'Invalid request', issues });
    const result = await spec.call({ ctx: { actor, requestId }, params, query, body, req, now });
    const res = result instanceof Response ? result : reply(spec.status ?? 200, result);
    if (!res.headers.has('Cache-Control')) res.headers.set('Cache-Control', 'no-store');
    res.headers.set('X-Request-Id', requestId);
    return res;
  } catch (error) {
    const refusal = errorAnswer(spec as RouteSpec<unknown, unknown, unknown>, error);
    const body = spec.errorExtras ? { ...refusal.body, ...spec.errorExtras(refusal.status, refusal.body) } : refusal.body;
    return reply(refusal.status, body, { ...refusal.headers, 'X-Request-Id': requestId });
  }
}

/** Declares a REST route: see the head of this file. Q, P, B default to the raw strings / unknown body. */
export function restRoute<Q = Raw, P = Record<string, string>, B = unknown>(spec: RouteSpec<Q, P, B>): RestRoute {
  const make = (deps: RestDeps): RouteHandler =>
    timed(spec.route, async (req: Request, context?: RouteContext) => {
      const res = await answer(spec, deps, req, context);
      // A write through the API (an alert, a change, toil) shows on the next dashboard read of this process.
      if (req.method !== 'GET' && res.status < 400) clearSharedReads();
      return res;
    });
  return Object.assign(make(defaults), { with: (deps: Partial<RestDeps>) => make({ ...defaults, ...deps }) });
}
