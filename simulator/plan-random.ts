// Random (but deterministic for a seed) cluster plans of any size: teams with
// namespaces, workloads whose production readiness depends on the team's habits,
// node pools across zones with kubelet version skew.

import { type ClusterPlan, type NamespacePlan, type NodePlan, type WorkloadPlan } from './plan';
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

export const CONTROL_PLANE_VERSION = 'v1.30.6';

const TEAMS: { name: string; quality: number }[] = [
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

const NS_SUFFIXES = ['api', 'workers', 'stream', 'batch', 'edge', 'core', 'internal', 'sync', 'jobs', 'gateway', 'legacy', 'v2', 'events', 'admin', 'reporting', 'export'];

const NOUNS = [
  'api', 'worker', 'gateway', 'service', 'consumer', 'publisher', 'scheduler', 'indexer', 'web', 'sync',
  'reporter', 'notifier', 'processor', 'router', 'ledger', 'engine', 'adapter', 'proxy', 'exporter', 'aggregator',
  'validator', 'dispatcher', 'collector', 'resolver', 'manager', 'frontend', 'backend', 'bridge', 'webhook', 'importer',
];

const STORES = ['postgres', 'redis', 'kafka', 'elasticsearch', 'rabbitmq', 'zookeeper', 'mongodb', 'clickhouse'];
const STORE_IMAGES: Record<string, string> = {
  postgres: 'docker.io/bitnami/postgresql:16.4.0',
  redis: 'docker.io/bitnami/redis:7.4.1',
  kafka: 'docker.io/bitnami/kafka:3.8.0',
  elasticsearch: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.2',
  rabbitmq: 'docker.io/bitnami/rabbitmq:3.13.7',
  zookeeper: 'docker.io/bitnami/zookeeper:3.9.2',
  mongodb: 'docker.io/bitnami/mongodb:7.0.14',
  clickhouse: 'docker.io/clickhouse/clickhouse-server:24.8.4',
};

interface Pool {
  name: string;
  instanceType: string;
  cpu: number;
  memoryGi: number;
  maxPods: number;
  arch: 'amd64' | 'arm64';
  capacityType: 'ON_DEMAND' | 'SPOT';
  share: number;
}

const POOLS: Pool[] = [
  { name: 'system', instanceType: 'm6i.xlarge', cpu: 4, memoryGi: 16, maxPods: 58, arch: 'amd64', capacityType: 'ON_DEMAND', share: 0.06 },
  { name: 'general', instanceType: 'm6i.2xlarge', cpu: 8, memoryGi: 32, maxPods: 58, arch: 'amd64', capacityType: 'ON_DEMAND', share: 0.55 },
  { name: 'memory', instanceType: 'r6i.2xlarge', cpu: 8, memoryGi: 64, maxPods: 58, arch: 'amd64', capacityType: 'ON_DEMAND', share: 0.14 },
  { name: 'graviton', instanceType: 'm7g.2xlarge', cpu: 8, memoryGi: 32, maxPods: 58, arch: 'arm64', capacityType: 'ON_DEMAND', share: 0.1 },
  { name: 'spot', instanceType: 'm6i.4xlarge', cpu: 16, memoryGi: 64, maxPods: 234, arch: 'amd64', capacityType: 'SPOT', share: 0.15 },
];

export function zoneNames(region: string, count: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) out.push(i < 26 ? `${region}${String.fromCharCode(97 + i)}` : `${region}-z${i}`);
  return out;
}

function nodeOs(prng: Prng, version: string, arch: 'amd64' | 'arm64', pool: string): { osImage: string; kernelVersion: string } {
  const a = arch === 'arm64' ? 'aarch64' : 'x86_64';
  if (pool === 'spot') {
    const minor = version.split('.')[1];
    return { osImage: `Bottlerocket OS 1.26.1 (aws-k8s-1.${minor})`, kernelVersion: '6.1.112' };
  }
  if (version.startsWith('v1.28') || prng.chance(0.15)) {
    return { osImage: 'Amazon Linux 2', kernelVersion: `5.10.226-214.880.amzn2.${a}` };
  }
  return prng.chance(0.8)
    ? { osImage: 'Amazon Linux 2023.6.20241010', kernelVersion: `6.1.112-122.189.amzn2023.${a}` }
    : { osImage: 'Amazon Linux 2023.5.20240819', kernelVersion: `6.1.102-111.182.amzn2023.${a}` };
}

