// Continue tokens, shaped like the API server's: base64 of
// {"v":"meta.k8s.io/v1","rv":<snapshot resourceVersion>,"start":"<next key>"}.
// The start key is the last returned key followed by "\u0000" (the next possible key).

export interface ContinueToken {
  rv: number;
  start: string;
}

export class InvalidContinueError extends Error {}

export function encodeContinue(rv: number, lastKey: string): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: `${lastKey}\u0000` }), 'utf8').toString('base64url');
}

export function decodeContinue(token: string): ContinueToken {
  let parsed: unknown;
  try {
    const text = Buffer.from(token, 'base64url').toString('utf8');
    parsed = JSON.parse(text);
  } catch {
    throw new InvalidContinueError('continue key is not valid: illegal base64 data or JSON');
  }
  if (!parsed || typeof parsed !== 'object') throw new InvalidContinueError('continue key is not valid');
  const p = parsed as Record<string, unknown>;
  if (p.v !== 'meta.k8s.io/v1') throw new InvalidContinueError('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof p.rv !== 'number' || !Number.isInteger(p.rv) || p.rv <= 0) throw new InvalidContinueError('continue key is not valid: incorrect encoded start resourceVersion');
  if (typeof p.start !== 'string' || p.start.length === 0) throw new InvalidContinueError('continue key is not valid: encoded start key empty');
  if (p.start.includes('..') || p.start.startsWith('/')) throw new InvalidContinueError('continue key is not valid: path traversal');
  return { rv: p.rv, start: p.start };
}

/** First index i in the sorted array with arr[i] >= key. */
export function lowerBound(arr: readonly string[], key: string): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
