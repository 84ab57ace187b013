import { CHECK_IDS, type CheckId } from '../readiness.schema';
import { gitOpsChecks } from './gitops';
import { observabilityChecks } from './observability';
import { operationsChecks } from './operations';
import { reliabilityChecks } from './reliability';
import { resourceChecks } from './resources';
import { securityChecks } from './security';
import type { CheckDefinition } from './types';

const byId = new Map<string, CheckDefinition>(
  [...reliabilityChecks, ...observabilityChecks, ...securityChecks, ...resourceChecks, ...gitOpsChecks, ...operationsChecks].map(
    (check) => [check.id, check],
  ),
);

/** Every check, in the order of CHECK_IDS (reports and rule lists follow it). */
export const CHECKS: readonly CheckDefinition[] = CHECK_IDS.map((id) => {
  const check = byId.get(id);
  if (!check) throw new Error(`Check ${id} is listed in CHECK_IDS but not defined`);
  return check;
});

export function checkById(id: CheckId): CheckDefinition {
  return byId.get(id)!;
}

export type { CheckContext, CheckDefinition, Outcome } from './types';
