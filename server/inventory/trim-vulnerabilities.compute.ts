import { compact, type J, pick, rec } from './trim.compute';

// Trivy Operator VulnerabilityReports as Runwell keeps them, for the security
// page (server/hardening). Pure.

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
