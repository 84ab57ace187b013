import { ingestWebhook, PayloadError } from '@/server/alerts/alerts.service';
import { redactString } from '@/server/audit/redact.compute';
import { can } from '@/server/lib/roles';
import { DomainError, httpStatusOf } from '@/server/errors';
import { sendJob } from '@/server/jobs/send';
import { timed } from '@/server/observability/metrics';
import { MB, readJsonBody, requestIdOf } from '@/server/security/http';
import { bearerFrom } from '@/server/tokens/tokens.compute';
import { authenticateToken } from '@/server/tokens/tokens.service';

// Alertmanager's webhook receiver (docs/incidents.md, "Webhook").
// Who may call it: an API token with the `alerts` scope (action alerts.ingest),
// sent as Alertmanager's http_config.authorization credentials (Bearer).
// 2xx only after the delivery is committed; 4xx for requests a retry cannot fix;
// 5xx (with Retry-After) for anything else, so Alertmanager sends it again and
// the idempotent receiver absorbs the repeat.

// Alertmanager groups are small (max_alerts bounds them); 5 MB is thousands of
// alerts with labels and annotations. Larger bodies are refused unread (413).
const MAX_BODY_BYTES = 5 * MB;

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', ...headers } });
}

async function handler(req: Request): Promise<Response> {
  const requestId = requestIdOf(req);
  try {
    const bearer = bearerFrom(req.headers.get('authorization'));
    if (!bearer) return json(401, { error: 'Send an API token with the alerts scope: http_config.authorization.credentials' }, { 'WWW-Authenticate': 'Bearer realm="runwell-alerts"' });
    const actor = await authenticateToken(bearer);
    if (!actor) return json(401, { error: 'Unknown, expired or revoked API token' }, { 'WWW-Authenticate': 'Bearer realm="runwell-alerts"' });
    if (!can(actor, 'alerts.ingest')) return json(403, { error: 'This token lacks the alerts scope' });

    const body = await readJsonBody(req, MAX_BODY_BYTES, { hint: 'lower max_alerts in the receiver' });
    if (!body.ok) return json(body.status, { error: body.error, issues: body.issues });
    const result = await ingestWebhook({ actor, requestId }, body.value);
    // Wake the pager now rather than at its next minute tick; best effort (the tick catches up).
    if (result.pagesOpened > 0) void sendJob('paging.run', {}, { singletonKey: 'paging' });
    return json(200, { status: 'stored', ...result });
  } catch (error) {
    if (error instanceof PayloadError) return json(400, { error: error.message, issues: error.issues });
    if (error instanceof DomainError && error.code !== 'UNAVAILABLE') return json(httpStatusOf[error.code], { error: error.message });
    // Database down, connection killed, timeout: nothing was committed (or the
    // commit will be replayed harmlessly). Ask Alertmanager to retry.
    const message = error instanceof Error ? error.message : String(error);
    // The detail helps whoever reads Alertmanager's log; credentials never go in it.
    return json(503, { error: 'Alerts not stored; retry', detail: redactString(message.split('\n').at(-1)!.slice(0, 300)) }, { 'Retry-After': '1' });
  }
}

export const POST = timed('/api/webhooks/alertmanager', handler);
export const dynamic = 'force-dynamic';
export const runtime = 'nodejs';
