import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { monthSchema, periodSchema } from '@/server/reports/reports.schema';
import { monthlyReport } from '@/server/reports/reports.service';

// GET /api/v1/reports/monthly?period=YYYY-MM|YYYY-Qn (or month=YYYY-MM; default: the last full month):
// the executive report as JSON (docs/reports.md, docs/api.md).
// Who may call: an API token with the `reports` scope, or a signed-in executive or admin (reports.view).
export const GET = restRoute({
  route: '/api/v1/reports/monthly',
  scope: 'reports',
  action: 'reports.view',
  query: z.object({ month: monthSchema.optional(), period: periodSchema.optional() }).strict(),
  unavailable: 'Report unavailable; retry',
  call: ({ ctx, query, now }) => monthlyReport(ctx, { month: query.month, period: query.period }, now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
