import { describe, expect, it } from 'vitest';
import { parseWebhookPayload } from '../alerts/alerts.schema';
import { demoPayloads } from './demo-alerts.compute';
import { falcoDemoAlerts } from './demo-falco.compute';

const START = Date.parse('2026-12-05T08:00:00Z');
const MIN = 60_000;

describe('the demo Falco events', () => {
  it('fire a minute each on their rhythm, labelled like Falcosidekick (no alertname)', () => {
    expect(falcoDemoAlerts(START, START + MIN, 'demo-shop')).toEqual([]);
    const at = falcoDemoAlerts(START, START + 2 * MIN + 30_000, 'demo-shop');
    expect(at).toHaveLength(1);
    expect(at[0]).toMatchObject({ status: 'firing', labels: { source: 'falco', rule: 'Terminal shell in container', priority: 'Notice', cluster: 'demo-shop' } });
    expect(at[0]!.labels.alertname).toBeUndefined();
    // A quarter of an hour later: the next shell is a new instance (another start), the first one resolved and forgotten.
    const later = falcoDemoAlerts(START, START + 17 * MIN + 30_000, 'demo-shop').filter((a) => a.labels.rule === 'Terminal shell in container');
    expect(later.map((a) => [a.status, a.startsAt])).toEqual([['firing', new Date(START + 17 * MIN).toISOString()]]);
    expect(later[0]!.fingerprint).toBe(at[0]!.fingerprint);
  });

  it('go out grouped by source and rule in valid webhook payloads', () => {
    const payloads = demoPayloads(falcoDemoAlerts(START, START + 9 * MIN + 30_000, 'demo-shop'));
    // The shell (resolved 6 minutes ago), the sensitive read (resolved) and the binary dropped now.
    expect(payloads.map((p) => [p.groupLabels.rule, p.status]).sort()).toEqual([
      ['Drop and execute new binary in container', 'firing'],
      ['Read sensitive file untrusted', 'resolved'],
      ['Terminal shell in container', 'resolved'],
    ]);
    for (const p of payloads) {
      const parsed = parseWebhookPayload(JSON.parse(JSON.stringify(p)));
      expect(parsed.ok, parsed.ok ? '' : parsed.message).toBe(true);
    }
  });
});
