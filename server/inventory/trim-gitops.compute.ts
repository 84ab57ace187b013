import { arr, compact, type J, pick, rec } from './trim.compute';

// Argo CD Applications and Flux Kustomizations and HelmReleases as Runwell keeps
// them: what was deployed and whether it is healthy, for readiness and the change
// ledger (server/changes/gitops.compute.ts). Pure.

export function trimApplication(o: J): J {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const history = arr(status.history).slice(-10).map((h) => pick(h, ['id', 'revision', 'deployedAt', 'deployStartedAt', 'initiatedBy']));
  const operation = rec(rec(status.operationState).operation);
  return compact({
    spec: compact({ project: spec.project, source: pick(spec.source, ['repoURL', 'path', 'targetRevision', 'chart']), destination: spec.destination, syncPolicy: spec.syncPolicy }),
    status: compact({
      sync: pick(status.sync, ['status', 'revision']),
      health: pick(status.health, ['status', 'message']),
      // The change ledger (server/changes/gitops.compute.ts) reads failed syncs from here: they never enter the history.
      operationState: compact({ ...pick(status.operationState, ['phase', 'message', 'startedAt', 'finishedAt']), revision: rec(rec(status.operationState).syncResult).revision ?? rec(operation.sync).revision, initiatedBy: operation.initiatedBy }),
      reconciledAt: status.reconciledAt,
      history: history.length ? history : undefined,
    }),
  });
}

/** Flux Kustomizations and HelmReleases: what was applied, what was tried, and whether it is Ready. */
export function trimFlux(o: J): J {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const ready = arr(status.conditions).map(rec).find((c) => c.type === 'Ready');
  return compact({
    spec: compact({ targetNamespace: spec.targetNamespace, path: spec.path, sourceRef: spec.sourceRef, chart: pick(rec(rec(spec.chart).spec), ['chart', 'version']) }),
    status: compact({
      lastAppliedRevision: status.lastAppliedRevision,
      lastAttemptedRevision: status.lastAttemptedRevision,
      ready: ready ? pick(ready, ['status', 'reason', 'message', 'lastTransitionTime']) : undefined,
    }),
  });
}
