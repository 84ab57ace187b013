import type { DomainTile } from './strip.schema';

// The security-hardening and toil tiles of the domain strip (strip.service.ts):
// pure, from what those domains' services answer. Certificates and DR build
// their own tiles in their domains; these two domains expose only figures.

/** kube-bench at or above this is healthy: the maturity model's level-3 "kube-bench enforced" bar. */
export const KUBE_BENCH_HEALTHY = 90;
/** Below this a cluster fails half a benchmark section in practice: act now. */
export const KUBE_BENCH_CRITICAL = 70;

export type BenchScore = { clusterName: string; score: number | null };
export type VulnerabilityCounts = { reports: number; critical: number; high: number };

export function securityTile(clusters: readonly BenchScore[], vulns: VulnerabilityCounts, href = '/security'): DomainTile {
  const base = { domain: 'security' as const, label: 'Security hardening', signal: 'lowest kube-bench score', href };
  const scored = clusters.filter((c): c is { clusterName: string; score: number } => c.score !== null).sort((a, b) => a.score - b.score);
  const vulnText = vulns.reports > 0 ? `${vulns.critical} critical and ${vulns.high} high vulnerabilities in ${vulns.reports} image reports` : null;
  if (scored.length === 0) {
    if (!vulnText) return { ...base, value: '—', status: 'no-data', detail: 'No kube-bench results and no Trivy reports yet (runwell security import kube-bench FILE)' };
    return { ...base, value: 'no run', status: vulns.critical > 0 ? 'warning' : 'no-data', detail: `No kube-bench results yet; ${vulnText}` };
  }
  const worst = scored[0]!;
  const unscored = clusters.length - scored.length;
  const status = worst.score < KUBE_BENCH_CRITICAL ? 'critical' : worst.score < KUBE_BENCH_HEALTHY || vulns.critical > 0 ? 'warning' : 'ok';
  const parts = [
    scored.length > 1 ? `${worst.clusterName} lowest of ${scored.length} clusters` : worst.clusterName,
    worst.score < KUBE_BENCH_HEALTHY && `below the ${KUBE_BENCH_HEALTHY} % bar`,
    unscored > 0 && `${unscored} without a run`,
    vulnText,
  ].filter(Boolean);
  return { ...base, value: `${worst.score} %`, status, detail: parts.join('; ') };
}

export type TeamToil = { teamName: string; percent: number | null };

/** The seed's toil budget: < 20 % healthy, 20-50 % attention, > 50 % halt feature work. */
export function toilTile(teams: readonly TeamToil[], href = '/toil'): DomainTile {
  const base = { domain: 'toil' as const, label: 'Toil', signal: 'share of engineering time', href };
  const measured = teams.filter((t): t is { teamName: string; percent: number } => t.percent !== null && Number.isFinite(t.percent)).sort((a, b) => b.percent - a.percent);
  if (measured.length === 0) return { ...base, value: '—', status: 'no-data', detail: teams.length ? 'No team has engineering hours and logged toil this sprint' : 'No team in scope' };
  const worst = measured[0]!;
  const over = measured.filter((t) => t.percent > 50).length;
  const status = worst.percent > 50 ? 'critical' : worst.percent >= 20 ? 'warning' : 'ok';
  const who = measured.length > 1 || teams.length > 1 ? `${worst.teamName}, highest of ${measured.length} measured team${measured.length === 1 ? '' : 's'}` : worst.teamName;
  const action = worst.percent > 50 ? `; over the 50 % budget: halt feature work${over > 1 ? ` (${over} teams)` : ''}` : worst.percent >= 20 ? '; watch: above 20 %' : '';
  return { ...base, value: `${Math.round(worst.percent)} %`, status, detail: `${who} this sprint${action}` };
}
