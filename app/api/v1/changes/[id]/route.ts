import { currentUser } from '@/server/auth/session';
import { getChangeResponse, patchChangeResponse } from '@/server/changes/changes.http';
import { timed } from '@/server/observability/metrics';

// Who may call it and what it returns: server/changes/changes.http.ts and docs/changes.md.
type Context = { params: Promise<{ id: string }> };
export const GET = timed('/api/v1/changes/:id', async (req: Request, context: Context) => getChangeResponse(req, await context.params, currentUser));
export const PATCH = timed('/api/v1/changes/:id', async (req: Request, context: Context) => patchChangeResponse(req, await context.params, currentUser));
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
