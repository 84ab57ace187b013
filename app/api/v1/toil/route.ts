import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { MB } from '@/server/security/http';
import { getToilOverview, logToil } from '@/server/toil/toil.service';

// The toil budget for scripts and bots (docs/domains.md, docs/api.md):
//   POST /api/v1/toil   {team, hours, what, day?}: log toil (201) -> {entry, team: the team's current sprint}
//   GET  /api/v1/toil?sprints=N   every team's toil per sprint
// Who may call: an API token with the `toil` scope (logs and reads; `read`
// tokens read), or a signed-in person (logging needs toil.log: engineers and up).
export const GET = restRoute({
  route: '/api/v1/toil',
  scope: 'toil',
  query: z.object({ sprints: z.coerce.number().int().min(1).max(26).optional() }).strict(),
  unavailable: 'Toil budget unavailable; retry',
  call: ({ ctx, query, now }) => getToilOverview(ctx, { sprints: query.sprints ?? 8 }, now),
});

export const POST = restRoute({
  route: '/api/v1/toil',
  scope: 'toil',
  body: { maxBytes: MB },
  status: 201,
  unavailable: 'Toil budget unavailable; retry',
  call: ({ ctx, body, now }) => logToil(ctx, body, 'api', now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
