import { CHECK_IDS, type CheckId } from '../readiness.schema';
import { disruptionChecks } from './disruption.compute';
import { gitOpsChecks } from './gitops.compute';
import { hardeningChecks } from './hardening.compute';
import { kubeScoreChecks } from './kube-score.compute';
import { observabilityChecks } from './observability.compute';
import { operationsChecks } from './operations.compute';
import { rbacChecks } from './rbac.compute';
import { reliabilityChecks } from './reliability.compute';
import { resourceChecks } from './resources.compute';
import { securityChecks } from './security.compute';
import type { CheckDefinition } from './check.compute';

// One entry per line, so that adding a family of checks is a one-line change.
const ALL_CHECKS: readonly CheckDefinition[] = [
  ...reliabilityChecks,
  ...disruptionChecks,
  ...observabilityChecks,
  ...securityChecks,
  ...hardeningChecks,
  ...resourceChecks,
  ...gitOpsChecks,
  ...operationsChecks,
  ...rbacChecks,
  ...kubeScoreChecks,
];

const byId = new Map<string, CheckDefinition>(ALL_CHECKS.map((check) => [check.id, check]));

/** Every check, in the order of CHECK_IDS (reports and rule lists follow it). */
export const CHECKS: readonly CheckDefinition[] = CHECK_IDS.map((id) => {
  const check = byId.get(id);
  if (!check) throw new Error(`Check ${id} is listed in CHECK_IDS but not defined`);
  return check;
});

export function checkById(id: CheckId): CheckDefinition {
  return byId.get(id)!;
}

export type {  CheckDefinition,  } from './check.compute';
