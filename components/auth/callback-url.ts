const DEFAULT_TARGET = '/overview';

// Where to go after signing in. Only paths on this site are followed (no open
// redirect); next-auth sometimes passes an absolute URL of our own origin.
export function safeCallbackUrl(raw: string | string[] | undefined | null, ownOrigin?: string): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return DEFAULT_TARGET;
  let url: URL;
  try {
    url = new URL(value, 'http://runwell.invalid');
  } catch {
    return DEFAULT_TARGET;
  }
  const relative = value.startsWith('/') && !value.startsWith('//') && !value.startsWith('/\\');
  const sameOrigin = url.origin === 'http://runwell.invalid' ? relative : Boolean(ownOrigin) && url.origin === ownOrigin;
  if (!sameOrigin) return DEFAULT_TARGET;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path === '/' || path.startsWith('/signin') ? DEFAULT_TARGET : path;
}

export function originOf(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    return new URL(url).origin;
  } catch {
    return undefined;
  }
}
