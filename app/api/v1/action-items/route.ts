import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { flag, paging } from '@/server/http/query';
import { idText } from '@/server/lib/text';
import { listActionItems } from '@/server/postmortems/action-items.service';
import { ACTION_STATUSES, ACTION_TYPES } from '@/server/postmortems/postmortems.schema';

// GET /api/v1/action-items: action items of every post-mortem, overdue first,
// paged (tracker exports; docs/postmortems.md, docs/api.md).
// Who may call: an API token with the `incidents` scope (action postmortem.read),
// or a signed-in person.
export const GET = restRoute({
  route: '/api/v1/action-items',
  scope: 'incidents',
  action: 'postmortem.read',
  query: z
    .object({ team: idText().optional(), owner: idText().optional(), status: z.enum([...ACTION_STATUSES, 'unfinished']).optional(), type: z.enum(ACTION_TYPES).optional(), overdue: flag.optional(), ...paging })
    .strict(),
  unavailable: 'Post-mortems unavailable; retry',
  call: ({ ctx, query: q, now }) => listActionItems(ctx, { teamId: q.team, ownerId: q.owner, status: q.status, type: q.type, overdue: q.overdue, page: q.page, pageSize: q.pageSize }, now),
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
