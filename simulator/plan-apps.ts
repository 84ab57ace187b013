// The teams' application workloads of a random plan: team names with a
// readiness "quality", workload names, datastore images, and the traits each
// workload draws from its team's habits.

import type { NamespacePlan, WorkloadPlan } from './plan';
import type { Prng } from './prng';

export const TEAMS: { name: string; quality: number }[] = [
  { name: 'payments', quality: 0.85 },
  { name: 'checkout', quality: 0.65 },
  { name: 'search', quality: 0.6 },
  { name: 'platform', quality: 0.8 },
  { name: 'catalog', quality: 0.5 },
  { name: 'identity', quality: 0.75 },
  { name: 'notifications', quality: 0.4 },
  { name: 'data', quality: 0.45 },
  { name: 'ml', quality: 0.35 },
  { name: 'storefront', quality: 0.6 },
  { name: 'logistics', quality: 0.5 },
  { name: 'fraud', quality: 0.7 },
  { name: 'pricing', quality: 0.55 },
  { name: 'inventory', quality: 0.5 },
  { name: 'reviews', quality: 0.3 },
  { name: 'marketing', quality: 0.25 },
];

export const NS_SUFFIXES = ['api', 'workers', 'stream', 'batch', 'edge', 'core', 'internal', 'sync', 'jobs', 'gateway', 'legacy', 'v2', 'events', 'admin', 'reporting', 'export'];

export const NOUNS = [
  'api', 'worker', 'gateway', 'service', 'consumer', 'publisher', 'scheduler', 'indexer', 'web', 'sync',
  'reporter', 'notifier', 'processor', 'router', 'ledger', 'engine', 'adapter', 'proxy', 'exporter', 'aggregator',
  'validator', 'dispatcher', 'collector', 'resolver', 'manager', 'frontend', 'backend', 'bridge', 'webhook', 'importer',
];

export const STORES = ['postgres', 'redis', 'kafka', 'elasticsearch', 'rabbitmq', 'zookeeper', 'mongodb', 'clickhouse'];
export const STORE_IMAGES: Record<string, string> = {
  postgres: 'docker.io/bitnami/postgresql:16.4.0',
  redis: 'docker.io/bitnami/redis:7.4.1',
  kafka: 'docker.io/bitnami/kafka:3.8.0',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.2',
  rabbitmq: 'docker.io/bitnami/rabbitmq:3.13.7',
  zookeeper: 'docker.io/bitnami/zookeeper:3.9.2',
  mongodb: 'docker.io/bitnami/mongodb:7.0.14',
  clickhouse: 'docker.io/clickhouse/clickhouse-server:24.8.4',
};

const NICE_CPU = [10, 25, 50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 4000];
const NICE_MEM = [32, 64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192];
function nice(values: number[], target: number): number {
  let best = values[0]!;
  for (const v of values) if (Math.abs(v - target) < Math.abs(best - target)) best = v;
  return best;
}

export function drawReplicas(prng: Prng): number {
  return prng.weighted<() => number>([
    [() => 1, 18],
    [() => 2, 22],
    [() => 3, 25],
    [() => prng.int(4, 6), 15],
    [() => prng.int(8, 12), 10],
    [() => prng.int(15, 30), 7],
    [() => prng.int(40, 80), 3],
  ])();
}

export interface Habits {
  good: boolean;
  q: number;
}

