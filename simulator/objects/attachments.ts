// The objects that come with a workload, in the order of their random draws
// (changing the order changes every later object of the demo).

import { workloadLabels } from '../builders/pod-template';
import type { WorkloadPlan } from '../plan';
import type { KubeObject } from '../types';
import { certificate } from './cert-manager';
import type { Ctx } from './context';
import { horizontalPodAutoscaler, podDisruptionBudget } from './disruption-and-scaling';
import { prometheusRule, serviceLevel, serviceMonitor } from './monitoring';
import { ingress, networkPolicy, service } from './networking';

/** Service, PDB, HPA, Ingress + Certificate, NetworkPolicy, ServiceMonitor, PrometheusRule, SLO. */
export function attachments(c: Ctx, w: WorkloadPlan, owner: KubeObject, ready: number, created: number): void {
  const labels = workloadLabels(w);
  service(c, w, labels, created);
  podDisruptionBudget(c, w, labels, created, ready);
  horizontalPodAutoscaler(c, w, owner, labels, created);
  ingress(c, w, labels, created);
  certificate(c, w, labels, created);
  networkPolicy(c, w, labels, created);
  serviceMonitor(c, w, labels, created);
  prometheusRule(c, w, labels, created);
  serviceLevel(c, w, created);
}
