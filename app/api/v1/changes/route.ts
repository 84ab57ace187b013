import { z } from 'zod';
import { createChange, listChanges } from '@/server/changes/changes.service';
import { reply, restRoute } from '@/server/http/rest';
import { idText } from '@/server/lib/text';
import { MB } from '@/server/security/http';

// The change ledger for CI and GitOps (docs/changes.md, docs/api.md):
//   GET  /api/v1/changes   the ledger (service, team, status, tier, source, page, pageSize)
//   POST /api/v1/changes   record a change; answers with the gate decision (201, or 200 for a repeated externalId)
// Who may call: an API token with the `changes` scope (GET also any token or
// session that reads), or a signed-in person; the service decides per action.
export const GET = restRoute({
  route: '/api/v1/changes',
  scope: 'changes',
  query: z
    .object({ service: idText().optional(), team: idText().optional(), status: z.string().optional(), tier: z.string().optional(), source: z.string().optional(), page: z.coerce.number().int().optional(), pageSize: z.coerce.number().int().optional() })
    .strict(),
  unavailable: 'Change ledger unavailable; retry',
  call: ({ ctx, query }) => listChanges(ctx, query),
});

export const POST = restRoute({
  route: '/api/v1/changes',
  scope: 'changes',
  // Room for the rendered manifests the tier assistant classifies when no tier is given.
  body: { maxBytes: 4 * MB },
  unavailable: 'Change ledger unavailable; retry',
  call: async ({ ctx, body, now }) => {
    // API callers are "api" unless a GitOps controller says so.
    const input = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const { source, ...rest } = input;
    const r = await createChange(ctx, rest, source === 'gitops' ? 'gitops' : 'api', now);
    return reply(r.created ? 201 : 200, { ...r.change, gate: r.gate, created: r.created, ...(r.tierSuggestion ? { tierSuggestion: r.tierSuggestion } : {}) });
  },
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
