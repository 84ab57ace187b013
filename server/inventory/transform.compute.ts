// Per-kind transforms: a Kubernetes object in, the row Runwell keeps out.
// Only the fields some Runwell feature reads survive (docs/inventory.md lists
// who reads what), so 150k pods fit in Postgres and the collector never holds
// whole objects. `data` keeps the Kubernetes shape ({apiVersion, spec, status})
// so readiness can evaluate rows as KubeObjects again (toKubeObject).

import { asStringMap, isControlled, ownerOf } from '../lib/kube';
import { PRIVATE_KEY_PATTERN, REDACTED_PRIVATE_KEY, SENSITIVE_ENV_NAME_PATTERNS, TEAM_KEYS } from '../lib/kube-conventions';
import { CONFIGMAP_SUMMARY_FIELD, summarizeConfigMapData } from '../lib/kube-configmap';
import { trimCanary, trimChaosSchedule, trimConfigAuditReport, trimPodChaos, trimRollout, trimScaledObject } from './transform-crds.compute';

type J = Record<string, unknown>;

export interface KindDef {
  /** Runwell's kind key: the Kubernetes kind, unique across the groups we collect (Chaos Mesh's Schedule is `ChaosSchedule`, Velero's is `Schedule`). */
  kind: string;
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
  /** metrics.k8s.io cannot be watched: it is re-listed every pollSeconds. */
  pollSeconds?: number;
  trim: (obj: J) => J;
}

export interface InventoryRow {
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  ownerKind: string | null;
  ownerName: string | null;
  ownerUid: string | null;
  team: string | null;
  nodeName: string | null;
  phase: string | null;
  creationTimestamp: Date | null;
  data: J;
}

const rec = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const arr = (v: unknown): J[] => (Array.isArray(v) ? (v.filter((x) => x && typeof x === 'object') as J[]) : []);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** Copies the listed keys that are present (undefined keys are left out, so JSON stays small). */
function pick(obj: unknown, keys: readonly string[]): J {
  const src = rec(obj);
  const out: J = {};
  for (const k of keys) if (src[k] !== undefined) out[k] = src[k];
  return out;
}

function compact(obj: J): J {
  for (const k of Object.keys(obj)) {
    const v = obj[k];
    if (v === undefined || (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 0)) delete obj[k];
  }
  return obj;
}

const CONTAINER_KEYS = [
  'name',
  'image',
  'imagePullPolicy',
  'resources',
  'livenessProbe',
  'readinessProbe',
  'startupProbe',
  'securityContext',
  'ports',
] as const;
const POD_SPEC_KEYS = [
  'securityContext',
  'hostNetwork',
  'hostPID',
  'hostIPC',
  'topologySpreadConstraints',
  'affinity',
  'priorityClassName',
  'automountServiceAccountToken',
  'serviceAccountName',
  'nodeSelector',
  'tolerations',
  'overhead',
  'restartPolicy',
] as const;

/**
 * The env entries readiness' sensitiveContainerEnvVar fails on (a literal value under a
 * secret-like name, or holding a private key), without their values: Runwell never
 * stores a literal env value. A private key is replaced by a marker that still reads
 * as one; everything else (valueFrom references, harmless literals) is dropped.
 */
export function sensitiveEnv(env: unknown): J[] {
  const out: J[] = [];
  for (const e of arr(env)) {
    if (e.valueFrom !== undefined || e.value === undefined) continue;
    const name = str(e.name) ?? '';
    if (typeof e.value === 'string' && PRIVATE_KEY_PATTERN.test(e.value)) out.push({ name, value: REDACTED_PRIVATE_KEY });
    else if (SENSITIVE_ENV_NAME_PATTERNS.some((p) => p.test(name))) out.push({ name, value: '' });
  }
  return out;
}

function trimContainer(container: J): J {
  const out = pick(container, CONTAINER_KEYS);
  const env = sensitiveEnv(container.env);
  if (env.length) out.env = env;
  return out;
}

