import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { maturityPdf } from '@/server/reports/pdf.service';

// GET /api/v1/reports/maturity.pdf?period=YYYY-MM|YYYY-Qn[&team=T]: the maturity report
// as a PDF attachment (docs/reports.md). Who may call: an API token with the
// `reports` scope, or a signed-in executive or admin (reports.view).
// A bad period or an unknown team: 400 with issues [{path, message}].
export const GET = restRoute({
  route: '/api/v1/reports/maturity.pdf',
  scope: 'reports',
  action: 'reports.view',
  query: z.object({ period: z.string().max(20).optional(), team: z.string().max(200).optional() }).strict(),
  unavailable: 'Report unavailable; retry',
  call: async ({ ctx, query, now }) => {
    const { pdf, filename } = await maturityPdf(ctx, query, now);
    return new Response(new Uint8Array(pdf), { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"`, 'Content-Length': String(pdf.length) } });
  },
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
