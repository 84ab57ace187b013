const DEFAULT_TARGET = '/overview';
const PROBE_ORIGIN = 'http://runwell.invalid';

/**
 * Where to go after signing in. Only paths on this site are followed (no open
 * redirect); next-auth sometimes passes an absolute URL of our own origin.
 * The check runs on the NORMALISED path, the one a browser will request:
 * `/.//evil.example`, `/x/..//evil.example` and `/%2e//evil.example` all
 * normalise to `//evil.example`, which a browser reads as another host, so a
 * result is followed only if it still starts with exactly one slash and, read
 * again as a URL, stays on our origin. Everything else goes to /overview.
 */
export function safeCallbackUrl(raw: string | string[] | undefined | null, ownOrigin?: string): string {
  const path = sitePath(Array.isArray(raw) ? raw[0] : raw, ownOrigin);
  return !path || path === '/' || path.startsWith('/signin') ? DEFAULT_TARGET : path;
}

// The normalised path of `value` when it stays on this site, else null.
function sitePath(value: string | undefined | null, ownOrigin: string | undefined): string | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return null;
  }
  const relative = value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\');
  const sameOrigin = url.origin === PROBE_ORIGIN ? relative : Boolean(ownOrigin) && url.origin === ownOrigin;
  if (!sameOrigin) return null;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return staysOnSite(path) ? path : null;
}

// A path a browser resolves against our origin and lands on our origin again.
function staysOnSite(path: string): boolean {
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\')) return false;
  try {
    return new URL(path, PROBE_ORIGIN).origin === PROBE_ORIGIN;
  } catch {
    return false;
  }
}

/**
 * next-auth's redirect callback: every redirect it makes (after sign-in,
 * sign-out, /api/auth/signin?callbackUrl=) goes through safeCallbackUrl, so it
 * can only ever point at a path of `baseUrl`.
 */
export function safeAuthRedirect({ url, baseUrl }: { url: string; baseUrl: string }): string {
  // /signin is a fine target here (sign-out goes there); the sign-in page
  // itself sends a signed-in visitor on with safeCallbackUrl.
  return `${baseUrl.replace(/\/$/, '')}${sitePath(url, originOf(baseUrl)) ?? DEFAULT_TARGET}`;
}

export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