export function planNodes(prng: Prng, count: number, zones: string[], pods: number, controlPlane: string, allowUnhealthy = true): NodePlan[] {
  // pool sizes by share, at least one general node
  const sizes = POOLS.map((p) => Math.floor(p.share * count));
  let assigned = sizes.reduce((a, b) => a + b, 0);
  for (let i = 1; assigned < count; i = (i % (POOLS.length - 1)) + 1, assigned++) sizes[i === 0 ? 1 : i]!++;
  const perNodeNeed = Math.ceil((pods / Math.max(1, count)) * 1.6);
  const cpMinor = Number(controlPlane.split('.')[1]);
  const out: NodePlan[] = [];
  let idx = 0;
  const notReadyCount = allowUnhealthy && count >= 20 ? Math.max(1, Math.round(count * 0.01)) : 0;
  const cordonCount = allowUnhealthy && count >= 10 ? Math.max(1, Math.round(count * 0.01)) : 0;
  POOLS.forEach((pool, pi) => {
    for (let k = 0; k < sizes[pi]!; k++) {
      const zi = idx % zones.length;
      const zone = zones[zi]!;
      const ip = `10.${zi * 16 + Math.floor(idx / 62500)}.${Math.floor(idx / 250) % 250}.${(idx % 250) + 4}`;
      const v = prng.weighted<string>([
        [controlPlane, 70],
        [`v1.${cpMinor - 1}.10`, 20],
        [`v1.${cpMinor - 2}.15`, 7],
        [`v1.${cpMinor}.4`, 3],
      ]);
      const skew = cpMinor - Number(v.split('.')[1]);
      const ageDays = skew === 2 ? prng.int(200, 420) : skew === 1 ? prng.int(60, 240) : prng.chance(0.3) ? prng.int(2, 96) / 24 : prng.int(1, 60);
      const os = nodeOs(prng, v, pool.arch, pool.name);
      out.push({
        name: `ip-${ip.replace(/\./g, '-')}.${zone.replace(/[a-z]$/, '')}.compute.internal`,
        ip,
        zone,
        pool: pool.name,
        instanceType: pool.instanceType,
        arch: pool.arch,
        cpu: pool.cpu,
        memoryGi: pool.memoryGi,
        maxPods: Math.max(pool.maxPods, perNodeNeed),
        kubeletVersion: v,
        osImage: os.osImage,
        kernelVersion: os.kernelVersion,
        containerRuntimeVersion: v.startsWith('v1.28') ? 'containerd://1.7.11' : 'containerd://1.7.22',
        capacityType: pool.capacityType,
        ageDays,
        ready: true,
      });
      idx++;
    }
  });
  // a few unhealthy nodes, deterministic picks outside the system pool
  const candidates = out.filter((n) => n.pool !== 'system');
  for (let i = 0; i < notReadyCount && candidates.length; i++) prng.pick(candidates).ready = false;
  for (let i = 0; i < cordonCount && candidates.length; i++) prng.pick(candidates).unschedulable = true;
  if (allowUnhealthy && count >= 50) prng.pick(candidates).diskPressure = true;
  return out;
}

const NICE_CPU = [10, 25, 50, 100, 150, 200, 250, 300, 400, 500, 750, 1000, 1500, 2000, 3000, 4000];
const NICE_MEM = [32, 64, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 6144, 8192];
function nice(values: number[], target: number): number {
  let best = values[0]!;
  for (const v of values) if (Math.abs(v - target) < Math.abs(best - target)) best = v;
  return best;
}

