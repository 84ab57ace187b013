// DaemonSets: one Pod bound to every node (NotReady on NotReady nodes),
// whatever the rest of the plan asks for.

import { ownerRef, templateHash } from '../builders/identity';
import { buildPodTemplate, workloadLabels } from '../builders/pod-template';
import { buildPod, type PodState } from '../builders/pods';
import { DAY, type WorkloadPlan } from '../plan';
import type { KubeObject } from '../types';
import { meta, type Ctx } from './context';
import { reqOf, workloadStartTimes } from './pods';

export function materializeDaemonSet(c: Ctx, w: WorkloadPlan): void {
  const { created, rollout } = workloadStartTimes(c, w);
  const labels = workloadLabels(w);
  const tpl = buildPodTemplate(w, w.image);
  const hash = templateHash(tpl);
  const ds: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, {
      generation: Math.max(1, w.revisions),
      labels,
      annotations: { 'deprecated.daemonset.template.generation': String(Math.max(1, w.revisions)) },
    }),
    spec: {
      selector: { matchLabels: { app: w.name } },
      template: tpl,
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 0, maxUnavailable: 1 } },
      revisionHistoryLimit: 10,
    },
  };
  const podLabels = { ...(tpl.metadata.labels as Record<string, string>), 'controller-revision-hash': hash, 'pod-template-generation': String(Math.max(1, w.revisions)) };
  const owner = [ownerRef(ds)];
  const { cpu, mem } = reqOf(w);
  const pods: KubeObject[] = [];
  let ready = 0;
  for (const slot of c.nodeSlots) {
    c.scheduler.bind(slot, cpu, mem);
    const nodeReady = !c.notReady.has(slot.name);
    const state: PodState = nodeReady ? 'running' : 'notready';
    if (state === 'running') ready++;
    let name = `${w.name}-${c.prng.kubeSuffix(5)}`;
    while (c.podNames.has(`${w.namespace}/${name}`)) name = `${w.name}-${c.prng.kubeSuffix(5)}`;
    c.podNames.add(`${w.namespace}/${name}`);
    const pod = buildPod({
      name,
      generateName: `${w.name}-`,
      namespace: w.namespace,
      uid: c.prng.uuid(),
      labels: podLabels,
      owner,
      spec: tpl.spec,
      node: { name: slot.name, ip: slot.ip },
      created: Math.max(rollout, c.now - c.prng.int(1, 400) * DAY),
      state,
      restarts: c.prng.chance(0.05) ? c.prng.int(1, 3) : 0,
      prng: c.prng,
      now: c.now,
      specExtra: {
        affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [slot.name] }] }] } } },
      },
    });
    pods.push(pod);
  }
  const n = c.nodeSlots.length;
  ds.status = {
    currentNumberScheduled: n,
    desiredNumberScheduled: n,
    numberAvailable: ready,
    numberMisscheduled: 0,
    numberReady: ready,
    ...(n - ready > 0 ? { numberUnavailable: n - ready } : {}),
    observedGeneration: ds.metadata.generation,
    updatedNumberScheduled: n,
  };
  c.out.push(ds, ...pods);
}
