// A cluster plan: the declarative description (nodes, namespaces, workloads and their
// production-readiness traits) from which the materializer builds Kubernetes objects.
// The random generator and the demo "shop" scenario both produce a plan.

import type { KubeObject } from './types';

export interface NodePlan {
  name: string;
  ip: string;
  zone: string;
  pool: string;
  instanceType: string;
  arch: 'amd64' | 'arm64';
  cpu: number; // cores
  memoryGi: number;
  maxPods: number;
  kubeletVersion: string;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  capacityType: 'ON_DEMAND' | 'SPOT';
  ageDays: number;
  ready: boolean;
  unschedulable?: boolean;
  diskPressure?: boolean;
  memoryPressure?: boolean;
}

export interface NamespacePlan {
  name: string;
  team: string;
  env: 'production' | 'staging' | 'system';
  ageDays: number;
  /** A default-deny ingress NetworkPolicy for the namespace. */
  defaultDeny?: boolean;
  podSecurity?: 'restricted' | 'baseline' | 'privileged';
  /** Velero Schedule for the namespace and its recent Backups. */
  backup?: {
    schedule: string;
    /** Age of the newest backup; large values make the backup stale. */
    lastBackupAgeHours: number;
    lastPhase: 'Completed' | 'PartiallyFailed' | 'Failed';
    count: number;
    paused?: boolean;
    /** Churn takes no new backups for this schedule. */
    frozen?: boolean;
    /** A Velero Restore of the namespace (a DR drill) this many hours ago. */
    restore?: { ageHours: number; phase: 'Completed' | 'PartiallyFailed' | 'Failed'; minutes: number };
  };
  /** Argo CD Application deploying the namespace. */
  argo?: {
    sync: 'Synced' | 'OutOfSync' | 'Unknown';
    health: 'Healthy' | 'Progressing' | 'Degraded' | 'Missing' | 'Suspended';
    historyLength: number;
    autoSync?: boolean;
    /** The newest sync redeploys the revision of two syncs before (a rollback of the one in between). */
    rollback?: boolean;
  };
  labels?: Record<string, string>;
}

export interface CronPlan {
  schedule: string;
  /** Finished jobs kept (each with one pod). */
  jobs: number;
  failedJobs: number;
  suspend?: boolean;
}

export interface WorkloadPlan {
  namespace: string;
  team: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'CronJob';
  name: string;
  /** Deployment/StatefulSet replicas; ignored for DaemonSet (one per node) and CronJob. */
  replicas: number;
  component?: string;
  image: string;
  imagePullPolicy?: 'Always' | 'IfNotPresent' | 'Never';
  port?: number;
  /** Container resources; undefined means not set (a readiness problem). */
  cpuRequestMilli?: number;
  memoryRequestMi?: number;
  cpuLimitMilli?: number;
  memoryLimitMi?: number;
  liveness: boolean;
  readiness: boolean;
  startup?: boolean;
  runAsNonRoot: boolean;
  /** Explicit runAsUser: 0 (root). */
  runAsRoot?: boolean;
  readOnlyRootFilesystem: boolean;
  allowPrivilegeEscalation: boolean;
  privileged?: boolean;
  dropAllCapabilities: boolean;
  addCapabilities?: string[];
  hostNetwork?: boolean;
  hostPID?: boolean;
  hostPath?: string;
  automountServiceAccountToken?: boolean;
  priorityClassName?: string;
  topologySpread?: boolean;
  sidecar?: { name: string; image: string; cpuRequestMilli?: number; memoryRequestMi?: number };
  initContainer?: { name: string; image: string };
  service?: { type?: 'ClusterIP' | 'LoadBalancer' | 'NodePort' | 'Headless'; port: number };
  pdb?: { minAvailable?: number | string; maxUnavailable?: number | string };
  hpa?: { min: number; max: number; cpuUtilization: number };
  /** `manualTls`: a TLS secret no cert-manager Certificate issues (renewed by hand). */
  ingress?: { host: string; certExpiresInDays?: number; certReady?: boolean; issuer?: string; manualTls?: boolean };
  serviceMonitor?: boolean;
  prometheusRule?: { runbooks: boolean };
  slo?: { objective: number; latencyObjective?: number };
  /** Allow-ingress NetworkPolicy for this app. */
  networkPolicy?: boolean;
  volume?: { sizeGi: number; storageClass: string; mountPath: string };
  /** Rollouts so far (>=1); previous revisions become scaled-down ReplicaSets (at most 3 kept). */
  revisions: number;
  ageDays: number;
  /** Hours since the current revision was rolled out. */
  lastRolloutHours?: number;
  crashLooping?: number;
  pending?: number;
  imagePullBackOff?: number;
  maxRestarts?: number;
  tolerateAll?: boolean;
  nodeSelector?: Record<string, string>;
  cron?: CronPlan;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Churn leaves this workload, its pods and its certificate alone (planted demo problems). */
  frozen?: boolean;
}

export interface ClusterPlan {
  clusterName: string;
  seed: string;
  now: number;
  kubernetesVersion: string; // e.g. v1.30.6
  region: string;
  zones: string[];
  nodes: NodePlan[];
  namespaces: NamespacePlan[];
  workloads: WorkloadPlan[];
  /** Events per 100 pods (default 5), plus events for problem pods. */
  eventDensity?: number;
  /** Extra objects appended verbatim. */
  extraObjects?: KubeObject[];
}

// ---- small helpers shared by planners and the materializer -------------------

const isoCache = new Map<number, string>();
export function clearTimeCache(): void {
  isoCache.clear();
}
/** RFC 3339 with second precision, as the API server writes timestamps (strings interned). */
export function isoTime(ms: number): string {
  const sec = Math.floor(ms / 1000);
  let s = isoCache.get(sec);
  if (s === undefined) {
    if (isoCache.size > 200_000) isoCache.clear();
    s = new Date(sec * 1000).toISOString().replace('.000Z', 'Z');
    isoCache.set(sec, s);
  }
  return s;
}

export const HOUR = 3_600_000;

/** Objects carrying this annotation ("true") are never changed by churn. */
export const FROZEN_ANNOTATION = 'simulator.runwell.dev/frozen';
const FROZEN = Object.freeze({ [FROZEN_ANNOTATION]: 'true' });
export function frozenAnnotations(frozen: boolean | undefined): Record<string, string> | undefined {
  return frozen ? FROZEN : undefined;
}
export const DAY = 24 * HOUR;

export function cpuString(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

export function memString(mi: number): string {
  return mi % 1024 === 0 ? `${mi / 1024}Gi` : `${mi}Mi`;
}

/** Parse a CPU quantity to millicores. */
export function parseCpu(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q * 1000;
  if (q.endsWith('m')) return Number(q.slice(0, -1));
  if (q.endsWith('n')) return Number(q.slice(0, -1)) / 1e6;
  if (q.endsWith('u')) return Number(q.slice(0, -1)) / 1e3;
  return Number(q) * 1000;
}

const MEM_UNITS: Record<string, number> = {
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
  k: 1e3,
  K: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
};

/** Parse a memory quantity to bytes. */
export function parseMemory(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([0-9.]+)([A-Za-z]*)$/.exec(q);
  if (!m) return 0;
  return Number(m[1]) * (MEM_UNITS[m[2]!] ?? 1);
}

/** Kubernetes' short human durations (5s, 3m, 2d4h, 45d, 2y...) as kubectl prints AGE. */
export function humanDuration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}
