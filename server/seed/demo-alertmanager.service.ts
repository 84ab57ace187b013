import type { RequestContext } from '../lib/request-context';
import { createToken, listTokens, revokeToken } from '../tokens/tokens.service';
import { listUsers } from '../users/users.service';
import { demoAlertsAt, demoPayloads, type DemoWindowSource } from './demo-alerts.compute';
import { falcoDemoAlerts } from './demo-falco.compute';
import { DEMO_USERS } from './demo.data';

// The demo's stand-in for Alertmanager (docs/demo.md, "The alert loop"): it sends
// demo-alerts.compute's payloads to Runwell's own webhook with an API token, every
// `intervalMs`, as Alertmanager re-sends a group every group_interval. Runwell
// cannot tell it from a real Alertmanager; replacing it by one is configuration.

const DEMO_TOKEN_NAME = 'demo-alertmanager';
const DEMO_ALERT_INTERVAL_MS = 30_000;

/**
 * A fresh `alerts` token for this run (the secret lives only in this process);
 * earlier runs' demo tokens are revoked, so one demo token is ever usable.
 */
export async function createDemoAlertToken(ctx: RequestContext, now = new Date()): Promise<string> {
  for (const t of await listTokens(ctx)) if (t.name === DEMO_TOKEN_NAME && !t.revokedAt) await revokeToken(ctx, t.id, now);
  // Owned by the demo admin when it exists; else by the first admin (tokens belong to admins).
  const admin = DEMO_USERS.find((u) => u.role === 'admin')!.email;
  const owner = (await listUsers(ctx)).some((u) => u.email === admin && u.role === 'admin' && !u.disabled) ? admin : null;
  const { secret } = await createToken(ctx, { name: DEMO_TOKEN_NAME, scopes: ['alerts'] }, now, { ownerEmail: owner });
  return secret;
}

export type DemoAlertmanager = { stop(): void; sendNow(): Promise<void> };

/** Posts the demo's alerts to `webhookUrl` now and every `intervalMs` until stopped. Failures are logged once per distinct message. */
export function startDemoAlertmanager(opts: {
  webhookUrl: string;
  token: string;
  windows: DemoWindowSource;
  /** The `cluster` label of the demo's Falco events (the demo cluster's name). */
  falcoCluster?: string;
  log: (line: string) => void;
  intervalMs?: number;
  clock?: () => number;
}): DemoAlertmanager {
  const clock = opts.clock ?? Date.now;
  const startedAt = clock();
  let lastError = '';
  let sent = 0;
  const sendNow = async () => {
    const now = clock();
    const payloads = demoPayloads([...demoAlertsAt(now, startedAt, opts.windows), ...falcoDemoAlerts(startedAt, now, opts.falcoCluster ?? 'demo-shop')]);
    for (const payload of payloads) {
      try {
        const res = await fetch(opts.webhookUrl, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${opts.token}`, 'User-Agent': 'Runwell-demo-alertmanager' },
          body: JSON.stringify(payload),
          signal: AbortSignal.timeout(15_000),
        });
        if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
        sent += 1;
        if (sent === 1) opts.log(`Demo: the demo Alertmanager delivers alerts to ${opts.webhookUrl} (turn it off with --no-demo-alerts)`);
        lastError = '';
      } catch (error) {
        const message = (error as Error).message;
        if (message !== lastError) opts.log(`Demo: the demo Alertmanager could not deliver ${payload.groupLabels.alertname ?? payload.groupLabels.rule}: ${message}`);
        lastError = message;
      }
    }
  };
  let running: Promise<void> = sendNow();
  const timer = setInterval(() => {
    running = running.then(sendNow);
  }, opts.intervalMs ?? DEMO_ALERT_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer), sendNow };
}
