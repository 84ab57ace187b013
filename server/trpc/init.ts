import { initTRPC, TRPCError } from '@trpc/server';
import { getHTTPStatusCodeFromError } from '@trpc/server/http';
import superjson from 'superjson';
import { ZodError } from 'zod';
import type { RequestContext } from '../lib/request-context';
import { can, type Action } from '../lib/roles';
import { DomainError, type DomainErrorCode } from '../errors';
import { NUL_MESSAGE, nulPath } from '../lib/text';
import { observeRequest } from '../observability/metrics';
import type { TrpcContext } from './context';
import { accessClass, clearSharedReads, forgetSharedRead, sharedRead } from '../lib/shared-reads';

export { DASHBOARD_SHARE_MS } from '../lib/shared-reads';

const TRPC_CODE: Record<DomainErrorCode, TRPCError['code']> = {
  BAD_INPUT: 'BAD_REQUEST',
  UNAUTHENTICATED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'TOO_MANY_REQUESTS',
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
};

// Every procedure declares who may call it; tests/api/procedures.test.ts walks
// the router and fails on any procedure without an access declaration.
export type ProcedureMeta = { access: Action | 'public' };

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  transformer: superjson,
  // The one place where domain and validation errors become transport errors.
  errorFormatter({ shape, error, ctx }) {
    const cause = error.cause;
    // Unexpected errors (a database error, a bug) carry internals in their
    // message: SQL, hosts, file paths. The browser gets a generic message and
    // the request id; the server log (onError in the route) has the details.
    if (error.code === 'INTERNAL_SERVER_ERROR') {
      const ref = ctx?.requestId ? ` (request ${ctx.requestId})` : '';
      return { ...shape, message: `Something went wrong on the server${ref}; the details are in the server log`, data: { ...shape.data, issues: null, stack: undefined } };
    }
    const issues =
      cause instanceof ZodError
        ? cause.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }))
        : cause instanceof DomainError && cause.field
          ? [{ path: cause.field, message: cause.message }]
          : null;
    // tRPC's own refusal of a body it cannot read (not JSON, `null`, a batch
    // that is not an object) comes with a parser's internal wording and no
    // issues; say what is wrong in our words, with the (root) path.
    if (issues === null && error.code === 'BAD_REQUEST' && !(cause instanceof DomainError)) {
      const message =
        cause instanceof SyntaxError
          ? `Body is not JSON: ${cause.message}`
          : cause instanceof TypeError
            ? 'Input is not readable: send {"json": <input>} (superjson), or {"0": {"json": <input>}} with ?batch=1'
            : shape.message;
      return { ...shape, message, data: { ...shape.data, issues: [{ path: '', message }], stack: undefined } };
    }
    const details = cause instanceof DomainError && cause.details ? cause.details : null;
    return { ...shape, data: { ...shape.data, issues, details, stack: undefined } };
  },
});

const translateErrors = t.middleware(async ({ next, path, type, getRawInput }) => {
  const start = performance.now();
  // Postgres cannot store NUL; a NUL anywhere in the input is the caller's
  // fault (400 with its path), never a database error (500). Schemas refuse it
  // too (server/lib/text.ts); this catches every field of every procedure.
  const nul = nulPath(await getRawInput().catch(() => undefined));
  if (nul !== null) {
    const cause = new DomainError('BAD_INPUT', NUL_MESSAGE, nul || 'input');
    throw new TRPCError({ code: 'BAD_REQUEST', message: `${nul || 'input'}: ${NUL_MESSAGE}`, cause });
  }
  const result = await next();
  let translated: TRPCError | null = null;
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof DomainError) translated = new TRPCError({ code: TRPC_CODE[cause.code], message: cause.message, cause });
    else if (cause instanceof ZodError) translated = new TRPCError({ code: 'BAD_REQUEST', message: 'Invalid input', cause });
  }
  // The status the caller gets: Runwell's availability SLO counts 5xx only, so a
  // refused or invalid call (4xx) must not be recorded as a server error.
  const status = result.ok ? 200 : getHTTPStatusCodeFromError(translated ?? result.error);
  observeRequest(`trpc.${path}`, type, status, (performance.now() - start) / 1000);
  if (type === 'mutation' && result.ok) clearSharedReads();
  if (translated) throw translated;
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Anyone, signed in or not. Use only for sign-in support and health. */
export const publicProcedure = t.procedure.use(translateErrors).meta({ access: 'public' });

/** A signed-in person or a valid API token, allowed to perform `action`. */
export function procedureFor(action: Action) {
  return t.procedure
    .use(translateErrors)
    .meta({ access: action })
    .use(({ ctx, next }) => {
      if (!ctx.actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' });
      if (!can(ctx.actor, action)) {
        throw new TRPCError({ code: 'FORBIDDEN', message: `Your role may not ${action.replace('.', ' ')}` });
      }
      const request: RequestContext = { actor: ctx.actor, requestId: ctx.requestId };
      return next({ ctx: { ...ctx, actor: ctx.actor, request } });
    });
}

/**
 * procedureFor(action), answered from a result shared with callers of the same
 * access for `ttlMs` (server/lib/shared-reads.ts): for dashboard reads whose answers
 * depend only on the input and the caller's role or scopes.
 */
export function sharedReadFor(action: Action, ttlMs: number) {
  return procedureFor(action).use(async ({ ctx, path, getRawInput, next }) => {
    const input = await getRawInput();
    const key = `${path}\u0000${accessClass(ctx.actor)}\u0000${JSON.stringify(input ?? null)}`;
    const shared = sharedRead(key, ttlMs, () => next());
    const result = await shared;
    // An error is answered, not shared: the next caller tries again.
    if (!result.ok) forgetSharedRead(key, shared);
    return result;
  });
}

