import { AREA_LABELS, AREAS, type ReadinessReport, type ScoreCounts } from '../readiness.schema';
import { objectLabel, objectLocation } from './names';

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function summary(counts: ScoreCounts): string {
  const exempt = counts.exempt > 0 ? ` (${counts.exempt} exempt)` : '';
  return `${counts.passed} passed${exempt}, ${counts.failedDangers} danger and ${counts.failedWarnings} warning failed`;
}

/** Readable terminal output: failures grouped by object (dangers first), then the scores. */
export function formatHuman(report: ReadinessReport): string {
  const out: string[] = [];
  if (report.objects.length === 0) {
    out.push('No workloads or alert rules to check in the input.');
  }
  for (const object of report.objects) {
    const location = objectLocation(object);
    out.push(`${objectLabel(object)}${location ? `  (${location})` : ''}  score ${object.score}`);
    const failed = object.checks
      .filter((c) => !c.passed)
      .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'danger' ? -1 : 1));
    const width = Math.max(0, ...failed.map((c) => c.id.length));
    for (const check of failed) {
      out.push(`  ✗ ${check.severity.padEnd(7)} ${check.id.padEnd(width)}  ${check.message}`);
    }
    const passed = object.checks.filter((c) => c.passed);
    const exempt = passed.filter((c) => c.exempt).length;
    out.push(`  ✓ ${passed.length} passed${exempt > 0 ? ` (${exempt} exempt: ${passed.filter((c) => c.exempt).map((c) => c.id).join(', ')})` : ''}`);
    out.push('');
  }
  const areas = AREAS.filter((area) => {
    const c = report.byArea[area];
    return c.passed + c.failedDangers + c.failedWarnings > 0;
  });
  out.push(`Score ${report.score}/100 over ${plural(report.objects.length, 'object')}: ${summary(report.totals)}`);
  if (areas.length > 0) {
    out.push(`  by area: ${areas.map((area) => `${AREA_LABELS[area]} ${report.byArea[area].score}`).join(', ')}`);
  }
  const namespaces = Object.keys(report.byNamespace);
  if (namespaces.length > 1) {
    out.push(`  by namespace: ${namespaces.sort().map((ns) => `${ns} ${report.byNamespace[ns]!.score}`).join(', ')}`);
  }
  const teams = Object.keys(report.byTeam);
  if (teams.length > 1 || (teams.length === 1 && teams[0] !== '(none)')) {
    out.push(`  by team: ${teams.sort().map((team) => `${team} ${report.byTeam[team]!.score}`).join(', ')}`);
  }
  return `${out.join('\n')}\n`;
}
