// A workload's PodDisruptionBudget (its status from the ready Pods) and
// HorizontalPodAutoscaler (a CPU reading around its target).

import { HOUR, isoTime, type WorkloadPlan } from '../plan';
import type { KubeObject } from '../types';
import { meta, type Ctx } from './context';

export function podDisruptionBudget(c: Ctx, w: WorkloadPlan, labels: Record<string, string>, created: number, ready: number): void {
  if (!w.pdb) return;
  const ns = w.namespace;
  const selector = { app: w.name };
  const expected = w.replicas;
  const resolve = (v: number | string) => (typeof v === 'string' && v.endsWith('%') ? Math.ceil((expected * Number(v.slice(0, -1))) / 100) : Number(v));
  const desired = w.pdb.minAvailable !== undefined ? resolve(w.pdb.minAvailable) : Math.max(0, expected - resolve(w.pdb.maxUnavailable ?? 1));
  const allowed = Math.max(0, ready - desired);
  c.out.push({
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: meta(w.name, ns, c.prng.uuid(), created, { generation: 1, labels }),
    spec: { ...(w.pdb.minAvailable !== undefined ? { minAvailable: w.pdb.minAvailable } : { maxUnavailable: w.pdb.maxUnavailable ?? 1 }), selector: { matchLabels: selector } },
    status: {
      observedGeneration: 1,
      disruptionsAllowed: allowed,
      currentHealthy: ready,
      desiredHealthy: desired,
      expectedPods: expected,
      conditions: [
        {
          type: 'DisruptionAllowed',
          status: allowed > 0 ? 'True' : 'False',
          reason: allowed > 0 ? 'SufficientPods' : 'InsufficientPods',
          message: '',
          observedGeneration: 1,
          lastTransitionTime: isoTime(created + 60_000),
        },
      ],
    },
  });
}

export function horizontalPodAutoscaler(c: Ctx, w: WorkloadPlan, owner: KubeObject, labels: Record<string, string>, created: number): void {
  if (!w.hpa) return;
  const ns = w.namespace;
  const util = Math.max(5, Math.min(140, w.hpa.cpuUtilization + c.prng.int(-35, 25)));
  c.out.push({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: meta(w.name, ns, c.prng.uuid(), created, { labels }),
    spec: {
      scaleTargetRef: { apiVersion: owner.apiVersion, kind: owner.kind, name: w.name },
      minReplicas: w.hpa.min,
      maxReplicas: w.hpa.max,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: w.hpa.cpuUtilization } } }],
    },
    status: {
      currentReplicas: w.replicas,
      desiredReplicas: w.replicas,
      lastScaleTime: isoTime(c.now - c.prng.int(1, 72) * HOUR),
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: util, averageValue: `${Math.round(((w.cpuRequestMilli ?? 100) * util) / 100)}m` } } }],
      conditions: [
        { type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: 'recommended size matches current size', lastTransitionTime: isoTime(created + 60_000) },
        { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)', lastTransitionTime: isoTime(created + 60_000) },
        w.replicas >= w.hpa.max
          ? { type: 'ScalingLimited', status: 'True', reason: 'TooManyReplicas', message: 'the desired replica count is more than the maximum replica count', lastTransitionTime: isoTime(c.now - 2 * HOUR) }
          : { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range', lastTransitionTime: isoTime(created + 60_000) },
      ],
    },
  });
}
