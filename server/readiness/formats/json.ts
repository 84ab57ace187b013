import type { ReadinessReport } from '../readiness.schema';

/**
 * The stable machine-readable format (documented in docs/readiness.md): exactly
 * {score, objects: [{apiVersion, kind, namespace, name, file, checks: [{id, area,
 * severity, passed, message, exempt?}]}]}. Checks that do not apply are absent.
 */
export function formatJson(report: ReadinessReport): string {
  const body = {
    score: report.score,
    objects: report.objects.map((o) => ({
      apiVersion: o.apiVersion,
      kind: o.kind,
      namespace: o.namespace,
      name: o.name,
      file: o.file,
      checks: o.checks.map((c) => ({
        id: c.id,
        area: c.area,
        severity: c.severity,
        passed: c.passed,
        message: c.message,
        ...(c.exempt ? { exempt: true } : {}),
      })),
    })),
  };
  return `${JSON.stringify(body, null, 2)}\n`;
}
