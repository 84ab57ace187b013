import { currentUser } from '@/server/auth/session';
import { gateResponse } from '@/server/changes/changes.http';
import { timed } from '@/server/observability/metrics';

// Who may call it and what it returns: server/changes/changes.http.ts and docs/changes.md.
export const GET = timed('/api/v1/changes/gate', (req: Request) => gateResponse(req, currentUser));
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
