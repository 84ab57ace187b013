import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { monthlyReportResponse } from '@/server/reports/reports.http';

// Who may call it and what it returns: server/reports/reports.http.ts and docs/maturity.md.
async function handler(req: Request): Promise<Response> {
  return monthlyReportResponse(req, currentUser);
}

export const GET = timed('/api/v1/reports/monthly', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
