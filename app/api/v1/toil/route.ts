import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { logToilResponse, toilOverviewResponse } from '@/server/toil/toil.http';

// Who may call it and what it returns: server/toil/toil.http.ts and docs/domains.md.
export const GET = timed('/api/v1/toil', (req: Request) => toilOverviewResponse(req, currentUser));
export const POST = timed('/api/v1/toil', (req: Request) => logToilResponse(req, currentUser));
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
