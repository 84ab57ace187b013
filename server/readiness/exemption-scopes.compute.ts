import type { TimedExemption } from './readiness.schema';

// Exemptions approved in the UI (docs/readiness.md, "Exemption workflow"): a scope that
// may name one object or widen to a namespace, a cluster or everything. Pure:
// `now` is passed in.

/** An approved exemption from the UI; null fields widen its scope. */
export interface ExemptionScope {
  clusterId: string | null;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  checkId: string;
  expiresAt: Date;
}

export interface WorkloadRef {
  kind: string;
  namespace: string | null;
  name: string;
}

/**
 * The engine's per-object exemptions for one cluster: object-scoped ones as they
 * are, wider ones (a namespace, a cluster, everywhere) repeated for each object in
 * scope. Expired ones are dropped here too (the engine also ignores them at `now`).
 */
export function expandExemptions(
  scopes: readonly ExemptionScope[],
  clusterId: string,
  objects: readonly WorkloadRef[],
  now: Date,
): TimedExemption[] {
  const out: TimedExemption[] = [];
  for (const scope of scopes) {
    if (scope.expiresAt.getTime() <= now.getTime()) continue;
    if (scope.clusterId !== null && scope.clusterId !== clusterId) continue;
    if (scope.kind !== null && scope.name !== null) {
      out.push({ objectRef: { kind: scope.kind, namespace: scope.namespace, name: scope.name }, checkId: scope.checkId, expiresAt: scope.expiresAt });
      continue;
    }
    for (const object of objects) {
      if (scope.namespace !== null && (object.namespace ?? '') !== scope.namespace) continue;
      if (scope.kind !== null && object.kind !== scope.kind) continue;
      out.push({ objectRef: { kind: object.kind, namespace: object.namespace, name: object.name }, checkId: scope.checkId, expiresAt: scope.expiresAt });
    }
  }
  return out;
}

/** Whether an exemption's scope covers one object of one cluster. */
export function exemptionCovers(scope: Omit<ExemptionScope, 'checkId' | 'expiresAt'>, clusterId: string, ref: WorkloadRef): boolean {
  if (scope.clusterId !== null && scope.clusterId !== clusterId) return false;
  if (scope.namespace !== null && scope.namespace !== (ref.namespace ?? '')) return false;
  if (scope.kind !== null && scope.kind !== ref.kind) return false;
  if (scope.name !== null && scope.name !== ref.name) return false;
  return true;
}
