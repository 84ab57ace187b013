// Argo CD: the Application of a namespace, with its sync history (and a
// rollback or a failed sync where the plan asks).

import { DAY, HOUR, isoTime, type NamespacePlan } from '../plan';
import { meta, type Ctx } from './context';

export function argoApplication(c: Ctx, ns: NamespacePlan, images: string[]): void {
  const a = ns.argo;
  if (!a) return;
  const created = c.now - Math.min(ns.ageDays, 500) * DAY;
  const repoURL = `https://git.example.com/${ns.team}/deploy.git`;
  const source = { repoURL, path: `apps/${ns.name}`, targetRevision: 'main' };
  const history: unknown[] = [];
  const n = Math.max(1, a.historyLength);
  const firstId = c.prng.int(1, 40);
  let rev = '';
  for (let k = 0; k < n; k++) {
    const deployedAt = c.now - (n - k) * c.prng.int(6, 72) * HOUR;
    const fresh = c.prng.hex(40);
    const rolledBackTo = a.rollback && k === n - 1 && n >= 3 ? (history[n - 3] as { revision: string }).revision : null;
    rev = rolledBackTo ?? fresh;
    history.push({ id: firstId + k, revision: rev, deployStartedAt: isoTime(deployedAt - c.prng.int(5, 90) * 1000), deployedAt: isoTime(deployedAt), source });
  }
  const syncedRev = a.sync === 'Synced' ? rev : c.prng.hex(40);
  const last = history[history.length - 1] as { deployedAt: string; deployStartedAt: string };
  c.out.push({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: meta(ns.name, 'argocd', c.prng.uuid(), created, { generation: 100 + n, labels: { team: ns.team }, finalizers: ['resources-finalizer.argocd.argoproj.io'] }),
    spec: {
      project: ns.team,
      source,
      destination: { server: 'https://kubernetes.default.svc', namespace: ns.name },
      syncPolicy: a.autoSync === false ? { syncOptions: ['CreateNamespace=false'] } : { automated: { prune: true, selfHeal: true }, syncOptions: ['CreateNamespace=false'] },
    },
    status: {
      sync: { status: a.sync, revision: syncedRev, comparedTo: { source, destination: { server: 'https://kubernetes.default.svc', namespace: ns.name } } },
      health: { status: a.health, lastTransitionTime: last.deployedAt },
      history,
      operationState: {
        phase: a.health === 'Degraded' ? 'Failed' : 'Succeeded',
        message: a.health === 'Degraded' ? 'one or more objects failed to apply' : 'successfully synced (all tasks run)',
        startedAt: last.deployStartedAt,
        finishedAt: last.deployedAt,
        // A failed sync never enters the history: it tried the revision Argo CD is out of sync with.
        operation: { sync: { revision: a.health === 'Degraded' ? syncedRev : rev }, initiatedBy: { automated: a.autoSync !== false }, retry: { limit: 5 } },
        syncResult: { revision: a.health === 'Degraded' ? syncedRev : rev, source },
      },
      reconciledAt: isoTime(c.now - c.prng.int(10, 170) * 1000),
      sourceType: 'Kustomize',
      summary: { images: images.slice(0, 50) },
    },
  });
}
