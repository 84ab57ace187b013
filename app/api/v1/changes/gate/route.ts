import { z } from 'zod';
import { TIERS } from '@/server/changes/changes.schema';
import { previewGate } from '@/server/changes/gate.service';
import { repeatable, restRoute } from '@/server/http/rest';
import { idText } from '@/server/lib/text';

// GET /api/v1/changes/gate?service=S&service=S2&tier=T2[&at=ISO][&reliability=true]:
// the gate for a change not recorded yet, the same decision as `runwell change gate`
// (docs/changes.md, docs/api.md). Who may call: an API token with the `changes`,
// `check` or `read` scope, or a signed-in person (the service decides).
const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const GET = restRoute({
  route: '/api/v1/changes/gate',
  scope: 'changes',
  query: z
    .object({ service: repeatable(z.array(idText().max(100)).min(1, 'name at least one service (?service=slug)')), tier: z.enum(TIERS, { message: 'must be T1, T2 or T3' }), at: z.string().optional(), reliability: bool.optional() })
    .strict(),
  unavailable: 'Change ledger unavailable; retry',
  call: ({ ctx, query, now }) => previewGate(ctx, { services: query.service, tier: query.tier, at: query.at, reliability: query.reliability ?? false }, now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