/** What readiness reads from a pod spec (server/readiness/checks). Volumes: only hostPath ones matter. */
export function trimPodSpec(spec: unknown): J {
  const s = rec(spec);
  const out = pick(s, POD_SPEC_KEYS);
  out.containers = arr(s.containers).map(trimContainer);
  const init = arr(s.initContainers);
  if (init.length) out.initContainers = init.map(trimContainer);
  const hostPaths = arr(s.volumes).filter((v) => v.hostPath);
  if (hostPaths.length) out.volumes = hostPaths.map((v) => pick(v, ['name', 'hostPath']));
  return out;
}

function trimTemplate(template: unknown): J {
  const t = rec(template);
  const meta = rec(t.metadata);
  return { metadata: compact(pick(meta, ['labels', 'annotations'])), spec: trimPodSpec(t.spec) };
}

const workload =
  (specKeys: readonly string[], statusKeys: readonly string[]) =>
  (o: J): J => {
    const spec = rec(o.spec);
    const out = pick(spec, specKeys);
    if (spec.template) out.template = trimTemplate(spec.template);
    return compact({ spec: out, status: pick(o.status, statusKeys) });
  };

const REPLICA_STATUS = ['replicas', 'readyReplicas', 'availableReplicas', 'updatedReplicas', 'observedGeneration'] as const;

// restartPolicy: an init container with `Always` is a sidecar, which changes the pod's request (server/capacity).
const SMALL_CONTAINER = ['name', 'image', 'resources', 'restartPolicy'] as const;

const fullReplicaSet = workload(['replicas', 'selector'], REPLICA_STATUS);

/**
 * ReplicaSets with a controller (a Deployment's current and old revisions: up
 * to revisionHistoryLimit = 10 per Deployment, the second largest kind after
 * Pods) are evaluated through their Deployment (readiness skips controlled
 * workloads) and not listed on their own, so like owned pods they keep only
 * template labels and each container's name, image and resources: a third of
 * the bytes, which the initial sync writes 70k times in a 150k-pod cluster.
 * ReplicaSets without a controller are workloads and keep the readiness pod spec.
 */
function trimReplicaSet(o: J): J {
  if (!isControlled(o)) return fullReplicaSet(o);
  const spec = rec(o.spec);
  const out = pick(spec, ['replicas', 'selector']);
  if (spec.template) {
    const template = rec(spec.template);
    const podSpec = rec(template.spec);
    const init = arr(podSpec.initContainers);
    out.template = {
      metadata: compact(pick(template.metadata, ['labels'])),
      spec: {
        containers: arr(podSpec.containers).map((c) => pick(c, SMALL_CONTAINER)),
        ...(init.length ? { initContainers: init.map((c) => pick(c, SMALL_CONTAINER)) } : {}),
      },
    };
  }
  return compact({ spec: out, status: pick(o.status, REPLICA_STATUS) });
}

function trimCronJob(o: J): J {
  const spec = rec(o.spec);
  const jobTemplate = rec(spec.jobTemplate);
  const jobSpec = rec(jobTemplate.spec);
  return compact({
    spec: {
      ...pick(spec, ['schedule', 'suspend', 'concurrencyPolicy', 'timeZone']),
      jobTemplate: {
        metadata: compact(pick(jobTemplate.metadata, ['labels', 'annotations'])),
        spec: { ...pick(jobSpec, ['backoffLimit', 'activeDeadlineSeconds']), template: trimTemplate(jobSpec.template) },
      },
    },
    status: pick(o.status, ['lastScheduleTime', 'lastSuccessfulTime', 'active']),
  });
}


