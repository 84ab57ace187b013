import { CONFIGMAP_SUMMARY_FIELD, summarizeConfigMapData } from '../lib/kube-configmap';
import { trimCertificate, trimCertificateRequest, trimIssuer } from './trim-cert-manager.compute';
import { trimApplication, trimFlux } from './trim-gitops.compute';
import { trimPrometheusRule } from './trim-monitoring.compute';
import { trimMetrics, trimNode } from './trim-nodes.compute';
import { compact, type J, pick, rec, specStatus } from './trim.compute';
import { trimConfigAuditReport, trimVulnerabilityReport } from './trim-vulnerabilities.compute';
import { trimCanary, trimChaosSchedule, trimPodChaos, trimRollout, trimScaledObject } from './trim-delivery.compute';
import { REPLICA_STATUS, trimCronJob, trimPod, trimReplicaSet, workload } from './trim-workloads.compute';

// The kinds the collectors list and watch (docs/inventory.md): API group,
// version, plural and the transform that trims each. Pure.

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
  // The maturity model's canary, chaos and autoscaling evidence (trim-delivery.compute.ts).
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
