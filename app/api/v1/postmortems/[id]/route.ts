import { z } from 'zod';
import { restRoute } from '@/server/http/rest';
import { idText } from '@/server/lib/text';
import { getPostmortem, postmortemAsMarkdown } from '@/server/postmortems/postmortems.service';

// GET /api/v1/postmortems/{id}: one post-mortem as JSON, or the whole document
// as Markdown with Accept: text/markdown or ?format=markdown (docs/postmortems.md, docs/api.md).
// Who may call: an API token with the `incidents` scope (action postmortem.read),
// or a signed-in person (drafts only for responders; see postmortems.service).
export const GET = restRoute({
  route: '/api/v1/postmortems/:id',
  scope: 'incidents',
  action: 'postmortem.read',
  params: z.object({ id: idText().max(100) }),
  query: z.object({ format: z.enum(['json', 'markdown']).optional() }).strict(),
  unavailable: 'Post-mortems unavailable; retry',
  call: async ({ ctx, params: { id }, query: { format }, req, now }) => {
    const wantsMarkdown = format === 'markdown' || (format === undefined && /\btext\/markdown\b/.test(req.headers.get('accept') ?? ''));
    if (!wantsMarkdown) return getPostmortem(ctx, id, now);
    const md = await postmortemAsMarkdown(ctx, id, now);
    return new Response(md, { status: 200, headers: { 'Content-Type': 'text/markdown; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Disposition': `inline; filename="postmortem-${id}.md"` } });
  },
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
