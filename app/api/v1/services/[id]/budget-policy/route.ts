import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { kubernetesStatusFields } from '@/server/http/status-compat';
import { text } from '@/server/lib/text';
import { budgetPolicy } from '@/server/slo/slo.service';

// GET /api/v1/services/{id}/budget-policy: the error-budget policy band of a
// service and the budget figures of its SLOs, worst first (for the change gate
// and alert triage; docs/slo.md "API", docs/api.md).
// Who may call: an API token with the `read` scope (or any scope granting
// app.read), or a signed-in person. Errors: {error, issues?} plus the Kubernetes
// Status fields its clients read ({kind: "Status", code, reason, message}).
export const GET = restRoute({
  route: '/api/v1/services/:id/budget-policy',
  scope: 'read',
  action: 'app.read',
  params: z.object({ id: text().trim().min(1, 'must be a service id').max(100, 'must be at most 100 characters') }),
  unavailable: 'Budget policy unavailable; retry',
  errorExtras: kubernetesStatusFields,
  call: ({ ctx, params, now }) => budgetPolicy(ctx, params.id, now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
