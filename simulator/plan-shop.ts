// The bundled demo scenario: "shop", a small online shop run by several teams on
// one EKS-like cluster. It is deliberately imperfect so that every Runwell check
// has something to find: missing probes, `latest` and untagged images, no PDB,
// root and privileged containers, single replicas, a crash-looping pod,
// certificates due within 7 (renewal failing), 14 and 30 days, a TLS secret
// cert-manager does not manage, stale and failed backups, a namespace without
// backups, a restore drill, kubelet version skew, an OutOfSync/Degraded Argo CD app.
// Workloads and schedules carrying these problems are `frozen`: churn leaves them be,
// so the story holds while the rest of the cluster moves.

import { type ClusterPlan, type NamespacePlan, type NodePlan, type WorkloadPlan } from './plan';
import { fluxObjects } from './objects/flux';
import { deliveryObjects } from './objects/delivery';
import { CONTROL_PLANE_VERSION, zoneNames } from './plan-nodes';
import { DAEMONSETS, systemDefaults, systemWorkloads } from './plan-platform';

export interface ShopOptions {
  seed?: string | number;
  now?: number;
}

const good = {
  liveness: true,
  readiness: true,
  runAsNonRoot: true,
  readOnlyRootFilesystem: true,
  allowPrivilegeEscalation: false,
  dropAllCapabilities: true,
  automountServiceAccountToken: false,
  priorityClassName: 'business-critical',
  serviceMonitor: true,
} as const;

const REG = 'registry.shop.example.com';

function node(i: number, zone: string, pool: string, type: string, cpu: number, mem: number, version: string, ageDays: number, extra: Partial<NodePlan> = {}): NodePlan {
  const ip = `10.0.${10 + i * 16}.${20 + i * 7}`;
  const old = version.startsWith('v1.28');
  return {
    name: `ip-${ip.replace(/\./g, '-')}.eu-west-1.compute.internal`,
    ip,
    zone,
    pool,
    instanceType: type,
    arch: 'amd64',
    cpu,
    memoryGi: mem,
    maxPods: cpu >= 16 ? 234 : 58,
    kubeletVersion: version,
    osImage: old ? 'Amazon Linux 2' : pool === 'spot' ? 'Bottlerocket OS 1.26.1 (aws-k8s-1.30)' : 'Amazon Linux 2023.6.20241010',
    kernelVersion: old ? '5.10.226-214.880.amzn2.x86_64' : pool === 'spot' ? '6.1.112' : '6.1.112-122.189.amzn2023.x86_64',
    containerRuntimeVersion: old ? 'containerd://1.7.11' : 'containerd://1.7.22',
    capacityType: pool === 'spot' ? 'SPOT' : 'ON_DEMAND',
    ageDays,
    ready: true,
    ...extra,
  };
}

