import type { ActiveCheck } from '../readiness.compute';
import type { ReadinessReport, Severity } from '../readiness.schema';
import { objectLabel } from './names';

const LEVEL: Record<Severity, 'error' | 'warning'> = { danger: 'error', warning: 'warning' };

/** Relative paths stay relative (code scanning resolves them against the repository root). */
function toUri(file: string): string {
  return file.replace(/\\/g, '/').replace(/^\.\//, '');
}

/**
 * SARIF 2.1.0 for code-scanning UIs: one rule per active check (help carries the fix),
 * one result per failed check, located at the first line of the object in its file.
 * Passed and exempted checks produce no result.
 */
export function formatSarif(report: ReadinessReport, checks: readonly ActiveCheck[]): string {
  const ruleIndex = new Map(checks.map(({ check }, index) => [check.id, index]));
  const rules = checks.map(({ check, severity }) => ({
    id: check.id,
    shortDescription: { text: check.title },
    fullDescription: { text: `Passes when ${check.passes.replace(/`/g, '')}.` },
    help: {
      text: `${check.failMessage}.\nPasses when ${check.passes.replace(/`/g, '')}.\nFix:\n${check.fix}`,
      markdown: `${check.failMessage}.\n\nPasses when ${check.passes}.\n\nFix:\n\n\`\`\`yaml\n${check.fix}\`\`\`\n`,
    },
    defaultConfiguration: { level: LEVEL[severity] },
    properties: { tags: [check.area], area: check.area, polaris: check.polaris },
  }));
  const results = report.objects.flatMap((object) =>
    object.checks
      .filter((c) => !c.passed)
      .map((c) => ({
        ruleId: c.id,
        ...(ruleIndex.has(c.id) ? { ruleIndex: ruleIndex.get(c.id) } : {}),
        level: LEVEL[c.severity],
        message: { text: `${objectLabel(object)}: ${c.message}` },
        // Objects read from stdin have no file to point at.
        ...(object.file && !object.file.startsWith('<')
          ? {
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: toUri(object.file) },
                    region: { startLine: object.line ?? 1 },
                  },
                },
              ],
            }
          : {}),
      })),
  );
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'runwell', rules } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
