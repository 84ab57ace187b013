import type { CheckDefinition } from '../checks/registry.compute';
import { activeChecks } from '../readiness.compute';
import { DEFAULT_CONFIG, type ReadinessConfig, type Severity } from '../readiness.schema';

// `runwell check --list-checks`: every check, so users can build their config.

export const CHECK_SOURCES = ['polaris', 'kube-score', 'runwell'] as const;
type CheckSource = (typeof CHECK_SOURCES)[number];

/** Where a check's id and meaning come from: Polaris' ids, kube-score's (namespaced "kube-score/..."), or Runwell's own. */
function checkSource(check: Pick<CheckDefinition, 'id' | 'polaris'>): CheckSource {
  if (check.id.startsWith('kube-score/')) return 'kube-score';
  return check.polaris ? 'polaris' : 'runwell';
}

export interface CheckListEntry {
  id: string;
  area: string;
  /** Severity under the default config; "off" when not evaluated by default (cpuLimitsMissing). */
  defaultSeverity: Severity | 'off';
  /** Severity under the given --config, when one was given. */
  severity?: Severity | 'off';
  kinds: string[];
  source: CheckSource;
  description: string;
}

export function listChecks(checks: readonly CheckDefinition[], config?: ReadinessConfig): CheckListEntry[] {
  const severities = (c: ReadinessConfig) => new Map(activeChecks(c).map((a) => [a.check.id, a.severity]));
  const defaults = severities(DEFAULT_CONFIG);
  const configured = config ? severities(config) : null;
  return checks.map((check) => ({
    id: check.id,
    area: check.area,
    defaultSeverity: defaults.get(check.id) ?? 'off',
    ...(configured ? { severity: configured.get(check.id) ?? 'off' } : {}),
    kinds: [...check.kinds],
    source: checkSource(check),
    description: check.title,
  }));
}

export function formatCheckListJson(entries: readonly CheckListEntry[]): string {
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** One check per line: ID, area, severity, source, kinds, description (tab-free, aligned). */
export function formatCheckListHuman(entries: readonly CheckListEntry[]): string {
  const withConfig = entries.some((e) => e.severity !== undefined);
  const rows = [
    ['ID', 'AREA', withConfig ? 'SEVERITY (DEFAULT)' : 'SEVERITY', 'SOURCE', 'KINDS', 'DESCRIPTION'],
    ...entries.map((e) => [
      e.id,
      e.area,
      withConfig && e.severity !== e.defaultSeverity ? `${e.severity} (${e.defaultSeverity})` : e.defaultSeverity,
      e.source,
      e.kinds.join(','),
      e.description,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => (i === rows[0]!.length - 1 ? 0 : Math.max(...rows.map((r) => r[i]!.length))));
  const lines = rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd());
  return `${lines.join('\n')}\n${entries.length} checks\n`;
}