export function shopPlan(options: ShopOptions = {}): ClusterPlan {
  const now = options.now ?? Date.now();
  const region = 'eu-west-1';
  const zones = zoneNames(region, 3);
  const [a, b, c] = zones as [string, string, string];
  const v = CONTROL_PLANE_VERSION;
  const nodes: NodePlan[] = [
    node(0, a, 'system', 'm6i.xlarge', 4, 16, v, 35),
    node(1, b, 'system', 'm6i.xlarge', 4, 16, v, 35),
    node(2, a, 'general', 'm6i.2xlarge', 8, 32, v, 12),
    node(3, b, 'general', 'm6i.2xlarge', 8, 32, v, 12),
    node(4, c, 'general', 'm6i.2xlarge', 8, 32, v, 3),
    node(5, c, 'general', 'm6i.2xlarge', 8, 32, 'v1.29.10', 160),
    node(6, a, 'general', 'm6i.2xlarge', 8, 32, 'v1.28.15', 410),
    node(7, b, 'spot', 'm6i.4xlarge', 16, 64, v, 1),
    node(8, c, 'spot', 'm6i.4xlarge', 16, 64, v, 0.2, { unschedulable: true }),
  ];

  const ns = (name: string, team: string, extra: Partial<NamespacePlan> = {}): NamespacePlan => ({
    name,
    team,
    env: 'production',
    ageDays: 400,
    argo: { sync: 'Synced', health: 'Healthy', historyLength: 6 },
    ...extra,
  });
  const daily = (ageHours: number, phase: 'Completed' | 'PartiallyFailed' | 'Failed' = 'Completed') => ({ schedule: '0 2 * * *', lastBackupAgeHours: ageHours, lastPhase: phase, count: 5 });
  const namespaces: NamespacePlan[] = [
    { name: 'default', team: 'platform', env: 'system', ageDays: 420 },
    { name: 'kube-node-lease', team: 'platform', env: 'system', ageDays: 420 },
    { name: 'kube-public', team: 'platform', env: 'system', ageDays: 420 },
    { name: 'kube-system', team: 'platform', env: 'system', ageDays: 420, podSecurity: 'privileged' },
    { name: 'monitoring', team: 'platform', env: 'system', ageDays: 420, podSecurity: 'privileged' },
    { name: 'logging', team: 'platform', env: 'system', ageDays: 420, podSecurity: 'privileged' },
    { name: 'cert-manager', team: 'platform', env: 'system', ageDays: 420 },
    { name: 'velero', team: 'platform', env: 'system', ageDays: 420 },
    { name: 'argocd', team: 'platform', env: 'system', ageDays: 420 },
    { name: 'ingress-nginx', team: 'platform', env: 'system', ageDays: 420 },
    ns('storefront', 'storefront', { defaultDeny: true, podSecurity: 'restricted' }), // no backups
    ns('checkout', 'checkout', { backup: daily(7), argo: { sync: 'Synced', health: 'Healthy', historyLength: 6, rollback: true } }),
    ns('payments', 'payments', { defaultDeny: true, podSecurity: 'restricted', backup: { ...daily(5), restore: { ageHours: 40 * 24, phase: 'Completed', minutes: 38 } } }),
    ns('catalog', 'catalog', { backup: { ...daily(9 * 24 + 5, 'PartiallyFailed'), count: 4, frozen: true } }), // stale
    ns('search', 'search', { defaultDeny: true, backup: { ...daily(26), frozen: true } }), // 26 h old on a daily schedule: stale
    ns('identity', 'identity', { defaultDeny: true, podSecurity: 'baseline', backup: { ...daily(20, 'Failed'), frozen: true } }),
    ns('notifications', 'notifications', { argo: { sync: 'OutOfSync', health: 'Degraded', historyLength: 3 } }),
  ];

  const w = (x: Partial<WorkloadPlan> & Pick<WorkloadPlan, 'namespace' | 'team' | 'name' | 'kind' | 'replicas' | 'image'>): WorkloadPlan => ({
    liveness: false,
    readiness: false,
    runAsNonRoot: false,
    readOnlyRootFilesystem: false,
    allowPrivilegeEscalation: true,
    dropAllCapabilities: false,
    revisions: 5,
    ageDays: 200,
    port: 8080,
    service: { port: 80 },
    ...x,
  });

  const workloads: WorkloadPlan[] = [];
  for (const d of DAEMONSETS) workloads.push(systemDefaults(d.ns, 'platform', { ...d.w, kind: 'DaemonSet', replicas: nodes.length }));
  for (const s of systemWorkloads(1)) workloads.push(systemDefaults(s.ns, s.team, s.w));

  workloads.push(
    // storefront: good web tier, but its certificate renewal is failing (expires in 6 days)
    w({ ...good, namespace: 'storefront', team: 'storefront', name: 'web-frontend', frozen: true, kind: 'Deployment', replicas: 3, image: `${REG}/storefront/web-frontend:v4.12.1`, cpuRequestMilli: 250, memoryRequestMi: 256, cpuLimitMilli: 1000, memoryLimitMi: 512, topologySpread: true, pdb: { maxUnavailable: 1 }, hpa: { min: 3, max: 10, cpuUtilization: 70 }, ingress: { host: 'shop.example.com', certExpiresInDays: 6, certReady: false }, networkPolicy: true, prometheusRule: { runbooks: true }, slo: { objective: 99.9, latencyObjective: 99 }, revisions: 42, lastRolloutHours: 20 }),
    w({ ...good, namespace: 'storefront', team: 'storefront', name: 'recommendations', kind: 'Deployment', replicas: 2, image: `${REG}/storefront/recommendations:v1.3.0`, cpuRequestMilli: 200, memoryRequestMi: 512, memoryLimitMi: 512, pdb: { minAvailable: 1 }, networkPolicy: true, revisions: 9 }),
    // checkout: cart-service uses :latest and has no probes, no requests, no PDB
    w({ namespace: 'checkout', team: 'checkout', name: 'cart-service', frozen: true, kind: 'Deployment', replicas: 2, image: `${REG}/checkout/cart-service:latest`, revisions: 17, lastRolloutHours: 3, sidecar: { name: 'redis-proxy', image: 'docker.io/envoyproxy/envoy:v1.31.2' } }),
    w({ ...good, namespace: 'checkout', team: 'checkout', name: 'checkout-api', kind: 'Deployment', replicas: 3, image: `${REG}/checkout/checkout-api:v2.8.3`, cpuRequestMilli: 300, memoryRequestMi: 384, cpuLimitMilli: 1000, memoryLimitMi: 768, pdb: { maxUnavailable: 1 }, hpa: { min: 3, max: 12, cpuUtilization: 65 }, ingress: { host: 'checkout.shop.example.com', certExpiresInDays: 64 }, prometheusRule: { runbooks: false }, slo: { objective: 99.5 }, revisions: 23, networkPolicy: false }),
    // payments: the model service, plus a risky single-replica root container
    w({ ...good, namespace: 'payments', team: 'payments', name: 'payment-service', kind: 'Deployment', replicas: 3, image: `${REG}/payments/payment-service:v3.14.2`, cpuRequestMilli: 500, memoryRequestMi: 512, cpuLimitMilli: 1000, memoryLimitMi: 512, startup: true, topologySpread: true, pdb: { minAvailable: 2 }, hpa: { min: 3, max: 10, cpuUtilization: 70 }, ingress: { host: 'pay.shop.example.com', certExpiresInDays: 71 }, networkPolicy: true, prometheusRule: { runbooks: true }, slo: { objective: 99.9, latencyObjective: 99 }, revisions: 31, lastRolloutHours: 50 }),
    w({ namespace: 'payments', team: 'payments', name: 'fraud-scorer', frozen: true, kind: 'Deployment', replicas: 1, image: `${REG}/payments/fraud-scorer:v0.9.4`, cpuRequestMilli: 1000, memoryRequestMi: 2048, liveness: true, readiness: true, runAsRoot: true, networkPolicy: true, revisions: 4 }),
    w({ ...good, namespace: 'payments', team: 'payments', name: 'payments-db', kind: 'StatefulSet', replicas: 3, image: 'docker.io/bitnami/postgresql:16.4.0', port: 5432, cpuRequestMilli: 1000, memoryRequestMi: 4096, memoryLimitMi: 4096, volume: { sizeGi: 100, storageClass: 'io2', mountPath: '/bitnami/postgresql' }, service: { port: 5432, type: 'Headless' }, pdb: { maxUnavailable: 1 }, networkPolicy: true, revisions: 2 }),
    // catalog: no limits, HPA allowing a single replica
    w({ namespace: 'catalog', team: 'catalog', name: 'catalog-api', frozen: true, kind: 'Deployment', replicas: 2, image: `${REG}/catalog/catalog-api:v5.2.0`, cpuRequestMilli: 200, memoryRequestMi: 256, liveness: true, readiness: true, runAsNonRoot: true, hpa: { min: 1, max: 6, cpuUtilization: 80 }, serviceMonitor: true, ingress: { host: 'api.shop.example.com', certExpiresInDays: 25 }, revisions: 12 }),
    w({ namespace: 'catalog', team: 'catalog', name: 'image-resizer', kind: 'Deployment', replicas: 2, image: `${REG}/catalog/image-resizer:v1.0.7`, cpuRequestMilli: 500, memoryRequestMi: 1024, readiness: true, pdb: { minAvailable: 2 }, revisions: 3 }),
    // search: single-replica stateful indexer without PDB
    w({ namespace: 'search', team: 'search', name: 'search-indexer', frozen: true, kind: 'StatefulSet', replicas: 1, image: 'docker.elastic.co/elasticsearch/elasticsearch:8.15.2', port: 9200, cpuRequestMilli: 1000, memoryRequestMi: 4096, memoryLimitMi: 4096, liveness: true, readiness: true, runAsNonRoot: true, volume: { sizeGi: 200, storageClass: 'gp3', mountPath: '/usr/share/elasticsearch/data' }, service: { port: 9200, type: 'Headless' }, networkPolicy: true, revisions: 2 }),
    w({ ...good, namespace: 'search', team: 'search', name: 'search-api', kind: 'Deployment', replicas: 2, image: `${REG}/search/search-api:v2.1.9`, cpuRequestMilli: 250, memoryRequestMi: 512, memoryLimitMi: 512, liveness: false, ingress: { host: 'search.shop.example.com', manualTls: true }, pdb: { maxUnavailable: 1 }, networkPolicy: true, revisions: 15 }),
    // identity: privileged container with privilege escalation, certificate due within 14 days
    w({ namespace: 'identity', team: 'identity', name: 'auth-service', frozen: true, kind: 'Deployment', replicas: 2, image: `${REG}/identity/auth-service:v7.0.2`, cpuRequestMilli: 250, memoryRequestMi: 256, cpuLimitMilli: 500, memoryLimitMi: 512, liveness: true, readiness: true, privileged: true, allowPrivilegeEscalation: true, pdb: { minAvailable: 2 }, ingress: { host: 'login.shop.example.com', certExpiresInDays: 12 }, networkPolicy: true, prometheusRule: { runbooks: true }, slo: { objective: 99.95 }, revisions: 8 }),
    // notifications: untagged image, single replica, crash looping, failing cron job
    w({ namespace: 'notifications', team: 'notifications', name: 'email-sender', frozen: true, kind: 'Deployment', replicas: 1, image: `${REG}/notifications/email-sender`, crashLooping: 1, maxRestarts: 40, revisions: 6, lastRolloutHours: 1 }),
    w({ namespace: 'notifications', team: 'notifications', name: 'digest-mailer', frozen: true, kind: 'CronJob', replicas: 1, image: `${REG}/notifications/digest-mailer:v1.2.0`, service: undefined, cron: { schedule: '0 6 * * *', jobs: 3, failedJobs: 2 } }),
  );

  return {
    clusterName: 'shop-prod',
    seed: String(options.seed ?? 'shop'),
    now,
    kubernetesVersion: v,
    region,
    zones,
    nodes,
    namespaces,
    workloads,
    eventDensity: 25,
    extraObjects: [...fluxObjects(now), ...deliveryObjects(now)],
  };
}


