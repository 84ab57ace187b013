import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { pageActionResponse } from '@/server/paging/pages.http';

// Who may call it and what it returns: server/paging/pages.http.ts and docs/api.md.
async function handler(req: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return pageActionResponse(req, await context.params, 'resolve', currentUser);
}

export const POST = timed('/api/v1/pages/:id/resolve', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
