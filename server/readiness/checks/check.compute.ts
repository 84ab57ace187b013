import type { Inventory } from '../inventory.compute';
import type { Container, Subject, Workload } from '../workload.compute';
import type { Area, CheckId, ReadinessConfig, Severity } from '../readiness.schema';

export interface CheckContext {
  inventory: Inventory;
  config: ReadinessConfig;
}

/** null: the check does not apply to this object (it is then omitted from the report). */
export type Outcome = { passed: boolean; message?: string } | null;

interface CheckBase {
  id: CheckId;
  area: Area;
  /** Default severity; the config file may override it. */
  severity: Severity;
  kinds: readonly string[];
  /** One line, for rule lists (SARIF shortDescription, docs, UI). */
  title: string;
  /** What passes, for the docs' table. */
  passes: string;
  /** Default messages; an outcome may give a more precise one. */
  passMessage: string;
  failMessage: string;
  /** YAML snippet showing the fix. */
  fix: string;
  /** Same semantics and id as the Polaris check. */
  polaris: boolean;
}

interface WorkloadCheck extends CheckBase {
  target: 'workload';
  evaluate(workload: Workload, ctx: CheckContext): Outcome;
}

interface ObjectCheck extends CheckBase {
  target: 'object';
  evaluate(subject: Subject, ctx: CheckContext): Outcome;
}

export type CheckDefinition = WorkloadCheck | ObjectCheck;

export const pass = (message?: string): Outcome => (message ? { passed: true, message } : { passed: true });
export const fail = (message?: string): Outcome => (message ? { passed: false, message } : { passed: false });

export function quoteList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

/**
 * Container-level checks: fails naming the containers for which `isBad` holds.
 * Init containers are included only when `includeInit` (probes, for instance, do not apply to them).
 */
export function containerOutcome(
  workload: Workload,
  includeInit: boolean,
  isBad: (container: Container) => boolean,
  failPrefix: string,
): Outcome {
  const bad = workload.containers.filter((c) => (includeInit || !c.init) && isBad(c)).map((c) => c.name);
  if (bad.length === 0) return pass();
  return fail(`${failPrefix}: ${bad.length === 1 ? 'container' : 'containers'} ${quoteList(bad)}`);
}
