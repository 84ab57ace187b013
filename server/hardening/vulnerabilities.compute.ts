import type { VulnerableImageDto } from './hardening.schema';

// Trivy Operator VulnerabilityReports (aquasecurity.github.io/v1alpha1), as the
// collectors keep them (inventory transform: the report's artifact, summary,
// update time and its CRITICAL/HIGH vulnerabilities): critical/high counts per
// workload and image, and the oldest vulnerability a fix exists for.

const DAY_MS = 86_400_000;
type J = Record<string, unknown>;
const rec = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export type ReportRow = { clusterName: string; namespace: string; name: string; labels: Record<string, string>; data: unknown };

function imageOf(report: J): string {
  const a = rec(report.artifact);
  const server = str(rec(report.registry).server);
  const repo = str(a.repository);
  const ref = str(a.tag) ? `:${str(a.tag)}` : str(a.digest) ? `@${str(a.digest)}` : '';
  return `${server && server !== 'index.docker.io' ? `${server}/` : ''}${repo}${ref}` || '(unknown image)';
}

/** Trivy scans a Deployment's ReplicaSet (`checkout-7d9f8b6c5d`): the page names the Deployment, as people know it. */
export function workloadOf(kind: string, name: string): { kind: string; name: string } {
  const m = kind === 'ReplicaSet' ? /^(.+)-[a-z0-9]{6,10}$/.exec(name) : null;
  return m ? { kind: 'Deployment', name: m[1]! } : { kind, name };
}

export function vulnerableImage(row: ReportRow, now: number): VulnerableImageDto {
  const report = rec(rec(row.data).report);
  const summary = rec(report.summary);
  const vulns = Array.isArray(report.vulnerabilities) ? (report.vulnerabilities as unknown[]).map(rec) : [];
  const serious = vulns.filter((v) => str(v.severity) === 'CRITICAL' || str(v.severity) === 'HIGH');
  const fixable = serious.filter((v) => str(v.fixedVersion) !== '');
  // Oldest by publication; a vulnerability without a date sorts last.
  const byAge = [...fixable].sort((a, b) => (Date.parse(str(a.published)) || Infinity) - (Date.parse(str(b.published)) || Infinity));
  const oldest = byAge[0];
  const published = oldest && str(oldest.published) ? str(oldest.published) : null;
  return {
    clusterName: row.clusterName,
    namespace: row.labels['trivy-operator.resource.namespace'] ?? row.namespace,
    ...(() => {
      const w = workloadOf(row.labels['trivy-operator.resource.kind'] ?? '', row.labels['trivy-operator.resource.name'] ?? row.name);
      return { workloadKind: w.kind, workloadName: w.name };
    })(),
    container: row.labels['trivy-operator.container.name'] ?? '',
    image: imageOf(report),
    critical: num(summary.criticalCount),
    high: num(summary.highCount),
    fixable: fixable.length,
    oldestUnfixed: oldest
      ? { id: str(oldest.id), severity: str(oldest.severity), published, ageDays: published ? Math.floor((now - Date.parse(published)) / DAY_MS) : null, fixedVersion: str(oldest.fixedVersion), resource: str(oldest.resource) }
      : null,
    scannedAt: str(report.updateTimestamp) || null,
  };
}

/** Worst first: critical, then high, then the oldest fixable one. */
export function rankImages(images: VulnerableImageDto[]): VulnerableImageDto[] {
  return images
    .filter((i) => i.critical + i.high > 0)
    .sort((a, b) => b.critical - a.critical || b.high - a.high || (b.oldestUnfixed?.ageDays ?? -1) - (a.oldestUnfixed?.ageDays ?? -1) || a.workloadName.localeCompare(b.workloadName));
}
