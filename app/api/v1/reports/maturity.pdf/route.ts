import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { reportPdfResponse } from '@/server/reports/reports.http';

// Who may call it and what it returns: server/reports/reports.http.ts and docs/reports.md.
async function handler(req: Request): Promise<Response> {
  return reportPdfResponse('maturity', req, currentUser);
}

export const GET = timed('/api/v1/reports/maturity.pdf', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
