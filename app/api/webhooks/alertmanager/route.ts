import { ingestWebhook } from '@/server/alerts/alerts.service';
import { redactString } from '@/server/audit/redact.compute';
import { restRoute } from '@/server/http/rest';
import { sendJob } from '@/server/jobs/send';
import { MB } from '@/server/security/http';

// Alertmanager's webhook receiver (docs/incidents.md, "Webhook").
// Who may call it: an API token with the `alerts` scope (action alerts.ingest),
// sent as Alertmanager's http_config.authorization credentials (Bearer); no session.
// 2xx only after the delivery is committed; 4xx for requests a retry cannot fix;
// 5xx (with Retry-After) for anything else, so Alertmanager sends it again and
// the idempotent receiver absorbs the repeat.
export const POST = restRoute({
  route: '/api/webhooks/alertmanager',
  scope: 'alerts',
  action: 'alerts.ingest',
  sessions: false,
  realm: 'runwell-alerts',
  // Alertmanager groups are small (max_alerts bounds them); 5 MB is thousands of
  // alerts with labels and annotations. Larger bodies are refused unread (413).
  body: { maxBytes: 5 * MB, hint: 'lower max_alerts in the receiver' },
  // Database down, connection killed, timeout: nothing was committed (or the
  // commit will be replayed harmlessly). The detail helps whoever reads
  // Alertmanager's log; credentials never go in it.
  unavailable: (error) => {
    const message = error instanceof Error ? error.message : String(error);
    return { error: 'Alerts not stored; retry', detail: redactString(message.split('\n').at(-1)!.slice(0, 300)) };
  },
  call: async ({ ctx, body }) => {
    const result = await ingestWebhook(ctx, body);
    // Wake the pager now rather than at its next minute tick; best effort (the tick catches up).
    if (result.pagesOpened > 0) void sendJob('paging.run', {}, { singletonKey: 'paging' });
    return { status: 'stored', ...result };
  },
});
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
