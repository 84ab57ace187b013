// Random (but deterministic for a seed) cluster plans of any size: teams with
// namespaces, workloads whose production readiness depends on the team's habits,
// node pools across zones with kubelet version skew. The parts are in
// plan-nodes.ts, plan-platform.ts and plan-apps.ts; this file keeps the order
// of the random draws (the same seed must give the same demo cluster).

import type { ClusterPlan, NamespacePlan, WorkloadPlan } from './plan';
import { appWorkload, drawReplicas, NOUNS, NS_SUFFIXES, STORE_IMAGES, STORES, TEAMS, type Habits } from './plan-apps';
import { CONTROL_PLANE_VERSION, planNodes, zoneNames } from './plan-nodes';
import { DAEMONSETS, systemDefaults, systemWorkloads } from './plan-platform';
import { Prng } from './prng';

export interface RandomPlanOptions {
  nodes: number;
  pods: number;
  zones?: number;
  seed?: string | number;
  /** Reference time (ms); timestamps are relative to it. */
  now?: number;
  clusterName?: string;
  region?: string;
  kubernetesVersion?: string;
}

/** A cluster of `nodes` nodes running exactly `pods` pods. */
export function randomPlan(options: RandomPlanOptions): ClusterPlan {
  const seed = String(options.seed ?? 'runwell');
  const prng = new Prng(seed).fork('plan');
  const now = options.now ?? Date.now();
  const region = options.region ?? 'eu-west-1';
  const version = options.kubernetesVersion ?? CONTROL_PLANE_VERSION;
  const zones = zoneNames(region, Math.max(1, options.zones ?? 3));
  const nodeCount = Math.max(1, Math.floor(options.nodes));
  const podTotal = Math.max(0, Math.floor(options.pods));
  const nodes = planNodes(prng.fork('nodes'), nodeCount, zones, podTotal, version);
  const totalCpu = nodes.reduce((s, n) => s + n.cpu * 1000 - 100, 0);
  const totalMem = nodes.reduce((s, n) => s + n.memoryGi * 1024 - 1500, 0);
  const cpuAvg = Math.max(10, (totalCpu * 0.55) / Math.max(1, podTotal));
  const memAvg = Math.max(32, (totalMem * 0.5) / Math.max(1, podTotal));

  const namespaces: NamespacePlan[] = [];
  const workloads: WorkloadPlan[] = [];
  const sysNs = (name: string): NamespacePlan => {
    let ns = namespaces.find((n) => n.name === name);
    if (!ns) {
      ns = { name, team: 'platform', env: 'system', ageDays: 420, podSecurity: name === 'kube-system' || name === 'monitoring' || name === 'logging' ? 'privileged' : 'baseline' };
      namespaces.push(ns);
    }
    return ns;
  };
  for (const n of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) sysNs(n);

  let remaining = podTotal;
  // DaemonSets: one pod per node, at most ~20 % of the pods.
  const dsCount = Math.min(DAEMONSETS.length, Math.floor((podTotal * 0.2) / nodeCount));
  for (const d of DAEMONSETS.slice(0, dsCount)) {
    sysNs(d.ns);
    workloads.push(systemDefaults(d.ns, 'platform', { ...d.w, kind: 'DaemonSet', replicas: nodeCount }));
    remaining -= nodeCount;
  }
  // Platform deployments when there is room for them.
  const sys = systemWorkloads(Math.max(1, Math.sqrt(nodeCount / 20)));
  const sysPods = sys.reduce((s, x) => s + x.w.replicas, 0);
  const chosen = remaining >= sysPods * 4 ? sys : remaining >= 12 ? sys.slice(0, 2) : [];
  for (const s of chosen) {
    sysNs(s.ns);
    workloads.push(systemDefaults(s.ns, s.team, s.w));
    remaining -= s.w.replicas;
  }

  // Team namespaces.
  const appPods = Math.max(0, remaining);
  const nsCount = appPods === 0 ? 0 : Math.max(Math.min(TEAMS.length, Math.max(2, Math.round(appPods / 60))), Math.ceil(appPods / 450));
  const teamNs: { ns: NamespacePlan; habits: Habits; weight: number }[] = [];
  for (let i = 0; i < nsCount; i++) {
    const team = TEAMS[i % TEAMS.length]!;
    const round = Math.floor(i / TEAMS.length);
    const name = round === 0 ? team.name : `${team.name}-${NS_SUFFIXES[(round - 1) % NS_SUFFIXES.length]}${round > NS_SUFFIXES.length ? `-${Math.ceil(round / NS_SUFFIXES.length)}` : ''}`;
    const q = Math.min(0.95, Math.max(0.05, team.quality + (prng.next() - 0.5) * 0.2));
    const goodNs = prng.chance(q);
    const ageDays = prng.int(30, 700);
    const ns: NamespacePlan = {
      name,
      team: team.name,
      env: prng.chance(0.9) ? 'production' : 'staging',
      ageDays,
      defaultDeny: prng.chance(q * 0.9),
      podSecurity: goodNs ? 'restricted' : prng.chance(0.5) ? 'baseline' : undefined,
      backup: prng.chance(0.35 + q * 0.5)
        ? {
            schedule: `${prng.int(0, 59)} ${prng.int(0, 5)} * * *`,
            lastBackupAgeHours: prng.weighted<number>([[prng.int(1, 23), 80], [prng.int(30, 70), 10], [prng.int(8 * 24, 40 * 24), 10]]),
            lastPhase: prng.weighted<'Completed' | 'PartiallyFailed' | 'Failed'>([['Completed', 85], ['PartiallyFailed', 10], ['Failed', 5]]),
            count: prng.int(3, 7),
          }
        : undefined,
      argo: prng.chance(0.85)
        ? {
            sync: prng.weighted<'Synced' | 'OutOfSync'>([['Synced', 85], ['OutOfSync', 15]]),
            health: prng.weighted<'Healthy' | 'Progressing' | 'Degraded'>([['Healthy', 85], ['Progressing', 5], ['Degraded', 10]]),
            historyLength: prng.int(1, 10),
          }
        : undefined,
    };
    namespaces.push(ns);
    teamNs.push({ ns, habits: { good: goodNs, q }, weight: 0.5 + prng.next() });
  }
  const weightSum = teamNs.reduce((s, t) => s + t.weight, 0);
  // Budget per namespace; the last one absorbs rounding so the total is exact.
  let assignedApp = 0;
  teamNs.forEach((t, i) => {
    const budget = i === teamNs.length - 1 ? appPods - assignedApp : Math.floor((appPods * t.weight) / weightSum);
    assignedApp += budget;
    let left = budget;
    const used = new Set<string>();
    const uniqueName = (base: string) => {
      let n = base;
      for (let k = 2; used.has(n); k++) n = `${base}-${k}`;
      used.add(n);
      return n;
    };
    // a cron job or two when the budget allows
    const cronCount = left >= 40 ? prng.int(1, 2) : 0;
    for (let k = 0; k < cronCount; k++) {
      const jobs = prng.int(1, 3);
      const failed = prng.chance(0.2) ? 1 : 0;
      const w = appWorkload(prng, t.ns, uniqueName(`${t.ns.team}-${prng.pick(['report', 'cleanup', 'reconcile', 'export', 'digest'])}`), 'CronJob', 1, cpuAvg, memAvg, t.habits);
      w.cron = { schedule: prng.pick(['0 * * * *', '30 2 * * *', '0 */6 * * *', '15 4 * * *']), jobs, failedJobs: failed };
      w.liveness = false;
      w.readiness = false;
      w.service = undefined;
      w.pdb = undefined;
      w.hpa = undefined;
      w.ingress = undefined;
      w.slo = undefined;
      w.crashLooping = 0;
      w.imagePullBackOff = 0;
      workloads.push(w);
      left -= jobs;
    }
    let ingressLeft = Math.max(1, Math.round(budget / 120));
    while (left > 0) {
      const stateful = prng.chance(0.08);
      const replicas = Math.min(left, stateful ? prng.weighted<number>([[1, 30], [3, 60], [5, 10]]) : drawReplicas(prng));
      const base = stateful ? `${t.ns.team}-${prng.pick(STORES)}` : `${t.ns.team}-${prng.pick(NOUNS)}`;
      const w = appWorkload(prng, t.ns, uniqueName(base), stateful ? 'StatefulSet' : 'Deployment', replicas, cpuAvg, memAvg, t.habits);
      if (stateful) {
        const store = STORES.find((s) => base.endsWith(s))!;
        w.image = STORE_IMAGES[store]!;
        w.port = 5432;
      }
      if (w.replicas > left) {
        // an HPA floor raised replicas beyond the budget: respect the budget
        w.replicas = left;
        if (w.hpa) w.hpa.min = Math.min(w.hpa.min, left);
      }
      if (!stateful && ingressLeft > 0 && (w.name.endsWith('-web') || w.name.endsWith('-frontend') || w.name.endsWith('-api') || w.name.endsWith('-gateway') || prng.chance(0.05))) {
        ingressLeft--;
        w.service ??= { port: 80 };
        w.ingress = {
          host: `${w.name}.${t.ns.env === 'staging' ? 'staging.' : ''}example.com`,
          certExpiresInDays: prng.weighted<number>([[prng.int(31, 89), 78], [prng.int(8, 29), 12], [prng.int(1, 7), 6], [-prng.int(1, 30), 4]]),
        };
      }
      if (w.pending === undefined && prng.chance(0.005)) w.pending = 1;
      workloads.push(w);
      left -= w.replicas;
    }
  });

  // sort namespaces: system first, then team namespaces by name (stable output)
  return {
    clusterName: options.clusterName ?? 'runwell-sim',
    seed,
    now,
    kubernetesVersion: version,
    region,
    zones,
    nodes,
    namespaces,
    workloads,
  };
}

