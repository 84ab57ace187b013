import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { flag, paging } from '@/server/http/query';
import { idText } from '@/server/lib/text';
import { POSTMORTEM_STATES } from '@/server/postmortems/postmortems.schema';
import { listPostmortems } from '@/server/postmortems/postmortems.service';

// GET /api/v1/postmortems: post-mortems, paged, without their text (wiki and
// tracker exports; docs/postmortems.md "API", docs/api.md).
// Who may call: an API token with the `incidents` scope (action postmortem.read),
// or a signed-in person. Viewers, executives and their sessions see published
// post-mortems only; tokens see drafts too.
export const GET = restRoute({
  route: '/api/v1/postmortems',
  scope: 'incidents',
  action: 'postmortem.read',
  query: z
    .object({ team: idText().optional(), service: idText().optional(), severity: z.enum(['P1', 'P2', 'P3']).optional(), state: z.enum(POSTMORTEM_STATES).optional(), overdue: flag.optional(), ...paging })
    .strict(),
  unavailable: 'Post-mortems unavailable; retry',
  call: async ({ ctx, query: q, now }) => {
    const r = await listPostmortems(ctx, { teamId: q.team, serviceId: q.service, severity: q.severity, state: q.state, overdue: q.overdue, page: q.page, pageSize: q.pageSize }, now);
    return { ...r, items: r.items.map(({ sections: _sections, ...rest }) => rest) };
  },
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
