import { restRoute } from '@/server/http/rest';
import { PAGE_ACTION_MAX_BYTES, pageActionBody, pageActionParams } from '@/server/paging/paging.schema';
import { resolvePage } from '@/server/paging/pages.service';

// POST /api/v1/pages/{id}/resolve: answer a page from a chat bot, a phone app or a
// script (docs/incidents.md "Paging and notifications", docs/api.md).
// Who may call: an API token with the `pages` scope (action incident.respond),
// or a signed-in responder (engineer and up). Body (optional JSON): {actionable?: boolean, note?: string}.
export const POST = restRoute({
  route: '/api/v1/pages/:id/resolve',
  scope: 'pages',
  action: 'incident.respond',
  params: pageActionParams,
  body: { schema: pageActionBody, maxBytes: PAGE_ACTION_MAX_BYTES, allowEmpty: true },
  unavailable: 'Page not updated; retry',
  call: async ({ ctx, params, body, now }) => {
    const page = await resolvePage(ctx, { id: params.id, ...body }, now);
    return { id: page.id, status: page.status, acknowledgedAt: page.acknowledgedAt, resolvedAt: page.resolvedAt, actionable: page.actionable };
  },
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
