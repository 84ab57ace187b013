import { arr, compact, type J, pick, rec } from './trim.compute';

// Trivy Operator VulnerabilityReports and ConfigAuditReports as Runwell keeps
// them, for the security page (server/hardening). Pure.

/** A Trivy VulnerabilityReport: artifact, registry, summary, scan time and only its CRITICAL/HIGH vulnerabilities (a report lists hundreds of lower ones). */
export function trimVulnerabilityReport(o: J): J {
  const report = rec(o.report);
  const vulns = Array.isArray(report.vulnerabilities) ? (report.vulnerabilities as unknown[]).map(rec) : [];
  return {
    report: compact({
      artifact: pick(report.artifact, ['repository', 'tag', 'digest']),
      registry: pick(report.registry, ['server']),
      summary: pick(report.summary, ['criticalCount', 'highCount', 'mediumCount', 'lowCount', 'unknownCount']),
      updateTimestamp: report.updateTimestamp,
      vulnerabilities: vulns
        .filter((v) => v.severity === 'CRITICAL' || v.severity === 'HIGH')
        .slice(0, 200)
        .map((v) => compact({ id: v.vulnerabilityID, severity: v.severity, resource: v.resource, installedVersion: v.installedVersion, fixedVersion: v.fixedVersion, published: v.publishedDate })),
    }),
  };
}

/** Trivy ConfigAuditReport: the summary counts, scan time and its failed checks (id, title, severity), at most 100. */
export function trimConfigAuditReport(o: J): J {
  const report = rec(o.report);
  return {
    report: compact({
      summary: pick(report.summary, ['criticalCount', 'highCount', 'mediumCount', 'lowCount']),
      updateTimestamp: report.updateTimestamp,
      checks: arr(report.checks)
        .filter((c) => c.success === false)
        .slice(0, 100)
        .map((c) => compact(pick(c, ['checkID', 'title', 'severity', 'category']))),
    }),
  };
}
