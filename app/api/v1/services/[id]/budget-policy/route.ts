import { currentUser } from '@/server/auth/session';
import { timed } from '@/server/observability/metrics';
import { budgetPolicyResponse } from '@/server/slo/budget-policy.http';

// Who may call it and what it returns: server/slo/budget-policy.http.ts and docs/api.md.
async function handler(req: Request, context: { params: Promise<{ id: string }> }): Promise<Response> {
  return budgetPolicyResponse(req, await context.params, currentUser);
}

export const GET = timed('/api/v1/services/:id/budget-policy', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
