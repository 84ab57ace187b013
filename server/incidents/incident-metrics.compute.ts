import type { IncidentSeverity, IncidentState, IncidentTimes } from './incidents.schema';

// Response metrics (docs/incidents.md, "Metrics"). All are measured from
// startedAt, the start of IMPACT (not the first alert, not the declaration):
//   MTTD = detectedAt - startedAt       how long nobody knew
//   MTTA = acknowledgedAt - startedAt   until a responder took it
//   MTTR = resolvedAt - startedAt       until the impact ended
// Aggregates give median and p90 (nearest rank: a value some incident really
// had) besides the mean the M in MTTx stands for.

type MetricName = 'mttd' | 'mtta' | 'mttr';
const METRIC_NAMES: readonly MetricName[] = ['mttd', 'mtta', 'mttr'];

export type IncidentDurations = Record<MetricName, number | null> & { problems: string[] };

const END_OF: Record<MetricName, keyof IncidentTimes> = { mttd: 'detectedAt', mtta: 'acknowledgedAt', mttr: 'resolvedAt' };
const WORDS: Record<MetricName, string> = { mttd: 'detected', mtta: 'acknowledged', mttr: 'resolved' };

/** One incident's durations in ms; null when the milestone is missing or before the impact start (reported in problems). */
export function incidentDurations(times: IncidentTimes): IncidentDurations {
  const out: IncidentDurations = { mttd: null, mtta: null, mttr: null, problems: [] };
  for (const m of METRIC_NAMES) {
    const end = times[END_OF[m]];
    if (end === null) continue;
    if (end < times.startedAt) {
      out.problems.push(`${WORDS[m]} before the impact started: check startedAt`);
      continue;
    }
    out[m] = end - times.startedAt;
  }
  return out;
}

export type Distribution = { count: number; meanMs: number | null; medianMs: number | null; p90Ms: number | null };

export function distribution(values: readonly number[]): Distribution {
  if (!values.length) return { count: 0, meanMs: null, medianMs: null, p90Ms: null };
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return {
    count: v.length,
    meanMs: v.reduce((s, x) => s + x, 0) / v.length,
    medianMs: v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2,
    p90Ms: v[Math.ceil(0.9 * v.length) - 1]!,
  };
}

export type MetricIncident = { id: string; state: IncidentState; severity: IncidentSeverity; times: IncidentTimes };

export type MetricsReport = {
  period: { from: number; to: number };
  incidents: number;
  overall: Record<MetricName, Distribution>;
  bySeverity: Record<IncidentSeverity, Record<MetricName, Distribution> & { incidents: number }>;
  /** Incidents still open (no resolution yet): MTTR leaves them out, which flatters it; show the count next to it. */
  unresolved: number;
  problems: { id: string; problem: string }[];
};

/**
 * Aggregates over incidents whose impact STARTED in [from, to). Declined (not an
 * incident) and merged (counted in the incident they joined) are left out.
 */
export function metricsReport(incidents: readonly MetricIncident[], period: { from: number; to: number }): MetricsReport {
  const counted = incidents.filter((i) => i.state !== 'declined' && i.state !== 'merged' && i.times.startedAt >= period.from && i.times.startedAt < period.to);
  const rows = counted.map((i) => ({ i, d: incidentDurations(i.times) }));
  const dists = (subset: typeof rows) =>
    Object.fromEntries(METRIC_NAMES.map((m) => [m, distribution(subset.map((r) => r.d[m]).filter((x): x is number => x !== null))])) as Record<MetricName, Distribution>;
  const bySeverity = Object.fromEntries(
    (['P1', 'P2', 'P3'] as const).map((s) => {
      const subset = rows.filter((r) => r.i.severity === s);
      return [s, { ...dists(subset), incidents: subset.length }];
    }),
  ) as MetricsReport['bySeverity'];
  return {
    period,
    incidents: counted.length,
    overall: dists(rows),
    bySeverity,
    unresolved: rows.filter((r) => r.i.times.resolvedAt === null).length,
    problems: rows.flatMap((r) => r.d.problems.map((problem) => ({ id: r.i.id, problem }))),
  };
}
