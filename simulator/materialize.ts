// Turns a ClusterPlan into Kubernetes objects: cluster-wide objects, nodes,
// namespaces, workloads with their ReplicaSets/Jobs and Pods (scheduled onto
// nodes) and what comes with them, Velero, Argo CD, Trivy and RBAC objects, and
// Events. Each object family is built in simulator/objects/; this file fixes the
// order, which is the order of the random draws: the same seed gives the same
// cluster only while it stays the same.

import { clearBuilderCaches } from './builders/caches';
import { argoApplication } from './objects/argo-cd';
import { clusterIssuers } from './objects/cert-manager';
import { addEvent, type Ctx } from './objects/context';
import { materializeCronJob } from './objects/cronjobs';
import { materializeDaemonSet } from './objects/daemonsets';
import { materializeDeployment } from './objects/deployments';
import { materializeNamespace } from './objects/namespaces';
import { ingressClass } from './objects/networking';
import { buildNode } from './objects/nodes';
import { rbacObjects } from './objects/rbac';
import { pendingClaims } from './objects/storage-claims';
import { materializeStatefulSet } from './objects/statefulsets';
import { storageClasses } from './objects/storage';
import { trivyReports } from './objects/trivy';
import { configAuditReports } from './objects/trivy-config-audit';
import { veleroBackups } from './objects/velero';
import { clearTimeCache, DAY, HOUR, type ClusterPlan } from './plan';
import { Prng } from './prng';
import { Scheduler } from './scheduler';
import type { KubeObject } from './types';

/** StorageClasses, the IngressClass and the ClusterIssuers, as old as the oldest namespace. */
function clusterObjects(c: Ctx): void {
  const created = c.now - Math.max(...c.plan.namespaces.map((n) => n.ageDays), 30) * DAY;
  storageClasses(c, created);
  ingressClass(c, created);
  clusterIssuers(c, created);
}

/** Build every object of the plan. Deterministic for plan.seed and plan.now. */
export function materialize(plan: ClusterPlan): KubeObject[] {
  const prng = new Prng(plan.seed).fork('materialize');
  const scheduler = new Scheduler(prng.fork('scheduler'));
  const nodePrng = prng.fork('nodes');
  const region = plan.region;
  const nodes = plan.nodes.map((n) => buildNode(n, nodePrng, plan.now, region));
  const nodeSlots = nodes.map((n) => scheduler.addNodeObject(n));
  const totalPods = plan.workloads.reduce((s, w) => s + (w.kind === 'DaemonSet' ? plan.nodes.length : w.kind === 'CronJob' ? (w.cron?.jobs ?? 2) : w.replicas), 0);
  const density = plan.eventDensity ?? 5;
  const c: Ctx = {
    plan,
    prng,
    now: plan.now,
    out: [],
    scheduler,
    nodeSlots,
    events: [],
    eventBudget: Math.ceil((totalPods * density) / 100) + 20,
    eventProb: Math.min(1, density / 100 / 1.5),
    nsByName: new Map(plan.namespaces.map((n) => [n.name, n])),
    zoneCursor: 0,
    notReady: new Set(plan.nodes.filter((n) => !n.ready).map((n) => n.name)),
    podNames: new Set(),
  };
  clusterObjects(c);
  c.out.push(...nodes);
  for (const n of plan.nodes) {
    if (!n.ready) addEvent(c, { kind: 'Node', apiVersion: 'v1', name: n.name, uid: nodes.find((x) => x.metadata.name === n.name)!.metadata.uid }, 'Normal', 'NodeNotReady', `Node ${n.name} status is now: NodeNotReady`, 'node-controller', undefined, plan.now - 3 * HOUR, plan.now - 3 * HOUR, 1, true);
  }
  for (const ns of plan.namespaces) materializeNamespace(c, ns);
  // DaemonSets first: they run on every node whatever the rest asks for.
  const ordered = [...plan.workloads.filter((w) => w.kind === 'DaemonSet'), ...plan.workloads.filter((w) => w.kind !== 'DaemonSet')];
  const imagesByNs = new Map<string, string[]>();
  for (const w of ordered) {
    const imgs = imagesByNs.get(w.namespace) ?? [];
    imgs.push(w.image);
    imagesByNs.set(w.namespace, imgs);
    if (w.kind === 'Deployment') materializeDeployment(c, w);
    else if (w.kind === 'StatefulSet') materializeStatefulSet(c, w);
    else if (w.kind === 'DaemonSet') materializeDaemonSet(c, w);
    else materializeCronJob(c, w);
  }
  for (const ns of plan.namespaces) {
    veleroBackups(c, ns);
    argoApplication(c, ns, imagesByNs.get(ns.name) ?? []);
  }
  // Trivy Operator: a VulnerabilityReport per container of each running controller.
  c.out.push(...trivyReports(c.out, c.prng.fork('trivy'), c.now));
  // and a ConfigAuditReport per running controller (no random draws).
  c.out.push(...configAuditReports(c.out, c.now));
  // The storage domain's Pending claim.
  c.out.push(...pendingClaims(c.out, c.prng.fork('storage'), c.now));
  // A forked stream: the objects generated before keep their random draws.
  const appNamespaces = plan.namespaces.filter((n) => n.env !== 'system').map((n) => n.name);
  c.out.push(...rbacObjects(prng.fork('rbac'), appNamespaces, plan.now - 30 * DAY));
  c.out.push(...c.events);
  c.podNames.clear();
  clearBuilderCaches();
  clearTimeCache();
  if (plan.extraObjects) c.out.push(...plan.extraObjects);
  return c.out;
}
