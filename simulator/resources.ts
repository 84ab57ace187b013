// The API resources the simulator serves, as discovery (APIResourceList) describes them.

export type Verb = 'get' | 'list' | 'watch' | 'create' | 'update' | 'patch' | 'delete' | 'deletecollection';

export interface ResourceDef {
  /** '' for the core group. */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  verbs: Verb[];
  categories?: string[];
  subresources: ('status' | 'scale' | 'log')[];
  /** Served from other resources (metrics.k8s.io): read-only, no watch. */
  virtual?: 'nodeMetrics' | 'podMetrics';
  /** Field selector keys beyond metadata.name / metadata.namespace. */
  fields?: string[];
}

const RW: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const RO: Verb[] = ['get', 'list'];

function def(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  extra: Partial<ResourceDef> = {},
): ResourceDef {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    verbs: RW,
    subresources: [],
    ...extra,
  };
}

export const RESOURCES: ResourceDef[] = [
  def('', 'v1', 'Namespace', 'namespaces', false, ['ns'], { subresources: ['status'], fields: ['status.phase'] }),
  def('', 'v1', 'Node', 'nodes', false, ['no'], { subresources: ['status'], fields: ['spec.unschedulable'] }),
  def('', 'v1', 'Pod', 'pods', true, ['po'], {
    categories: ['all'],
    subresources: ['status', 'log'],
    fields: ['spec.nodeName', 'status.phase', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.podIP', 'status.nominatedNodeName'],
  }),
  def('', 'v1', 'Service', 'services', true, ['svc'], { categories: ['all'], subresources: ['status'] }),
  def('', 'v1', 'Event', 'events', true, ['ev'], {
    fields: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  }),
  def('', 'v1', 'PersistentVolumeClaim', 'persistentvolumeclaims', true, ['pvc'], { subresources: ['status'] }),
  def('', 'v1', 'PersistentVolume', 'persistentvolumes', false, ['pv'], { subresources: ['status'] }),
  def('', 'v1', 'ConfigMap', 'configmaps', true, ['cm']),
  def('apps', 'v1', 'Deployment', 'deployments', true, ['deploy'], { categories: ['all'], subresources: ['status', 'scale'] }),
  def('apps', 'v1', 'StatefulSet', 'statefulsets', true, ['sts'], { categories: ['all'], subresources: ['status', 'scale'] }),
  def('apps', 'v1', 'DaemonSet', 'daemonsets', true, ['ds'], { categories: ['all'], subresources: ['status'] }),
  def('apps', 'v1', 'ReplicaSet', 'replicasets', true, ['rs'], { categories: ['all'], subresources: ['status', 'scale'] }),
  def('batch', 'v1', 'Job', 'jobs', true, [], { categories: ['all'], subresources: ['status'], fields: ['status.successful'] }),
  def('batch', 'v1', 'CronJob', 'cronjobs', true, ['cj'], { categories: ['all'], subresources: ['status'] }),
  def('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], { subresources: ['status'] }),
  def('autoscaling', 'v2', 'HorizontalPodAutoscaler', 'horizontalpodautoscalers', true, ['hpa'], { categories: ['all'], subresources: ['status'] }),
  def('networking.k8s.io', 'v1', 'NetworkPolicy', 'networkpolicies', true, ['netpol']),
  def('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, ['ing'], { subresources: ['status'] }),
  def('networking.k8s.io', 'v1', 'IngressClass', 'ingressclasses', false),
  def('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
  def('rbac.authorization.k8s.io', 'v1', 'ClusterRoleBinding', 'clusterrolebindings', false),
  def('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
  def('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
  def('storage.k8s.io', 'v1', 'StorageClass', 'storageclasses', false, ['sc']),
  def('cert-manager.io', 'v1', 'Certificate', 'certificates', true, ['cert', 'certs'], { categories: ['cert-manager'], subresources: ['status'] }),
  def('cert-manager.io', 'v1', 'ClusterIssuer', 'clusterissuers', false, [], { categories: ['cert-manager'], subresources: ['status'] }),
  def('cert-manager.io', 'v1', 'CertificateRequest', 'certificaterequests', true, ['cr', 'crs'], { categories: ['cert-manager'], subresources: ['status'] }),
  def('cert-manager.io', 'v1', 'Issuer', 'issuers', true, [], { categories: ['cert-manager'], subresources: ['status'] }),
  def('velero.io', 'v1', 'Backup', 'backups', true, [], { subresources: ['status'] }),
  def('velero.io', 'v1', 'Restore', 'restores', true, [], { subresources: ['status'] }),
  def('velero.io', 'v1', 'Schedule', 'schedules', true, [], { subresources: ['status'] }),
  def('aquasecurity.github.io', 'v1alpha1', 'VulnerabilityReport', 'vulnerabilityreports', true, ['vuln', 'vulns'], { categories: ['trivy'] }),
  def('aquasecurity.github.io', 'v1alpha1', 'ConfigAuditReport', 'configauditreports', true, ['configaudit', 'configaudits'], { categories: ['trivy'] }),
  def('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', true, ['ro'], { subresources: ['status'] }),
  def('flagger.app', 'v1beta1', 'Canary', 'canaries', true, [], { subresources: ['status'] }),
  def('chaos-mesh.org', 'v1alpha1', 'PodChaos', 'podchaos', true, [], { categories: ['chaos-mesh'], subresources: ['status'] }),
  def('chaos-mesh.org', 'v1alpha1', 'Schedule', 'schedules', true, [], { categories: ['chaos-mesh'], subresources: ['status'] }),
  def('keda.sh', 'v1alpha1', 'ScaledObject', 'scaledobjects', true, ['so'], { subresources: ['status'] }),
  def('argoproj.io', 'v1alpha1', 'Application', 'applications', true, ['app', 'apps'], { subresources: ['status'] }),
  def('kustomize.toolkit.fluxcd.io', 'v1', 'Kustomization', 'kustomizations', true, ['ks'], { subresources: ['status'] }),
  def('helm.toolkit.fluxcd.io', 'v2', 'HelmRelease', 'helmreleases', true, ['hr'], { subresources: ['status'] }),
  def('monitoring.coreos.com', 'v1', 'PrometheusRule', 'prometheusrules', true, ['promrule']),
  def('monitoring.coreos.com', 'v1', 'ServiceMonitor', 'servicemonitors', true, ['smon']),
  def('sloth.slok.dev', 'v1', 'PrometheusServiceLevel', 'prometheusservicelevels', true, [], { subresources: ['status'] }),
  def('metrics.k8s.io', 'v1beta1', 'NodeMetrics', 'nodes', false, [], { verbs: RO, virtual: 'nodeMetrics' }),
  def('metrics.k8s.io', 'v1beta1', 'PodMetrics', 'pods', true, [], { verbs: RO, virtual: 'podMetrics' }),
];

export function apiVersionOf(r: ResourceDef): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Identifies a resource in the store: "pods", "apps/deployments". */
export function resourceId(r: ResourceDef): string {
  return r.group ? `${r.group}/${r.plural}` : r.plural;
}

export interface GroupVersions {
  group: string;
  versions: string[];
}

export class ResourceRegistry {
  readonly all: ResourceDef[];
  private byPath = new Map<string, ResourceDef>();
  private byKind = new Map<string, ResourceDef>();

  constructor(defs: ResourceDef[] = RESOURCES) {
    this.all = defs;
    for (const r of defs) {
      this.byPath.set(`${apiVersionOf(r)}/${r.plural}`, r);
      this.byKind.set(`${apiVersionOf(r)}/${r.kind}`, r);
    }
  }

  /** Resource served at /api/v1/<plural> or /apis/<group>/<version>/<plural>. */
  lookup(group: string, version: string, plural: string): ResourceDef | undefined {
    return this.byPath.get(`${group ? `${group}/${version}` : version}/${plural}`);
  }

  byApiVersionKind(apiVersion: string, kind: string): ResourceDef | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** Convenience: resolve by plural, short name, kind or singular, optionally with a group. */
  resolve(name: string): ResourceDef | undefined {
    const lower = name.toLowerCase();
    const dot = lower.indexOf('.');
    const base = dot < 0 ? lower : lower.slice(0, dot);
    const group = dot < 0 ? undefined : lower.slice(dot + 1);
    return this.all.find(
      (r) =>
        !r.virtual &&
        (group === undefined || r.group === group) &&
        (r.plural === base || r.singular === base || r.shortNames.includes(base)),
    );
  }

  groups(): GroupVersions[] {
    const out: GroupVersions[] = [];
    for (const r of this.all) {
      if (!r.group) continue;
      let g = out.find((x) => x.group === r.group);
      if (!g) out.push((g = { group: r.group, versions: [] }));
      if (!g.versions.includes(r.version)) g.versions.push(r.version);
    }
    return out;
  }

  inGroupVersion(group: string, version: string): ResourceDef[] {
    return this.all.filter((r) => r.group === group && r.version === version);
  }
}
