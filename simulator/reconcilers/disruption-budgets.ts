// PodDisruptionBudgets follow the workloads whose pods they select.

import { isoTime } from '../plan';
import { matchesLabelSelectorSpec } from '../selectors';
import type { KubeObject } from '../types';
import type { ControllerKit } from './kit';

/** Keep PodDisruptionBudgets that select a workload's pods in step with them. */
export function refreshPdbs(k: ControllerKit, workload: KubeObject): void {
  const ns = workload.metadata.namespace;
  const labels = workload.spec?.template?.metadata?.labels as Record<string, string> | undefined;
  for (const pdb of k.store.iterate(k.defs.pdbs!, ns)) {
    if (!matchesLabelSelectorSpec(pdb.spec?.selector, labels)) continue;
    const expected = workload.spec?.replicas ?? 0;
    const healthy = workload.status?.readyReplicas ?? 0;
    const resolve = (v: number | string) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((expected * Number(v.slice(0, -1))) / 100) : Number(v));
    const desired = pdb.spec.minAvailable !== undefined ? resolve(pdb.spec.minAvailable) : Math.max(0, expected - resolve(pdb.spec.maxUnavailable ?? 1));
    const allowed = Math.max(0, healthy - desired);
    const s = pdb.status ?? {};
    if (s.currentHealthy === healthy && s.desiredHealthy === desired && s.expectedPods === expected && s.disruptionsAllowed === allowed) continue;
    const prev = (s.conditions ?? [])[0] as { status?: string; lastTransitionTime?: string } | undefined;
    const status = allowed > 0 ? 'True' : 'False';
    k.store.put({
      ...pdb,
      metadata: { ...pdb.metadata },
      status: {
        ...s,
        observedGeneration: pdb.metadata.generation ?? 1,
        currentHealthy: healthy,
        desiredHealthy: desired,
        expectedPods: expected,
        disruptionsAllowed: allowed,
        conditions: [
          {
            type: 'DisruptionAllowed',
            status,
            reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
            message: '',
            observedGeneration: pdb.metadata.generation ?? 1,
            lastTransitionTime: prev?.status === status ? prev.lastTransitionTime : isoTime(k.clock()),
          },
        ],
      },
    });
  }
}
