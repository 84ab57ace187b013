import type { DomainAlert } from '../alerts/domain-alerts.compute';
import { KUBE_BENCH_HEALTHY } from '../domains/tiles.compute';

// KubeBenchScoreDropped (docs/domains.md "Security hardening"): a cluster's
// kube-bench score (pooled latest run of each node) below the bar, or down by
// at least 10 points against its previous run. "Run" is a day with results
// (dailyClusterScores): a kube-bench Job scans every node within minutes, so
// the day is the run, and the page's trend shows the same two figures.
//
// Two conditions, two keys per cluster:
// - below the bar (90 %, the maturity model's "kube-bench enforced"): a warning
//   for business hours, open as long as the score stays below;
// - a drop of >= 10 points: critical and paged (a sudden regression, such as
//   anonymous auth switched back on, is an exposure to respond to within 30
//   minutes). Its key holds the day of the run, so a later drop is a new alert
//   and a later run that holds steady clears it.

export const KUBE_BENCH_ALERT = 'KubeBenchScoreDropped';
export const KUBE_BENCH_DROP_POINTS = 10;

export type ClusterBenchTrend = { clusterId: string; clusterName: string; team: string | null; days: readonly { day: string; score: number }[] };

export type BenchCondition = { below: boolean; dropped: boolean; current: number; previous: number | null; day: string };

/** The latest run (day) against the one before; null without a run. */
export function benchCondition(days: ClusterBenchTrend['days'], threshold = KUBE_BENCH_HEALTHY, dropPoints = KUBE_BENCH_DROP_POINTS): BenchCondition | null {
  const last = days[days.length - 1];
  if (!last) return null;
  const previous = days.length > 1 ? days[days.length - 2]!.score : null;
  // Scores carry one decimal; compare at that precision so 90.0 -> 80.0 is a 10-point drop.
  const drop = previous === null ? 0 : Math.round((previous - last.score) * 10) / 10;
  return { below: last.score < threshold, dropped: previous !== null && drop >= dropPoints, current: last.score, previous, day: last.day };
}

export function benchAlerts(clusters: readonly ClusterBenchTrend[], runbookUrl?: string, threshold = KUBE_BENCH_HEALTHY): DomainAlert[] {
  const out: DomainAlert[] = [];
  for (const c of clusters) {
    const cond = benchCondition(c.days, threshold);
    if (!cond) continue;
    const labels = { cluster: c.clusterName, ...(c.team ? { team: c.team } : {}) };
    const base = { alertname: KUBE_BENCH_ALERT, href: '/security', ...(runbookUrl ? { runbookUrl } : {}) };
    if (cond.dropped) {
      out.push({
        ...base,
        key: `${c.clusterId}/drop/${cond.day}`,
        severity: 'critical',
        customerVisible: true,
        labels: { ...labels, reason: 'dropped' },
        summary: `kube-bench score of ${c.clusterName} dropped ${Math.round((cond.previous! - cond.current) * 10) / 10} points to ${cond.current} % (from ${cond.previous} % in the previous run)`,
        description: 'A check that passed now fails: open Security hardening for the failing checks and their remediation.',
      });
    }
    if (cond.below) {
      out.push({
        ...base,
        key: `${c.clusterId}/below`,
        severity: 'warning',
        customerVisible: false,
        labels: { ...labels, reason: 'below-threshold' },
        summary: `kube-bench score of ${c.clusterName} is ${cond.current} %, below the ${threshold} % bar`,
        description: 'The CIS benchmark fails on this cluster: fix the failing checks listed on Security hardening.',
      });
    }
  }
  return out;
}
