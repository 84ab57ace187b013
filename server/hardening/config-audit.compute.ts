import type { ConfigAuditDto, SecurityOverviewDto } from './hardening.schema';
import { workloadOf } from './vulnerabilities.compute';

// Trivy Operator ConfigAuditReports (aquasecurity.github.io/v1alpha1), as the
// collectors keep them (inventory trim-vulnerabilities: summary counts, scan time and
// the failed checks): critical/high/medium/low misconfigurations per workload,
// like the VulnerabilityReports' counts per image. One report per workload
// (the operator scans a Deployment's ReplicaSet: the page names the Deployment).

type J = Record<string, unknown>;
const rec = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : 0);

export type AuditRow = { clusterName: string; namespace: string; name: string; labels: Record<string, string>; data: unknown };

const SEVERITY_RANK: Record<string, number> = { CRITICAL: 0, HIGH: 1, MEDIUM: 2, LOW: 3 };

export function auditedWorkload(row: AuditRow): ConfigAuditDto {
  const report = rec(rec(row.data).report);
  const summary = rec(report.summary);
  const checks = (Array.isArray(report.checks) ? (report.checks as unknown[]) : [])
    .map(rec)
    .map((c) => ({ id: str(c.checkID), title: str(c.title), severity: str(c.severity).toUpperCase() || 'UNKNOWN' }))
    .sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || a.id.localeCompare(b.id, 'en', { numeric: true }));
  const w = workloadOf(row.labels['trivy-operator.resource.kind'] ?? '', row.labels['trivy-operator.resource.name'] ?? row.name);
  return {
    clusterName: row.clusterName,
    namespace: row.labels['trivy-operator.resource.namespace'] || row.namespace,
    workloadKind: w.kind,
    workloadName: w.name,
    critical: num(summary.criticalCount),
    high: num(summary.highCount),
    medium: num(summary.mediumCount),
    low: num(summary.lowCount),
    failing: checks.slice(0, 5),
    scannedAt: str(report.updateTimestamp) || null,
  };
}

/** Totals over every report and the workloads with findings, worst first (critical, high, medium, low). */
export function summarizeConfigAudits(rows: readonly ConfigAuditDto[], limit = 100): SecurityOverviewDto['configAudit'] {
  const sum = (k: 'critical' | 'high' | 'medium' | 'low') => rows.reduce((s, r) => s + r[k], 0);
  const workloads = rows
    .filter((r) => r.critical + r.high + r.medium + r.low > 0)
    .sort((a, b) => b.critical - a.critical || b.high - a.high || b.medium - a.medium || b.low - a.low || a.workloadName.localeCompare(b.workloadName) || a.clusterName.localeCompare(b.clusterName));
  return { reports: rows.length, critical: sum('critical'), high: sum('high'), medium: sum('medium'), low: sum('low'), workloads: workloads.slice(0, limit) };
}
