import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { getPostmortemResponse } from '@/server/postmortems/postmortems.http';

// Who may call it and what it returns: server/postmortems/postmortems.http.ts and docs/api.md.
async function handler(req: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return getPostmortemResponse(req, await context.params, currentUser);
}

export const GET = timed('/api/v1/postmortems/:id', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
