// Deployments with their ReplicaSets (the current one and up to three old,
// scaled to zero, with older image tags) and Pods.

import { ownerRef, templateHash } from '../builders/identity';
import { imageTag, withTag } from '../builders/images';
import { buildPodTemplate, workloadLabels } from '../builders/pod-template';
import { frozenAnnotations, HOUR, isoTime, type WorkloadPlan } from '../plan';
import type { KubeObject } from '../types';
import { attachments } from './attachments';
import { addEvent, meta, type Ctx } from './context';
import { makePods, workloadStartTimes } from './pods';
import { pvcAndPv } from './storage';

function previousTag(tag: string | undefined, back: number): string | undefined {
  if (!tag) return undefined;
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(tag);
  if (!m) return tag;
  let major = Number(m[2]);
  let minor = Number(m[3]);
  let patch = Number(m[4]);
  for (let i = 0; i < back; i++) {
    if (patch > 0) patch--;
    else if (minor > 0) {
      minor--;
      patch = 4;
    } else if (major > 0) {
      major--;
      minor = 9;
      patch = 4;
    }
  }
  return `${m[1]}${major}.${minor}.${patch}`;
}

export function materializeDeployment(c: Ctx, w: WorkloadPlan): void {
  const { created, rollout } = workloadStartTimes(c, w);
  const labels = workloadLabels(w);
  const selector = { matchLabels: { app: w.name } };
  const tpl = buildPodTemplate(w, w.image);
  const revisions = Math.max(1, w.revisions);
  const dep: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: meta(w.name, w.namespace, c.prng.uuid(), created, {
      generation: revisions + (w.hpa ? c.prng.int(0, 6) : 0),
      labels,
      annotations: { 'deployment.kubernetes.io/revision': String(revisions), ...(w.annotations ?? {}), ...(frozenAnnotations(w.frozen) ?? {}) },
    }),
    spec: {
      replicas: w.replicas,
      selector,
      template: tpl,
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
  };
  const depRef = [ownerRef(dep)];
  const tag = imageTag(w.image);
  const firstKept = Math.max(1, revisions - 3);
  for (let r = firstKept; r < revisions; r++) {
    const oldTag = previousTag(tag, revisions - r);
    const oldTpl = buildPodTemplate(w, oldTag && oldTag !== tag ? withTag(w.image, oldTag) : w.image);
    if (!oldTag || oldTag === tag) oldTpl.metadata.annotations = { 'kubectl.kubernetes.io/restartedAt': isoTime(created + (r * (rollout - created)) / revisions) };
    const hash = templateHash(oldTpl);
    const when = created + Math.floor(((r - 1) * (rollout - created)) / Math.max(1, revisions - 1));
    c.out.push({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: meta(`${w.name}-${hash}`, w.namespace, c.prng.uuid(), when, {
        generation: 2,
        labels: { ...(oldTpl.metadata.labels as Record<string, string>), 'pod-template-hash': hash },
        annotations: {
          'deployment.kubernetes.io/desired-replicas': String(w.replicas),
          'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas * 0.25)),
          'deployment.kubernetes.io/revision': String(r),
        },
        ownerReferences: depRef,
      }),
      spec: {
        replicas: 0,
        selector: { matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash } },
        template: { metadata: { ...oldTpl.metadata, labels: { ...(oldTpl.metadata.labels as Record<string, string>), 'pod-template-hash': hash } }, spec: oldTpl.spec },
      },
      status: { replicas: 0, observedGeneration: 2 },
    });
  }
  const hash = templateHash(tpl);
  const podLabels = { ...(tpl.metadata.labels as Record<string, string>), 'pod-template-hash': hash };
  const rs: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: meta(`${w.name}-${hash}`, w.namespace, c.prng.uuid(), rollout, {
      generation: 1,
      labels: podLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(w.replicas),
        'deployment.kubernetes.io/max-replicas': String(w.replicas + Math.ceil(w.replicas * 0.25)),
        'deployment.kubernetes.io/revision': String(revisions),
      },
      ownerReferences: depRef,
    }),
    spec: {
      replicas: w.replicas,
      selector: { matchLabels: { ...selector.matchLabels, 'pod-template-hash': hash } },
      template: { metadata: { ...tpl.metadata, labels: podLabels }, spec: tpl.spec },
    },
  };
  const rsName = rs.metadata.name;
  const generateName = `${rsName}-`;
  const { pods, ready } = makePods(c, w, w.replicas, [ownerRef(rs)], podLabels, tpl.spec, rollout, () => ({
    name: generateName + c.prng.kubeSuffix(5),
    generateName,
  }));
  rs.status = { replicas: w.replicas, fullyLabeledReplicas: w.replicas, readyReplicas: ready, availableReplicas: ready, observedGeneration: 1 };
  const maxUnavailable = Math.floor(w.replicas * 0.25);
  const available = ready >= w.replicas - maxUnavailable;
  dep.status = {
    observedGeneration: dep.metadata.generation,
    replicas: w.replicas,
    updatedReplicas: w.replicas,
    readyReplicas: ready,
    availableReplicas: ready,
    ...(w.replicas - ready > 0 ? { unavailableReplicas: w.replicas - ready } : {}),
    conditions: [
      {
        type: 'Available',
        status: available ? 'True' : 'False',
        lastUpdateTime: isoTime(rollout + 30_000),
        lastTransitionTime: isoTime(available ? created + 30_000 : c.now - 20 * 60_000),
        reason: available ? 'MinimumReplicasAvailable' : 'MinimumReplicasUnavailable',
        message: available ? 'Deployment has minimum availability.' : 'Deployment does not have minimum availability.',
      },
      {
        type: 'Progressing',
        status: 'True',
        lastUpdateTime: isoTime(rollout + 30_000),
        lastTransitionTime: isoTime(created),
        reason: 'NewReplicaSetAvailable',
        message: `ReplicaSet "${rsName}" has successfully progressed.`,
      },
    ],
  };
  c.out.push(dep, rs, ...pods);
  if (c.prng.chance(c.eventProb * 2) && c.now - rollout < 6 * HOUR) {
    addEvent(c, { kind: 'Deployment', apiVersion: 'apps/v1', name: w.name, namespace: w.namespace, uid: dep.metadata.uid }, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${rsName} to ${w.replicas}`, 'deployment-controller', undefined, rollout, rollout, 1);
  }
  if (w.volume) {
    pvcAndPv(c, w.namespace, `${w.name}-data`, w.volume, created, pods[0]?.spec.nodeName as string | undefined, labels);
  }
  attachments(c, w, dep, ready, created);
}
