import { CHECKS } from './checks/registry.compute';
import { activeChecks } from './readiness.compute';
import type { Area, ReadinessConfig, Severity } from './readiness.schema';

// The checks as the live config sees them: which ids a filter selects, each
// check's effective severity, and a check's texts for the UI. Pure.

export interface CheckFilter {
  checkId?: string;
  area?: Area;
  severity?: Severity;
}

/**
 * Check ids a filter selects, under the live config (severity overrides included).
 * null: no filter. An empty list: nothing can match.
 */
export function checkIdsFor(filter: CheckFilter, config: ReadinessConfig): string[] | null {
  if (!filter.checkId && !filter.area && !filter.severity) return null;
  return activeChecks(config)
    .filter(({ check, severity }) => (!filter.checkId || check.id === filter.checkId) && (!filter.area || check.area === filter.area) && (!filter.severity || severity === filter.severity))
    .map(({ check }) => check.id);
}

/** Severity of each check under the config (disabled ones absent). */
export function severityById(config: ReadinessConfig): Map<string, { area: Area; severity: Severity }> {
  return new Map(activeChecks(config).map(({ check, severity }) => [check.id, { area: check.area, severity }]));
}

export function checkInfo(id: string): { title: string; fix: string; passMessage: string; failMessage: string } | null {
  const check = CHECKS.find((c) => c.id === id);
  return check ? { title: check.title, fix: check.fix, passMessage: check.passMessage, failMessage: check.failMessage } : null;
}