/** A workload with readiness traits drawn from the team's habits. */
export function appWorkload(
  prng: Prng,
  ns: NamespacePlan,
  name: string,
  kind: WorkloadPlan['kind'],
  replicas: number,
  cpuAvg: number,
  memAvg: number,
  h: Habits,
): WorkloadPlan {
  const ok = (p: number) => (h.good ? !prng.chance(0.04) : prng.chance(p));
  const version = `v${prng.int(1, 3)}.${prng.int(0, 24)}.${prng.int(0, 9)}`;
  const tagStyle = h.good ? 'semver' : prng.weighted<string>([['semver', 55], ['latest', 30], ['none', 15]]);
  const registry = `registry.example.com/${ns.team}/${name}`;
  const image = tagStyle === 'semver' ? `${registry}:${version}` : tagStyle === 'latest' ? `${registry}:latest` : registry;
  const factor = prng.weighted<number>([[0.25, 15], [0.5, 25], [1, 30], [2, 20], [4, 10]]);
  const cpu = nice(NICE_CPU, cpuAvg * factor);
  const mem = nice(NICE_MEM, memAvg * factor * prng.weighted<number>([[0.5, 1], [1, 3], [2, 1]]));
  const hasRequests = ok(0.55);
  const hasLimits = hasRequests && ok(0.4);
  const stateful = kind === 'StatefulSet';
  const w: WorkloadPlan = {
    namespace: ns.name,
    team: ns.team,
    kind,
    name,
    replicas,
    component: stateful ? 'database' : name.endsWith('-web') || name.endsWith('-frontend') ? 'frontend' : 'backend',
    image,
    port: 8080,
    cpuRequestMilli: hasRequests ? cpu : undefined,
    memoryRequestMi: hasRequests ? mem : undefined,
    cpuLimitMilli: hasLimits && prng.chance(0.6) ? cpu * 2 : undefined,
    memoryLimitMi: hasLimits ? mem * (prng.chance(0.5) ? 1 : 2) : undefined,
    liveness: ok(0.45),
    readiness: ok(0.55),
    startup: h.good && prng.chance(0.3),
    runAsNonRoot: ok(0.4),
    runAsRoot: !h.good && prng.chance(0.15),
    readOnlyRootFilesystem: ok(0.3),
    allowPrivilegeEscalation: !ok(0.5),
    privileged: !h.good && prng.chance(0.03),
    dropAllCapabilities: ok(0.35),
    addCapabilities: !h.good && prng.chance(0.03) ? ['NET_ADMIN', 'SYS_ADMIN'] : undefined,
    hostNetwork: !h.good && prng.chance(0.01),
    hostPath: !h.good && prng.chance(0.02) ? '/var/log' : undefined,
    automountServiceAccountToken: h.good && prng.chance(0.6) ? false : undefined,
    priorityClassName: h.good && prng.chance(0.7) ? 'business-critical' : undefined,
    topologySpread: h.good && replicas >= 3 && prng.chance(0.8),
    sidecar: prng.chance(0.2) ? { name: 'log-shipper', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', cpuRequestMilli: hasRequests ? 25 : undefined, memoryRequestMi: 32 } : undefined,
    initContainer: prng.chance(0.08) ? { name: 'migrate', image } : undefined,
    service: prng.chance(0.85) ? { port: stateful ? 5432 : 80, type: stateful ? 'Headless' : 'ClusterIP' } : undefined,
    pdb: replicas >= 2 && ok(0.25) ? (prng.chance(0.7) ? { maxUnavailable: 1 } : { minAvailable: prng.chance(0.15) ? replicas : '50%' }) : undefined,
    hpa: kind === 'Deployment' && replicas >= 2 && prng.chance(h.good ? 0.4 : 0.2) ? { min: prng.chance(h.good ? 0.1 : 0.4) ? 1 : Math.max(2, Math.min(replicas, 3)), max: replicas * prng.int(2, 4), cpuUtilization: prng.pick([60, 70, 75, 80]) } : undefined,
    ingress: undefined,
    serviceMonitor: ok(0.35),
    prometheusRule: prng.chance(h.good ? 0.5 : 0.15) ? { runbooks: ok(0.3) } : undefined,
    slo: h.good && prng.chance(0.25) ? { objective: prng.pick([99, 99.5, 99.9, 99.95]), latencyObjective: prng.chance(0.5) ? 99 : undefined } : undefined,
    networkPolicy: ns.defaultDeny && prng.chance(0.9),
    volume: stateful ? { sizeGi: prng.pick([10, 20, 50, 100, 200]), storageClass: prng.chance(0.9) ? 'gp3' : 'io2', mountPath: '/data' } : undefined,
    revisions: stateful ? prng.int(1, 4) : prng.int(1, 40),
    ageDays: prng.int(1, Math.max(2, ns.ageDays)),
    crashLooping: !h.good && prng.chance(0.08) ? 1 : 0,
    imagePullBackOff: tagStyle !== 'semver' && prng.chance(0.04) ? 1 : 0,
    maxRestarts: h.good ? 2 : 12,
  };
  if (w.hpa && w.replicas < w.hpa.min) w.replicas = w.hpa.min;
  if (w.hpa && w.replicas > w.hpa.max) w.hpa.max = w.replicas;
  return w;
}