function drawReplicas(prng: Prng): number {
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

interface Habits {
  good: boolean;
  q: number;
}

/** A workload with readiness traits drawn from the team's habits. */
function appWorkload(
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

/** Platform workloads that every cluster of this kind runs. */
export function systemWorkloads(cpuScale: number): { ns: string; team: string; w: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'name' | 'kind' | 'replicas' | 'image'> }[] {
  const s = (m: number) => Math.max(10, Math.round(m * cpuScale));
  return [
    { ns: 'kube-system', team: 'platform', w: { name: 'coredns', kind: 'Deployment', replicas: 2, image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/coredns:v1.11.3-eksbuild.1', cpuRequestMilli: 100, memoryRequestMi: 70, memoryLimitMi: 170, priorityClassName: 'system-cluster-critical', pdb: { maxUnavailable: 1 }, service: { port: 53 }, port: 53 } },
    { ns: 'kube-system', team: 'platform', w: { name: 'metrics-server', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.2', cpuRequestMilli: 100, memoryRequestMi: 200, priorityClassName: 'system-cluster-critical', service: { port: 443 }, port: 10250 } },
    { ns: 'kube-system', team: 'platform', w: { name: 'ebs-csi-controller', kind: 'Deployment', replicas: 2, image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0', cpuRequestMilli: 10, memoryRequestMi: 40, memoryLimitMi: 256, priorityClassName: 'system-cluster-critical', pdb: { maxUnavailable: 1 } } },
    { ns: 'kube-system', team: 'platform', w: { name: 'cluster-autoscaler', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/autoscaling/cluster-autoscaler:v1.30.2', cpuRequestMilli: 100, memoryRequestMi: 600, memoryLimitMi: 600, priorityClassName: 'system-cluster-critical' } },
    { ns: 'monitoring', team: 'platform', w: { name: 'prometheus', kind: 'StatefulSet', replicas: 2, image: 'quay.io/prometheus/prometheus:v2.54.1', cpuRequestMilli: s(1000), memoryRequestMi: 4096, memoryLimitMi: 8192, volume: { sizeGi: 200, storageClass: 'gp3', mountPath: '/prometheus' }, service: { port: 9090 }, port: 9090, pdb: { maxUnavailable: 1 } } },
    { ns: 'monitoring', team: 'platform', w: { name: 'alertmanager', kind: 'StatefulSet', replicas: 2, image: 'quay.io/prometheus/alertmanager:v0.27.0', cpuRequestMilli: 50, memoryRequestMi: 128, memoryLimitMi: 256, volume: { sizeGi: 10, storageClass: 'gp3', mountPath: '/alertmanager' }, service: { port: 9093 }, port: 9093 } },
    { ns: 'monitoring', team: 'platform', w: { name: 'grafana', kind: 'Deployment', replicas: 1, image: 'docker.io/grafana/grafana:11.2.2', cpuRequestMilli: 100, memoryRequestMi: 256, service: { port: 80 }, port: 3000, ingress: { host: 'grafana.example.com', certExpiresInDays: 61 } } },
    { ns: 'monitoring', team: 'platform', w: { name: 'kube-state-metrics', kind: 'Deployment', replicas: 1, image: 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.13.0', cpuRequestMilli: s(100), memoryRequestMi: 256, service: { port: 8080 } } },
    { ns: 'monitoring', team: 'platform', w: { name: 'prometheus-operator', kind: 'Deployment', replicas: 1, image: 'quay.io/prometheus-operator/prometheus-operator:v0.77.1', cpuRequestMilli: 100, memoryRequestMi: 128, memoryLimitMi: 256 } },
    { ns: 'cert-manager', team: 'platform', w: { name: 'cert-manager', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-controller:v1.16.1', cpuRequestMilli: 10, memoryRequestMi: 64 } },
    { ns: 'cert-manager', team: 'platform', w: { name: 'cert-manager-webhook', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-webhook:v1.16.1', cpuRequestMilli: 10, memoryRequestMi: 32, service: { port: 443 }, port: 10250 } },
    { ns: 'cert-manager', team: 'platform', w: { name: 'cert-manager-cainjector', kind: 'Deployment', replicas: 1, image: 'quay.io/jetstack/cert-manager-cainjector:v1.16.1', cpuRequestMilli: 10, memoryRequestMi: 64 } },
    { ns: 'velero', team: 'platform', w: { name: 'velero', kind: 'Deployment', replicas: 1, image: 'docker.io/velero/velero:v1.14.1', cpuRequestMilli: 500, memoryRequestMi: 128, memoryLimitMi: 512 } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-server', kind: 'Deployment', replicas: 2, image: 'quay.io/argoproj/argocd:v2.12.4', cpuRequestMilli: 100, memoryRequestMi: 128, service: { port: 443 }, ingress: { host: 'argocd.example.com', certExpiresInDays: 47 }, pdb: { minAvailable: 1 } } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-repo-server', kind: 'Deployment', replicas: 2, image: 'quay.io/argoproj/argocd:v2.12.4', cpuRequestMilli: 250, memoryRequestMi: 256, service: { port: 8081 } } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-application-controller', kind: 'StatefulSet', replicas: 1, image: 'quay.io/argoproj/argocd:v2.12.4', cpuRequestMilli: s(500), memoryRequestMi: 1024, service: { port: 8082, type: 'Headless' } } },
    { ns: 'argocd', team: 'platform', w: { name: 'argocd-redis', kind: 'Deployment', replicas: 1, image: 'public.ecr.aws/docker/library/redis:7.0.15-alpine', cpuRequestMilli: 50, memoryRequestMi: 64, service: { port: 6379 } } },
    { ns: 'ingress-nginx', team: 'platform', w: { name: 'ingress-nginx-controller', kind: 'Deployment', replicas: 3, image: 'registry.k8s.io/ingress-nginx/controller:v1.11.3', cpuRequestMilli: s(200), memoryRequestMi: 256, memoryLimitMi: 512, service: { port: 443, type: 'LoadBalancer' }, pdb: { minAvailable: 2 }, hpa: { min: 3, max: 12, cpuUtilization: 70 }, topologySpread: true } },
  ];
}

export const DAEMONSETS: { ns: string; w: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'name' | 'image'> }[] = [
  { ns: 'kube-system', w: { name: 'kube-proxy', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/eks/kube-proxy:v1.30.6-minimal-eksbuild.3', cpuRequestMilli: 100, hostNetwork: true, privileged: true, priorityClassName: 'system-node-critical' } },
  { ns: 'kube-system', w: { name: 'aws-node', image: '602401143452.dkr.ecr.eu-west-1.amazonaws.com/amazon-k8s-cni:v1.18.5-eksbuild.1', cpuRequestMilli: 25, hostNetwork: true, addCapabilities: ['NET_ADMIN', 'NET_RAW'], priorityClassName: 'system-node-critical' } },
  { ns: 'monitoring', w: { name: 'node-exporter', image: 'quay.io/prometheus/node-exporter:v1.8.2', cpuRequestMilli: 50, memoryRequestMi: 30, memoryLimitMi: 50, hostNetwork: true, hostPID: true, hostPath: '/host/root', port: 9100 } },
  { ns: 'logging', w: { name: 'fluent-bit', image: 'cr.fluentbit.io/fluent/fluent-bit:3.1.9', cpuRequestMilli: 50, memoryRequestMi: 64, memoryLimitMi: 128, hostPath: '/var/log' } },
  { ns: 'kube-system', w: { name: 'ebs-csi-node', image: 'public.ecr.aws/ebs-csi-driver/aws-ebs-csi-driver:v1.35.0', cpuRequestMilli: 10, memoryRequestMi: 40, memoryLimitMi: 256, privileged: true, priorityClassName: 'system-node-critical' } },
];

export function systemDefaults(ns: string, team: string, w: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'name' | 'kind' | 'replicas' | 'image'>): WorkloadPlan {
  return {
    namespace: ns,
    team,
    liveness: true,
    readiness: w.kind !== 'DaemonSet',
    runAsNonRoot: !w.privileged && !w.hostNetwork,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: !!w.privileged,
    dropAllCapabilities: !w.privileged && !w.addCapabilities,
    revisions: 3,
    ageDays: 300,
    serviceMonitor: true,
    tolerateAll: w.kind === 'DaemonSet',
    ...w,
  };
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

