import { randomUUID } from 'node:crypto';
import { jsonNestingExceeds } from '../lib/safe-parse';
import { NUL_MESSAGE, nulPath } from '../lib/text';

// Request guards shared by the HTTP routes (app/api/**) and the tRPC handler.
// Pure functions of a Request, so they are unit-tested without a server.

export type BodyResult =
  | { ok: true; value: unknown }
  | { ok: false; status: 400 | 413; error: string; issues: Array<{ path: string; message: string }> };

export const MB = 1024 * 1024;

/**
 * Deepest JSON nesting any request body or tRPC input may have. Real inputs
 * nest a dozen levels; 9 MB of `[[[...]]]` took JSON.parse 9 s of the event
 * loop, so nesting is counted (linear, strings skipped) before parsing.
 */
export const MAX_JSON_DEPTH = 64;

const tooDeep = (where: string) => ({
  error: `${where} nests deeper than ${MAX_JSON_DEPTH} levels`,
  issues: [{ path: '', message: `must nest at most ${MAX_JSON_DEPTH} levels` }],
});

/**
 * Reads a JSON body without ever holding more than `maxBytes` of it: a
 * Content-Length above the limit is refused before reading, and a chunked body
 * is cut off as soon as it passes the limit (413). Malformed JSON is a 400 with
 * the position the parser stopped at. `allowEmpty` maps an empty body to `{}`.
 */
export async function readJsonBody(req: Request, maxBytes: number, options: { allowEmpty?: boolean; hint?: string } = {}): Promise<BodyResult> {
  const tooLarge = (): BodyResult => ({
    ok: false,
    status: 413,
    error: `Body larger than ${formatBytes(maxBytes)}${options.hint ? `; ${options.hint}` : ''}`,
    issues: [{ path: '', message: `must be at most ${maxBytes} bytes` }],
  });
  const bytes = await readLimited(req, maxBytes);
  if (bytes === null) return tooLarge();
  const text = bytes.toString('utf8');
  if (!text.trim()) {
    if (options.allowEmpty) return { ok: true, value: {} };
    return { ok: false, status: 400, error: 'Body is empty', issues: [{ path: '', message: 'must be a JSON object' }] };
  }
  if (jsonNestingExceeds(text, MAX_JSON_DEPTH)) return { ok: false, status: 400, ...tooDeep('Body') };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, status: 400, error: `Body is not JSON: ${(error as Error).message}`, issues: [{ path: '', message: 'must be JSON' }] };
  }
  // Postgres cannot store NUL: refuse it here, with its path, rather than fail (5xx) at the database.
  const nul = nulPath(value);
  if (nul !== null) return { ok: false, status: 400, error: `Body holds a NUL character at ${nul || '(root)'}`, issues: [{ path: nul, message: NUL_MESSAGE }] };
  return { ok: true, value };
}

/**
 * The body, or null as soon as it is known to exceed `maxBytes` (a declared
 * Content-Length is trusted for refusing, never for accepting).
 */
async function readLimited(req: Request, maxBytes: number): Promise<Buffer | null> {
  const declared = Number(req.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) return null;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (req.body) {
    const reader = req.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel().catch(() => {});
        return null;
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

/**
 * For handlers that parse the body themselves (tRPC): the same request with its
 * body read under the limit, or a 413 JSON response; a body (or GET `input`)
 * nested deeper than MAX_JSON_DEPTH is a 400 before anything parses it.
 */
export async function withBodyLimit(req: Request, maxBytes: number): Promise<Request | Response> {
  const deep = (where: string) => {
    const { error, issues } = tooDeep(where);
    return Response.json({ error: { message: error, code: 'BAD_REQUEST', data: { code: 'BAD_REQUEST', httpStatus: 400, issues } } }, { status: 400, headers: { 'Cache-Control': 'no-store' } });
  };
  if (SAFE_METHODS.has(req.method.toUpperCase())) {
    const input = new URL(req.url).searchParams.get('input');
    return input && jsonNestingExceeds(input, MAX_JSON_DEPTH) ? deep('The input parameter') : req;
  }
  const bytes = await readLimited(req, maxBytes);
  if (bytes === null) {
    return Response.json(
      { error: { message: `Body larger than ${formatBytes(maxBytes)}`, code: 'PAYLOAD_TOO_LARGE' } },
      { status: 413, headers: { 'Cache-Control': 'no-store' } },
    );
  }
  if (jsonNestingExceeds(bytes.toString('utf8'), MAX_JSON_DEPTH)) return deep('Body');
  return new Request(req.url, { method: req.method, headers: req.headers, body: new Uint8Array(bytes), signal: req.signal });
}

function formatBytes(n: number): string {
  return n % MB === 0 ? `${n / MB} MB` : `${n} bytes`;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function hostOf(url: string | undefined | null): string | null {
  if (!url) return null;
  try {
    return new URL(url).host.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * Cross-site request forgery guard for requests authenticated by the session
 * cookie. Browsers send an Origin header on every cross-origin POST (and on
 * same-origin ones); a request whose Origin names another host, or is "null"
 * (sandboxed frames, opaque redirects), was started by another site and must
 * not act with the visitor's cookie. Requests without Origin come from
 * non-browser clients (curl, scripts), which cannot ride on someone's cookie.
 * Our own host is the Host header (or X-Forwarded-Host behind a proxy) or the
 * configured public URL. Returns the reason to refuse, or null to go on.
 */
export function crossSiteRefusal(req: Request, publicUrl: string | undefined = process.env.NEXTAUTH_URL): string | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const fetchSite = req.headers.get('sec-fetch-site');
  const origin = req.headers.get('origin');
  if (origin === null) {
    // No Origin but the browser says it came from elsewhere: refuse as well.
    return fetchSite === 'cross-site' ? 'Cross-site requests may not use the session cookie' : null;
  }
  const originHost = hostOf(origin);
  if (!originHost) return 'Cross-site requests may not use the session cookie (Origin: null)';
  const own = new Set(
    [
      req.headers.get('x-forwarded-host')?.split(',')[0]?.trim().toLowerCase(),
      req.headers.get('host')?.toLowerCase(),
      hostOf(publicUrl),
      hostOf(req.url),
    ].filter((h): h is string => !!h),
  );
  return own.has(originHost) ? null : `Cross-site requests may not use the session cookie (Origin ${origin})`;
}

/** 415 for a body-carrying request that is not JSON (forms, uploads); null otherwise. */
export function nonJsonRefusal(req: Request): Response | null {
  if (SAFE_METHODS.has(req.method.toUpperCase())) return null;
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return null;
  return Response.json(
    { error: { message: `Send the request body as application/json (got ${type ? `"${type}"` : 'no content-type'})`, code: 'UNSUPPORTED_MEDIA_TYPE' } },
    { status: 415, headers: { 'Cache-Control': 'no-store' } },
  );
}

/**
 * The caller's X-Request-Id when it is a plausible id (a proxy's UUID or
 * trace id), else a fresh one: it is stored in the audit log and echoed in
 * error messages, so it must not carry arbitrary text.
 */
export function requestIdOf(req: Request): string {
  const given = req.headers.get('x-request-id')?.trim();
  return given && /^[A-Za-z0-9._:-]{1,128}$/.test(given) ? given : randomUUID();
}
