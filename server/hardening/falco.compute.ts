import type { SecurityOverviewDto } from './hardening.schema';

// Falco's alert rate per cluster and rule (docs/domains.md "Security
// hardening"), from the Falco events Falcosidekick's Alertmanager output
// delivers to Runwell's webhook: labels source="falco", rule, priority (and
// `cluster` when Falcosidekick adds it as an extra label). Each stored alert
// instance is one event; Alertmanager merges identical events that arrive while
// the first is still open, so this is a lower bound of Falco's own count. Pure.

const HOUR_MS = 3_600_000;
export const FALCO_WINDOW_HOURS = 24;
export const FALCO_LONG_WINDOW_DAYS = 7;

/** Falco's priorities, most severe first (types.PriorityType in Falcosidekick). */
const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];
const rank = (p: string) => {
  const i = PRIORITIES.indexOf(p.toLowerCase());
  return i < 0 ? PRIORITIES.length : i;
};

/** One (cluster, rule, priority) group: events in the short window, in the long one, and the latest. */
export type FalcoGroup = { cluster: string; rule: string; priority: string; events24h: number; events7d: number; last: number };

const perHour = (n: number) => Math.round((n / FALCO_WINDOW_HOURS) * 100) / 100;

export function falcoRates(groups: readonly FalcoGroup[], now: number): SecurityOverviewDto['falco'] {
  const clusters = new Map<string, { events24h: number; events7d: number }>();
  for (const g of groups) {
    const c = clusters.get(g.cluster) ?? { events24h: 0, events7d: 0 };
    c.events24h += g.events24h;
    c.events7d += g.events7d;
    clusters.set(g.cluster, c);
  }
  const rules = groups
    .map((g) => ({ cluster: g.cluster, rule: g.rule, priority: g.priority, events24h: g.events24h, perHour: perHour(g.events24h), events7d: g.events7d, lastAt: new Date(g.last).toISOString(), lastAgoHours: Math.floor((now - g.last) / HOUR_MS) }))
    .sort((a, b) => b.events24h - a.events24h || rank(a.priority) - rank(b.priority) || b.events7d - a.events7d || a.rule.localeCompare(b.rule));
  const events24h = groups.reduce((s, g) => s + g.events24h, 0);
  return {
    windowHours: FALCO_WINDOW_HOURS,
    events24h,
    perHour: perHour(events24h),
    events7d: groups.reduce((s, g) => s + g.events7d, 0),
    byCluster: [...clusters].map(([cluster, c]) => ({ cluster, events24h: c.events24h, perHour: perHour(c.events24h), events7d: c.events7d })).sort((a, b) => b.events24h - a.events24h || b.events7d - a.events7d || a.cluster.localeCompare(b.cluster)),
    rules,
  };
}
