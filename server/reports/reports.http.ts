import { z } from 'zod';
import { can, type Actor } from '../lib/roles';
import { DomainError, httpStatusOf } from '../errors';
import { requestIdOf } from '../security/http';
import { bearerFrom } from '../tokens/tokens.compute';
import { authenticateToken } from '../tokens/tokens.service';
import { monthSchema, periodSchema } from './reports.schema';
import { monthlyReport } from './reports.service';
import { executivePdf, maturityPdf } from './pdf.service';

// GET /api/v1/reports/monthly?period=YYYY-MM|YYYY-Qn (or month=YYYY-MM; default: the last full month):
// the executive report as JSON. Who may call: an API token with the `reports`
// scope, or a signed-in executive or admin. Errors: {error, issues?: [{path, message}]}.

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

const query = z.object({ month: monthSchema.optional(), period: periodSchema.optional() }).strict();

async function authenticated(req: Request, sessionActor: () => Promise<Actor | null>): Promise<Actor | Response> {
  const bearer = bearerFrom(req.headers.get('authorization'));
  const actor = bearer ? await authenticateToken(bearer) : await sessionActor();
  if (!actor) return json(401, { error: bearer ? 'Unknown, expired or revoked API token' : 'Send an API token with the reports scope (Authorization: Bearer rw_...)' }, { 'WWW-Authenticate': 'Bearer realm="runwell"' });
  if (!can(actor, 'reports.view')) return json(403, { error: actor.kind === 'token' ? 'This token lacks the reports scope' : 'Your role may not read reports' });
  return actor;
}

const pdfQuery = z.object({ period: z.string().max(20).optional(), team: z.string().max(200).optional() }).strict();

// GET /api/v1/reports/executive.pdf?period=YYYY-MM|YYYY-Qn[&team=T] and
// GET /api/v1/reports/maturity.pdf[?period=..][&team=T]: the reports as PDF
// files (docs/reports.md). Who may call: as the JSON report above.
export async function reportPdfResponse(kind: 'executive' | 'maturity', req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const actor = await authenticated(req, sessionActor);
    if (actor instanceof Response) return actor;
    const q = pdfQuery.parse(Object.fromEntries(new URL(req.url).searchParams.entries()));
    const ctx = { actor, requestId };
    const { pdf, filename } = kind === 'executive' ? await executivePdf(ctx, q, now) : await maturityPdf(ctx, q, now);
    return new Response(new Uint8Array(pdf), { status: 200, headers: { 'Content-Type': 'application/pdf', 'Content-Disposition': `attachment; filename="${filename}"`, 'Content-Length': String(pdf.length), 'Cache-Control': 'no-store' } });
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message, ...(error.field ? { issues: [{ path: error.field, message: error.message }] } : {}) });
    return json(503, { error: 'Report unavailable; retry' }, { 'Retry-After': '1' });
  }
}

export async function monthlyReportResponse(req: Request, sessionActor: () => Promise<Actor | null>, now = Date.now()): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const actor = await authenticated(req, sessionActor);
    if (actor instanceof Response) return actor;
    const q = query.parse(Object.fromEntries(new URL(req.url).searchParams.entries()));
    return json(200, await monthlyReport({ actor, requestId }, { month: q.month, period: q.period }, now));
  } catch (error) {
    if (error instanceof z.ZodError) return json(400, { error: 'Invalid request', issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) });
    if (error instanceof DomainError) return json(httpStatusOf[error.code], { error: error.message });
    return json(503, { error: 'Report unavailable; retry' }, { 'Retry-After': '1' });
  }
}
