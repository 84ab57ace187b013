import type { RestRoute } from '@/server/http/rest';
import type { Actor } from '@/server/lib/roles';

export type Session = () => Promise<Actor | null>;

/**
 * Calls a REST route (app/api/**\/route.ts) the way Next.js does, with the
 * session source and clock a test gives (default: nobody signed in, the real clock).
 */
export function callRoute(route: RestRoute, req: Request, options: { params?: Record<string, string>; session?: Session; now?: number } = {}): Promise<Response> {
  const { now } = options;
  const handler = route.with({ session: options.session ?? (async () => null), ...(now !== undefined ? { now: () => now } : {}) });
  return handler(req, { params: Promise.resolve(options.params ?? {}) });
}
