import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { listPostmortemsResponse } from '@/server/postmortems/postmortems.http';

// Who may call it and what it returns: server/postmortems/postmortems.http.ts and docs/api.md.
async function handler(req: Request): Promise<Response> {
  return listPostmortemsResponse(req, currentUser);
}

export const GET = timed('/api/v1/postmortems', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
