import { z } from 'zod';
import { getChange, transitionChange } from '@/server/changes/changes.service';
import { restRoute } from '@/server/http/rest';
import { idText } from '@/server/lib/text';
import { MB } from '@/server/security/http';

// GET /api/v1/changes/{id}: one change. PATCH {status, at?}: in_progress,
// succeeded, failed, rolled_back (docs/changes.md, docs/api.md).
// Who may call: an API token with the `changes` scope (GET also any token or
// session that reads), or a signed-in person; the service decides per action.
const params = z.object({ id: idText().max(100) });

export const GET = restRoute({
  route: '/api/v1/changes/:id',
  scope: 'changes',
  params,
  unavailable: 'Change ledger unavailable; retry',
  call: ({ ctx, params }) => getChange(ctx, params),
});

export const PATCH = restRoute({
  route: '/api/v1/changes/:id',
  scope: 'changes',
  params,
  body: { maxBytes: MB },
  unavailable: 'Change ledger unavailable; retry',
  call: ({ ctx, params, body, now }) => transitionChange(ctx, { ...(body && typeof body === 'object' ? body : {}), id: params.id }, now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
