import { describe, expect, it } from 'vitest';
import { distribution, incidentDurations, metricsReport, type MetricIncident } from './incident-metrics.compute';
import type { IncidentTimes } from './incidents.schema';

const MIN = 60_000;
const MARCH = Date.parse('2026-03-01T00:00:00Z');
const APRIL = Date.parse('2026-04-01T00:00:00Z');

function times(start: number, d: number | null, a: number | null, r: number | null): IncidentTimes {
  const at = (m: number | null) => (m === null ? null : start + m * MIN);
  return { startedAt: start, detectedAt: at(d), acknowledgedAt: at(a), identifiedAt: null, mitigatedAt: null, resolvedAt: at(r), closedAt: null };
}

describe('incidentDurations', () => {
  it.each([
    { name: 'complete', t: times(MARCH, 3, 8, 45), out: { mttd: 3, mtta: 8, mttr: 45 }, problems: 0 },
    { name: 'still open', t: times(MARCH, 3, 8, null), out: { mttd: 3, mtta: 8, mttr: null }, problems: 0 },
    { name: 'nothing yet', t: times(MARCH, null, null, null), out: { mttd: null, mtta: null, mttr: null }, problems: 0 },
    { name: 'acknowledged before the impact start', t: times(MARCH, 0, -5, 20), out: { mttd: 0, mtta: null, mttr: 20 }, problems: 1 },
  ])('$name', ({ t, out, problems }) => {
    const d = incidentDurations(t);
    expect({ mttd: d.mttd && d.mttd / MIN, mtta: d.mtta && d.mtta / MIN, mttr: d.mttr && d.mttr / MIN }).toEqual(out);
    expect(d.problems).toHaveLength(problems);
  });
});

describe('distribution', () => {
  it.each([
    { values: [], out: { count: 0, meanMs: null, medianMs: null, p90Ms: null } },
    { values: [7], out: { count: 1, meanMs: 7, medianMs: 7, p90Ms: 7 } },
    { values: [40, 10, 30, 20], out: { count: 4, meanMs: 25, medianMs: 25, p90Ms: 40 } },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10], out: { count: 10, meanMs: 5.5, medianMs: 5.5, p90Ms: 9 } },
    { values: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 100], out: { count: 11, meanMs: 155 / 11, medianMs: 6, p90Ms: 10 } },
  ])('$values', ({ values, out }) => {
    expect(distribution(values)).toEqual(out);
  });
});

describe('metricsReport', () => {
  const incidents: MetricIncident[] = [
    { id: 'a', state: 'closed', severity: 'P1', times: times(MARCH + 60 * MIN, 2, 5, 25) },
    { id: 'b', state: 'resolved', severity: 'P1', times: times(MARCH + 1440 * MIN, 4, 10, 95) },
    { id: 'c', state: 'resolved', severity: 'P2', times: times(MARCH + 2880 * MIN, 10, 20, 60) },
    { id: 'd', state: 'investigating', severity: 'P2', times: times(MARCH + 4000 * MIN, 1, 3, null) },
    { id: 'declined', state: 'declined', severity: 'P3', times: times(MARCH, 1, 1, 1) },
    { id: 'merged', state: 'merged', severity: 'P1', times: times(MARCH, 1, 1, 1) },
    { id: 'february', state: 'closed', severity: 'P1', times: times(MARCH - 1, 1, 1, 1) },
    { id: 'april', state: 'closed', severity: 'P1', times: times(APRIL, 1, 1, 1) },
  ];
  const r = metricsReport(incidents, { from: MARCH, to: APRIL });

  it('counts incidents whose impact started in the period, without declined and merged ones', () => {
    expect(r.incidents).toBe(4);
    expect(r.unresolved).toBe(1);
    expect(r.bySeverity.P1.incidents).toBe(2);
    expect(r.bySeverity.P3.incidents).toBe(0);
  });

  it.each([
    { scope: 'overall', metric: 'mttr', count: 3, mean: 60, median: 60, p90: 95 },
    { scope: 'overall', metric: 'mtta', count: 4, mean: 9.5, median: 7.5, p90: 20 },
    { scope: 'overall', metric: 'mttd', count: 4, mean: 4.25, median: 3, p90: 10 },
    { scope: 'P1', metric: 'mttr', count: 2, mean: 60, median: 60, p90: 95 },
    { scope: 'P2', metric: 'mttr', count: 1, mean: 60, median: 60, p90: 60 },
  ] as const)('$scope $metric', ({ scope, metric, count, mean, median, p90 }) => {
    const d = scope === 'overall' ? r.overall[metric] : r.bySeverity[scope][metric];
    expect({ count: d.count, mean: d.meanMs! / MIN, median: d.medianMs! / MIN, p90: d.p90Ms! / MIN }).toEqual({ count, mean, median, p90 });
  });

  it('an empty period has no figures', () => {
    const empty = metricsReport([], { from: MARCH, to: APRIL });
    expect(empty.overall.mttr).toEqual({ count: 0, meanMs: null, medianMs: null, p90Ms: null });
  });
});
