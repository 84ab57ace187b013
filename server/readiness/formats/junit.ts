import { checkById } from '../checks/registry.compute';
import type { ReadinessReport } from '../readiness.schema';
import { objectLabel } from './names';
import { escapeXml } from './xml';

/**
 * JUnit XML as CI systems read it: one testsuite per object, one testcase per
 * applicable check, <failure> (type = severity, body = the fix) for failed ones.
 * Exempted checks are passed test cases, as everywhere else.
 */
export function formatJunit(report: ReadinessReport): string {
  const attr = (name: string, value: string | number) => ` ${name}="${escapeXml(String(value))}"`;
  const tests = report.objects.reduce((n, o) => n + o.checks.length, 0);
  const failures = report.objects.reduce((n, o) => n + o.checks.filter((c) => !c.passed).length, 0);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attr('name', 'runwell check')}${attr('tests', tests)}${attr('failures', failures)}${attr('errors', 0)}>`,
  ];
  for (const object of report.objects) {
    const label = objectLabel(object);
    const classname = [object.kind, object.namespace, object.name].filter(Boolean).join('.');
    const failed = object.checks.filter((c) => !c.passed).length;
    lines.push(
      `  <testsuite${attr('name', label)}${attr('tests', object.checks.length)}${attr('failures', failed)}${attr('errors', 0)}${attr('skipped', 0)}${object.file ? attr('file', object.file) : ''}>`,
      `    <properties><property${attr('name', 'score')}${attr('value', object.score)}/></properties>`,
    );
    for (const check of object.checks) {
      const open = `    <testcase${attr('name', check.id)}${attr('classname', classname)}${object.file ? attr('file', object.file) : ''}`;
      if (check.passed) {
        lines.push(`${open}/>`);
        continue;
      }
      lines.push(
        `${open}>`,
        `      <failure${attr('message', check.message)}${attr('type', check.severity)}>${escapeXml(`${check.message}\nFix:\n${checkById(check.id).fix}`)}</failure>`,
        '    </testcase>',
      );
    }
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>');
  return `${lines.join('\n')}\n`;
}
