import type { SecurityOverviewDto } from './hardening.schema';

// Falco's alert rate per cluster and rule (docs/domains.md "Security
// hardening") from two sources:
// - the Falco events Falcosidekick's Alertmanager output delivers to Runwell's
//   webhook: labels source="falco", rule, priority (and `cluster` when
//   Falcosidekick adds it as an extra label). Each stored alert instance is one
//   event; Alertmanager merges identical events that arrive while the first is
//   still open, so this is a lower bound of Falco's own count;
// - Falcosidekick's Prometheus counter falcosecurity_falcosidekick_falco_events_total
//   (increase over 24 h and 7 days per rule and priority) from each data source,
//   counted for the data source's cluster. Exact, so where a cluster has it, it
//   replaces the webhook's count for that cluster. Pure.

const HOUR_MS = 3_600_000;
export const FALCO_WINDOW_HOURS = 24;
export const FALCO_LONG_WINDOW_DAYS = 7;

/** Falco's priorities, most severe first (types.PriorityType in Falcosidekick). */
const PRIORITIES = ['emergency', 'alert', 'critical', 'error', 'warning', 'notice', 'informational', 'debug'];
const rank = (p: string) => {
  const i = PRIORITIES.indexOf(p.toLowerCase());
  return i < 0 ? PRIORITIES.length : i;
};

/** One (cluster, rule, priority) group: events in the short window, in the long one, and the latest (unknown from Prometheus). */
export type FalcoGroup = { cluster: string; rule: string; priority: string; events24h: number; events7d: number; last: number | null; source: 'alertmanager' | 'prometheus' };

/** The webhook's groups, except for the clusters Prometheus counts (exactly) for. */
export function mergeFalcoSources(webhook: readonly FalcoGroup[], prometheus: readonly FalcoGroup[]): FalcoGroup[] {
  const counted = new Set(prometheus.map((g) => g.cluster));
  return [...webhook.filter((g) => !counted.has(g.cluster)), ...prometheus];
}

/** Prometheus' increase() over a counter: whole events (it extrapolates to fractions). */
export function promGroups(cluster: string, day: readonly { metric: Record<string, string>; value: number }[], week: readonly { metric: Record<string, string>; value: number }[]): FalcoGroup[] {
  const key = (m: Record<string, string>) => `${m.rule ?? ''}\u0000${m.priority ?? ''}`;
  const out = new Map<string, FalcoGroup>();
  for (const [list, field] of [[week, 'events7d'], [day, 'events24h']] as const) {
    for (const s of list) {
      if (!Number.isFinite(s.value)) continue;
      const g = out.get(key(s.metric)) ?? { cluster, rule: s.metric.rule ?? '', priority: s.metric.priority ?? '', events24h: 0, events7d: 0, last: null, source: 'prometheus' as const };
      g[field] = Math.round(s.value);
      out.set(key(s.metric), g);
    }
  }
  return [...out.values()].filter((g) => g.events7d > 0 || g.events24h > 0);
}

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
    .map((g) => ({
      cluster: g.cluster,
      rule: g.rule,
      priority: g.priority,
      events24h: g.events24h,
      perHour: perHour(g.events24h),
      events7d: g.events7d,
      lastAt: g.last === null ? null : new Date(g.last).toISOString(),
      lastAgoHours: g.last === null ? null : Math.floor((now - g.last) / HOUR_MS),
      source: g.source,
    }))
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
