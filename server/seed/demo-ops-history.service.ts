import { hasDomainHistory, recordDomainDay } from '../domains/snapshot.service';

// The demo's past 89 days of network, storage and performance figures
// (docs/domains.md "The simulator"), so their 30/90-day trends show a story on
// the first start: the search volume filling up, DNS p99 creeping up for two
// weeks, a GC regression of fraud-scoring three weeks ago. Written once, before
// the evaluate job stores today's real figures; deterministic (no randomness).

const DAY = 86_400_000;

function dayValues(domain: 'network' | 'storage' | 'performance', ago: number): Record<string, number> {
  const wobble = (period: number, amp: number) => amp * Math.sin((2 * Math.PI * ago) / period);
  if (domain === 'network') {
    const dns = ago <= 14 ? 440 - ago * 20 + wobble(5, 15) : 16 + wobble(7, 3);
    const ingress = 0.4 + wobble(9, 0.2) + (ago <= 3 ? 5.6 - ago : 0);
    return { dnsP99Ms: Math.round(dns), ingress5xxPct: Math.round(ingress * 100) / 100, dropsPerSecond: Math.round((ago <= 10 ? 14 - ago : 0.4 + wobble(6, 0.2)) * 100) / 100, critical: (dns >= 250 ? 1 : 0) + (ingress >= 5 ? 1 : 0), warning: dns >= 100 && dns < 250 ? 1 : 0 };
  }
  if (domain === 'storage') {
    const fullest = Math.min(94, 70 + (89 - ago) * 0.27);
    return { pending: ago % 17 === 0 ? 1 : 0, fullestPct: Math.round(fullest * 10) / 10, iopsMaxPct: Math.round((ago <= 6 ? 97 : 55 + wobble(8, 10)) * 10) / 10, bindMedianSeconds: 9 + Math.round(wobble(11, 3)), critical: (fullest >= 90 ? 1 : 0) + (ago <= 6 ? 1 : 0), warning: fullest >= 80 && fullest < 90 ? 1 : 0 };
  }
  const gc = ago <= 21 ? 180 + wobble(4, 12) : 22 + wobble(6, 4);
  return { worstP99Ms: Math.round(800 + wobble(7, 150)), worstSaturationPct: Math.round((4 + wobble(10, 1.5)) * 10) / 10, worstGcMs: Math.round(gc), critical: gc >= 100 ? 1 : 0, warning: 1 };
}

export async function seedDemoOpsHistory(now = Date.now()): Promise<string[]> {
  const created: string[] = [];
  for (const domain of ['network', 'storage', 'performance'] as const) {
    if (await hasDomainHistory(domain, now)) continue;
    for (let ago = 89; ago >= 1; ago--) await recordDomainDay(domain, [{ scopeKey: 'org', values: dayValues(domain, ago) }], now - ago * DAY);
    created.push(`${domain} history`);
  }
  return created;
}