/** Pods: what capacity (requests, limits, overhead, node, phase) and the workload pages (restarts, images) use. */
function trimPod(o: J): J {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const owned = ownerOf(o.metadata) !== null;
  // A bare pod is its own workload for readiness, so it keeps the full pod spec.
  const outSpec: J = owned
    ? {
        ...pick(spec, ['nodeName', 'overhead', 'priorityClassName']),
        containers: arr(spec.containers).map((c) => pick(c, SMALL_CONTAINER)),
        ...(arr(spec.initContainers).length ? { initContainers: arr(spec.initContainers).map((c) => pick(c, SMALL_CONTAINER)) } : {}),
      }
    : { ...trimPodSpec(spec), ...pick(spec, ['nodeName']) };
  const containerStatuses = arr(status.containerStatuses).map((c) => {
    const state = rec(c.state);
    const waiting = rec(state.waiting);
    const terminated = rec(state.terminated);
    return compact({
      name: c.name,
      ready: c.ready,
      restartCount: c.restartCount,
      state: state.running ? 'running' : state.waiting ? 'waiting' : state.terminated ? 'terminated' : undefined,
      reason: waiting.reason ?? terminated.reason,
    });
  });
  const ready = arr(status.conditions).find((c) => c.type === 'Ready');
  return compact({
    spec: outSpec,
    status: compact({
      ...pick(status, ['phase', 'reason', 'startTime', 'podIP', 'qosClass']),
      ready: ready ? ready.status === 'True' : undefined,
      restarts: containerStatuses.reduce((n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0),
      containerStatuses: containerStatuses.length ? containerStatuses : undefined,
    }),
  });
}

function trimNode(o: J): J {
  const status = rec(o.status);
  return compact({
    spec: pick(o.spec, ['unschedulable', 'taints', 'providerID']),
    status: compact({
      ...pick(status, ['allocatable', 'capacity']),
      nodeInfo: pick(status.nodeInfo, ['kubeletVersion', 'osImage', 'kernelVersion', 'containerRuntimeVersion', 'architecture', 'operatingSystem']),
      conditions: arr(status.conditions).map((c) => pick(c, ['type', 'status', 'reason', 'lastTransitionTime'])),
    }),
  });
}

function trimPrometheusRule(o: J): J {
  const groups = arr(rec(o.spec).groups).map((g) => ({
    ...pick(g, ['name', 'interval']),
    rules: arr(g.rules).map((r) => pick(r, ['alert', 'record', 'expr', 'for', 'labels', 'annotations'])),
  }));
  return { spec: { groups } };
}

function trimApplication(o: J): J {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const history = arr(status.history).slice(-10).map((h) => pick(h, ['id', 'revision', 'deployedAt', 'deployStartedAt', 'initiatedBy']));
  const operation = rec(rec(status.operationState).operation);
  return compact({
    spec: compact({ project: spec.project, source: pick(spec.source, ['repoURL', 'path', 'targetRevision', 'chart']), destination: spec.destination, syncPolicy: spec.syncPolicy }),
    status: compact({
      sync: pick(status.sync, ['status', 'revision']),
      health: pick(status.health, ['status', 'message']),
      // The change ledger (server/changes/gitops.compute.ts) reads failed syncs from here: they never enter the history.
      operationState: compact({ ...pick(status.operationState, ['phase', 'message', 'startedAt', 'finishedAt']), revision: rec(rec(status.operationState).syncResult).revision ?? rec(operation.sync).revision, initiatedBy: operation.initiatedBy }),
      reconciledAt: status.reconciledAt,
      history: history.length ? history : undefined,
    }),
  });
}

/** Flux Kustomizations and HelmReleases: what was applied, what was tried, and whether it is Ready. */
function trimFlux(o: J): J {
  const spec = rec(o.spec);
  const status = rec(o.status);
  const ready = arr(status.conditions).map(rec).find((c) => c.type === 'Ready');
  return compact({
    spec: compact({ targetNamespace: spec.targetNamespace, path: spec.path, sourceRef: spec.sourceRef, chart: pick(rec(rec(spec.chart).spec), ['chart', 'version']) }),
    status: compact({
      lastAppliedRevision: status.lastAppliedRevision,
      lastAttemptedRevision: status.lastAttemptedRevision,
      ready: ready ? pick(ready, ['status', 'reason', 'message', 'lastTransitionTime']) : undefined,
    }),
  });
}

const specStatus =
  (specKeys: readonly string[] | 'all', statusKeys: readonly string[] | 'all' = []) =>
  (o: J): J =>
    compact({
      spec: specKeys === 'all' ? rec(o.spec) : pick(o.spec, specKeys),
      status: statusKeys === 'all' ? rec(o.status) : pick(o.status, statusKeys),
    });

function trimMetrics(o: J): J {
  return compact({
    ...pick(o, ['timestamp', 'window', 'usage']),
    containers: o.containers ? arr(o.containers).map((c) => pick(c, ['name', 'usage'])) : undefined,
  });
}

function trimCertificate(o: J): J {
  const status = rec(o.status);
  const ready = arr(status.conditions).find((c) => c.type === 'Ready');
  return compact({
    spec: pick(o.spec, ['secretName', 'dnsNames', 'issuerRef', 'duration', 'renewBefore']),
    status: compact({
      ...pick(status, ['notAfter', 'notBefore', 'renewalTime', 'failedIssuanceAttempts', 'lastFailureTime']),
      ready: ready ? ready.status === 'True' : undefined,
      readyReason: ready?.reason,
      readyMessage: ready?.message,
    }),
  });
}

/** A Trivy VulnerabilityReport: artifact, registry, summary, scan time and only its CRITICAL/HIGH vulnerabilities (a report lists hundreds of lower ones). */
function trimVulnerabilityReport(o: J): J {
  const report = rec(o.report);
  const vulns = Array.isArray(report.vulnerabilities) ? (report.vulnerabilities as unknown[]).map(rec) : [];
  return {
    report: compact({
      artifact: pick(report.artifact, ['repository', 'tag', 'digest']),
      registry: pick(report.registry, ['server']),
      summary: pick(report.summary, ['criticalCount', 'highCount', 'mediumCount', 'lowCount', 'unknownCount']),
      updateTimestamp: report.updateTimestamp,
      vulnerabilities: vulns
        .filter((v) => v.severity === 'CRITICAL' || v.severity === 'HIGH')
        .slice(0, 200)
        .map((v) => compact({ id: v.vulnerabilityID, severity: v.severity, resource: v.resource, installedVersion: v.installedVersion, fixedVersion: v.fixedVersion, published: v.publishedDate })),
    }),
  };
}

/** Ready condition flattened (cert-manager CertificateRequests, Issuers, ClusterIssuers). */
function readyOf(o: J): J {
  const ready = arr(rec(o.status).conditions).find((c) => c.type === 'Ready');
  return compact({ ready: ready ? ready.status === 'True' : undefined, readyReason: ready?.reason, readyMessage: ready?.message });
}

function trimCertificateRequest(o: J): J {
  return compact({ spec: pick(o.spec, ['issuerRef', 'duration']), status: compact({ ...readyOf(o), ...pick(o.status, ['failureTime']) }) });
}

// Which kind of issuer (ACME, CA, Vault, self-signed), never its secrets.
function trimIssuer(o: J): J {
  return compact({ spec: compact({ type: Object.keys(rec(o.spec)).find((t) => ['acme', 'ca', 'vault', 'selfSigned', 'venafi'].includes(t)) ?? 'other', server: rec(rec(o.spec).acme).server }), status: readyOf(o) });
}

const k = (group: string, version: string, kind: string, plural: string, namespaced: boolean, trim: (o: J) => J, pollSeconds?: number): KindDef => ({
  kind,
  group,
  version,
  plural,
  namespaced,
  trim,
  ...(pollSeconds ? { pollSeconds } : {}),
});

/** Every kind the collectors keep, in the order an initial sync lists them (small, structural kinds first). */
export const KIND_DEFS: readonly KindDef[] = [
  k('', 'v1', 'Namespace', 'namespaces', false, specStatus([], ['phase'])),
  k('', 'v1', 'Node', 'nodes', false, trimNode),
  k('apps', 'v1', 'Deployment', 'deployments', true, workload(['replicas', 'selector', 'strategy', 'minReadySeconds', 'paused'], REPLICA_STATUS)),
  k('apps', 'v1', 'StatefulSet', 'statefulsets', true, workload(['replicas', 'selector', 'serviceName', 'podManagementPolicy', 'updateStrategy'], [...REPLICA_STATUS, 'currentRevision', 'updateRevision'])),
  k('apps', 'v1', 'DaemonSet', 'daemonsets', true, workload(['selector', 'updateStrategy'], ['desiredNumberScheduled', 'currentNumberScheduled', 'numberReady', 'numberAvailable', 'numberUnavailable', 'updatedNumberScheduled'])),
  k('apps', 'v1', 'ReplicaSet', 'replicasets', true, trimReplicaSet),
  k('batch', 'v1', 'Job', 'jobs', true, workload(['parallelism', 'completions', 'backoffLimit', 'selector'], ['active', 'succeeded', 'failed', 'startTime', 'completionTime'])),
  k('batch', 'v1', 'CronJob', 'cronjobs', true, trimCronJob),
  k('', 'v1', 'Pod', 'pods', true, trimPod),
  k('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, specStatus(['minAvailable', 'maxUnavailable', 'selector', 'unhealthyPodEvictionPolicy'], ['currentHealthy', 'desiredHealthy', 'disruptionsAllowed', 'expectedPods'])),
  k('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, specStatus(['scaleTargetRef', 'minReplicas', 'maxReplicas', 'metrics'], ['currentReplicas', 'desiredReplicas'])),
  k('', 'v1', 'Service', 'services', true, specStatus(['type', 'selector', 'ports', 'clusterIP'])),
  k('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, specStatus('all')),
  k('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, specStatus(['ingressClassName', 'rules', 'tls'])),
  k('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, specStatus(['storageClassName', 'volumeName', 'accessModes', 'resources'], ['phase', 'capacity'])),
  k('', 'v1', 'PersistentVolume', 'persistentvolumes', false, specStatus(['storageClassName', 'capacity', 'accessModes', 'claimRef', 'nodeAffinity', 'persistentVolumeReclaimPolicy'], ['phase'])),
  k('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, (o) => pick(o, ['provisioner', 'reclaimPolicy', 'volumeBindingMode', 'allowVolumeExpansion', 'parameters'])),
  k('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors', true, specStatus(['selector', 'namespaceSelector', 'endpoints'])),
  k('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules', true, trimPrometheusRule),
  k('sloth.slok.dev', 'v1', 'PrometheusServiceLevel', 'prometheusservicelevels', true, specStatus('all')),
  k('cert-manager.io', 'v1', 'Certificate', 'certificates', true, trimCertificate),
  k('cert-manager.io', 'v1', 'CertificateRequest', 'certificaterequests', true, trimCertificateRequest),
  k('cert-manager.io', 'v1', 'Issuer', 'issuers', true, trimIssuer),
  k('cert-manager.io', 'v1', 'ClusterIssuer', 'clusterissuers', false, trimIssuer),
  k('velero.io', 'v1', 'Backup', 'backups', true, specStatus(['includedNamespaces', 'excludedNamespaces', 'storageLocation', 'ttl'], ['phase', 'startTimestamp', 'completionTimestamp', 'expiration', 'errors', 'warnings', 'failureReason'])),
  k('velero.io', 'v1', 'Schedule', 'schedules', true, (o) => compact({ spec: compact({ ...pick(o.spec, ['schedule', 'paused']), template: pick(rec(rec(o.spec).template), ['includedNamespaces', 'excludedNamespaces', 'ttl']) }), status: pick(o.status, ['phase', 'lastBackup']) })),
  k('velero.io', 'v1', 'Restore', 'restores', true, specStatus(['backupName', 'scheduleName', 'includedNamespaces'], ['phase', 'startTimestamp', 'completionTimestamp', 'errors', 'warnings', 'failureReason'])),
  k('argoproj.io', 'v1alpha1', 'Application', 'applications', true, trimApplication),
  k('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', true, trimFlux),
  k('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', true, trimFlux),
  // Trivy Operator: the security page reads the summary and the CRITICAL/HIGH findings (server/hardening).
  k('aquasecurity.github.io', 'v1alpha1', 'VulnerabilityReport', 'vulnerabilityreports', true, trimVulnerabilityReport),
  k('aquasecurity.github.io', 'v1alpha1', 'ConfigAuditReport', 'configauditreports', true, trimConfigAuditReport),
  // The maturity model's canary, chaos and autoscaling evidence (transform-crds.compute.ts).
  k('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', true, trimRollout),
  k('flagger.app', 'v1beta1', 'Canary', 'canaries', true, trimCanary),
  k('chaos-mesh.org', 'v1alpha1', 'PodChaos', 'podchaos', true, trimPodChaos),
  // Kind key ChaosSchedule: velero.io's Schedule already holds "Schedule".
  k('chaos-mesh.org', 'v1alpha1', 'ChaosSchedule', 'schedules', true, trimChaosSchedule),
  k('keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects', true, trimScaledObject),
  // RBAC objects for Polaris' RBAC checks: rules and roleRef as they are (no secrets in them).
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false, (o) => pick(o, ['rules', 'aggregationRule'])),
  k('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true, (o) => pick(o, ['rules'])),
  k('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false, (o) => pick(o, ['roleRef', 'subjects'])),
  k('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true, (o) => pick(o, ['roleRef', 'subjects'])),
  // ConfigMaps: the keys and which values look like a private key, never the values (sensitiveConfigmapContent).
  k('', 'v1', 'ConfigMap', 'configmaps', true, (o) => ({ [CONFIGMAP_SUMMARY_FIELD]: summarizeConfigMapData(o.data) })),
  k('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false, trimMetrics, 60),
  k('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true, trimMetrics, 60),
];

export const KIND_BY_NAME: ReadonlyMap<string, KindDef> = new Map(KIND_DEFS.map((d) => [d.kind, d]));

export function apiVersionOf(def: Pick<KindDef, 'group' | 'version'>): string {
  return def.group ? `${def.group}/${def.version}` : def.version;
}

/** Collection path, cluster-wide (namespaced kinds are listed across all namespaces). */
export function listPath(def: Pick<KindDef, 'group' | 'version' | 'plural'>): string {
  return def.group ? `/apis/${def.group}/${def.version}/${def.plural}` : `/api/${def.version}/${def.plural}`;
}

export function teamOf(labels: Record<string, string>, annotations: Record<string, string>): string | null {
  for (const key of TEAM_KEYS) {
    const v = labels[key] ?? annotations[key];
    if (v) return v;
  }
  return null;
}

// Annotations that are large and never read (the whole last-applied object).
const DROPPED_ANNOTATIONS = ['kubectl.kubernetes.io/last-applied-configuration'];

export function toRow(def: KindDef, obj: unknown): InventoryRow {
  const o = rec(obj);
  const meta = rec(o.metadata);
  const labels = asStringMap(meta.labels);
  const annotations = asStringMap(meta.annotations);
  for (const key of DROPPED_ANNOTATIONS) delete annotations[key];
  const owner = ownerOf(meta);
  const data = def.trim(o);
  const spec = rec(o.spec);
  const created = str(meta.creationTimestamp);
  const createdAt = created ? new Date(created) : null;
  return {
    kind: def.kind,
    namespace: def.namespaced ? (str(meta.namespace) ?? '') : '',
    name: str(meta.name) ?? '',
    uid: str(meta.uid) ?? '',
    resourceVersion: str(meta.resourceVersion) ?? '',
    labels,
    annotations,
    ownerKind: owner?.kind ?? null,
    ownerName: owner?.name ?? null,
    ownerUid: owner?.uid ?? null,
    team: teamOf(labels, annotations),
    nodeName: def.kind === 'Pod' ? str(spec.nodeName) : null,
    phase: def.kind === 'Pod' ? str(rec(o.status).phase) : def.kind === 'Namespace' || def.kind === 'PersistentVolumeClaim' || def.kind === 'Backup' ? str(rec(o.status).phase) : null,
    creationTimestamp: createdAt && !Number.isNaN(createdAt.getTime()) ? createdAt : null,
    data: { apiVersion: apiVersionOf(def), ...data },
  };
}

/** A stored row back as a (trimmed) Kubernetes object, e.g. for server/readiness. */
export function toKubeObject(row: Pick<InventoryRow, 'kind' | 'namespace' | 'name' | 'uid' | 'labels' | 'annotations' | 'ownerKind' | 'ownerName' | 'ownerUid' | 'creationTimestamp' | 'resourceVersion' | 'data'>): J {
  const { apiVersion, ...rest } = row.data;
  return {
    apiVersion,
    kind: row.kind,
    metadata: compact({
      name: row.name,
      namespace: row.namespace || undefined,
      uid: row.uid,
      resourceVersion: row.resourceVersion,
      labels: row.labels,
      annotations: row.annotations,
      creationTimestamp: row.creationTimestamp?.toISOString(),
      ownerReferences: row.ownerKind ? [{ kind: row.ownerKind, name: row.ownerName, uid: row.ownerUid, controller: true }] : undefined,
    }),
    ...rest,
  };
}
