import {
  ARGO_INSTANCE_LABEL,
  ARGO_TRACKING_ANNOTATION,
  FLUX_LABELS,
  MANAGED_BY_LABEL,
  SERVICE_NAME_KEYS,
} from '../lib/kube-conventions';
import { apiGroup, asRecord, asString, isControlled, toLabelSelector, toMapSelector } from '../lib/kube';
import type { InventoryItem, KnownSlo } from './readiness.schema';
import { emptyObjectIndexes, indexOwnObject, isOwnObject, type ObjectIndexes } from './object-index.compute';
import {
  alertRulesOf,
  hpaView,
  type HpaView,
  monitorNamespaces,
  type MonitorView,
  namePrefixes,
  networkPolicyView,
  type NetworkPolicyView,
  pdbView,
  type PdbView,
  type RuleView,
  type ServiceView,
} from './object-views.compute';
import { ANY_NAMESPACE, SelectorIndex } from './selector-index.compute';
import { subjectOf, type Subject, toWorkload, type Workload } from './workload.compute';

// Turns a flat object set (manifests, or the live inventory) into the workloads
// to evaluate plus the cross-object indexes the checks query.

export interface Inventory {
  /** Everything checks evaluate, in input order: workloads, PDBs, HPAs, Ingresses, PrometheusRules, SLO definitions. */
  subjects: Subject[];
  workloads: Workload[];
  pdbs: SelectorIndex<PdbView>;
  networkPolicies: SelectorIndex<NetworkPolicyView>;
  services: SelectorIndex<ServiceView>;
  serviceMonitors: SelectorIndex<MonitorView>;
  podMonitors: SelectorIndex<MonitorView>;
  /** `${nsKey}/${kind}/${name}` of the scale target -> HPA. */
  hpas: Map<string, HpaView>;
  /** `${nsKey}\0${subject}` -> PrometheusRules named or labelled for that subject. */
  rulesBySubject: Map<string, RuleView[]>;
  /** `${nsKey}\0${service}` of every SLO; nsKey ANY_NAMESPACE for known SLOs without namespace. */
  sloKeys: Set<string>;
  /** Namespaces an Argo CD Application or Flux object deploys into. */
  gitOpsNamespaces: Set<string>;
  /** `${nsKey}/${name}` -> automountServiceAccountToken of that ServiceAccount. */
  serviceAccountAutomount: Map<string, unknown>;
  namespaces: Map<string, { labels: Record<string, string>; annotations: Record<string, string> }>;
  /** Roles, ClusterRoles and Services by name (object-index.compute.ts). */
  objects: ObjectIndexes;
}

/** Names a workload may be known by in PrometheusRules and SLOs. */
export function serviceNamesOf(workload: Workload, inventory: Inventory): Set<string> {
  const names = new Set<string>();
  if (workload.name) names.add(workload.name);
  for (const key of SERVICE_NAME_KEYS) {
    const value = workload.labels[key] ?? workload.podLabels[key];
    if (value) names.add(value);
  }
  for (const service of inventory.services.match(workload.nsKey, workload.podLabels)) names.add(service.name);
  return names;
}

export function isGitOpsManaged(labels: Record<string, string>, annotations: Record<string, string>): boolean {
  if (labels[ARGO_INSTANCE_LABEL] || annotations[ARGO_TRACKING_ANNOTATION]) return true;
  if (FLUX_LABELS.some((key) => labels[key])) return true;
  return /argo|flux/i.test(labels[MANAGED_BY_LABEL] ?? '');
}

function addToListMap<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export interface BuildInventoryOptions {
  /** SLOs known outside the object set (Runwell's SLO list). */
  knownSlos?: readonly KnownSlo[];
}

export function buildInventory(items: readonly InventoryItem[], options: BuildInventoryOptions = {}): Inventory {
  const inventory: Inventory = {
    subjects: [],
    workloads: [],
    pdbs: new SelectorIndex(),
    networkPolicies: new SelectorIndex(),
    services: new SelectorIndex(),
    serviceMonitors: new SelectorIndex(),
    podMonitors: new SelectorIndex(),
    hpas: new Map(),
    rulesBySubject: new Map(),
    sloKeys: new Set(),
    gitOpsNamespaces: new Set(),
    serviceAccountAutomount: new Map(),
    namespaces: new Map(),
    objects: emptyObjectIndexes(),
  };
  for (const slo of options.knownSlos ?? []) {
    inventory.sloKeys.add(`${slo.namespace ?? ANY_NAMESPACE}\u0000${slo.service}`);
  }

  for (const item of items) {
    const { object } = item;
    if (isControlled(object)) continue;
    const workload = toWorkload(item);
    if (workload) {
      inventory.workloads.push(workload);
      inventory.subjects.push(workload);
      continue;
    }
    // RBAC objects, ConfigMaps, Services, IngressClasses are reported on their own (and Services still feed the selector index).
    if (isOwnObject(object)) {
      const subject = subjectOf(item);
      inventory.subjects.push(subject);
      indexOwnObject(inventory.objects, object, subject.nsKey, subject.name);
    }
    indexObject(inventory, item);
  }
  return inventory;
}

function indexObject(inventory: Inventory, item: InventoryItem): void {
  const { object } = item;
  const subject = subjectOf(item);
  const { nsKey, name } = subject;
  const spec = asRecord(object.spec);
  const group = apiGroup(object.apiVersion);

  switch (`${group}/${object.kind}`) {
    // The core group too: Polaris judges a PDB by kind, and its own examples write `apiVersion: v1`.
    case '/PodDisruptionBudget':
    case 'policy/PodDisruptionBudget': {
      // Judged on its own (pdbDisruptionsIsZero) as well as through the workloads it selects.
      inventory.subjects.push(subject);
      const selector = toLabelSelector(spec.selector);
      if (selector) inventory.pdbs.add(nsKey, selector, pdbView(name, spec));
      return;
    }
    case 'networking.k8s.io/NetworkPolicy': {
      const selector = toLabelSelector(spec.podSelector ?? {});
      if (selector) inventory.networkPolicies.add(nsKey, selector, networkPolicyView(name, spec));
      return;
    }
    case 'networking.k8s.io/Ingress':
    case 'extensions/Ingress':
      inventory.subjects.push(subject);
      return;
    case '/Service': {
      const selector = toMapSelector(spec.selector);
      if (selector) {
        inventory.services.add(nsKey, selector, {
          nsKey,
          name,
          labels: subject.labels,
          annotations: subject.annotations,
        });
      }
      return;
    }
    case 'monitoring.coreos.com/ServiceMonitor':
    case 'monitoring.coreos.com/PodMonitor': {
      const selector = toLabelSelector(spec.selector);
      if (!selector) return;
      const index = object.kind === 'ServiceMonitor' ? inventory.serviceMonitors : inventory.podMonitors;
      for (const ns of monitorNamespaces(spec, nsKey)) index.add(ns, selector, { kind: object.kind, nsKey, name });
      return;
    }
    case 'monitoring.coreos.com/PrometheusRule': {
      inventory.subjects.push(subject);
      const view: RuleView = { name, alertCount: alertRulesOf(object).length };
      const subjects = new Set(namePrefixes(name));
      for (const key of SERVICE_NAME_KEYS) if (subject.labels[key]) subjects.add(subject.labels[key]);
      for (const s of subjects) addToListMap(inventory.rulesBySubject, `${nsKey}\u0000${s}`, view);
      return;
    }
    case 'sloth.slok.dev/PrometheusServiceLevel': {
      inventory.subjects.push(subject);
      const service = asString(spec.service);
      if (service) inventory.sloKeys.add(`${nsKey}\u0000${service}`);
      return;
    }
    // OpenSLO v1 (which `runwell slo` also reads) and a Runwell-native kind.
    case 'openslo/SLO':
    case 'runwell.io/ServiceLevelObjective': {
      const service = asString(spec.service);
      if (service) inventory.sloKeys.add(`${nsKey}\u0000${service}`);
      return;
    }
    case 'autoscaling/HorizontalPodAutoscaler': {
      // Judged on its own (hpaMinAvailability, hpaMaxAvailability) as well as through its target.
      inventory.subjects.push(subject);
      const target = asRecord(spec.scaleTargetRef);
      const kind = asString(target.kind);
      const targetName = asString(target.name);
      if (kind && targetName) inventory.hpas.set(`${nsKey}/${kind}/${targetName}`, hpaView(name, spec));
      return;
    }
    case 'argoproj.io/Application': {
      const ns = asString(asRecord(spec.destination).namespace);
      if (ns) inventory.gitOpsNamespaces.add(ns);
      return;
    }
    case 'kustomize.toolkit.fluxcd.io/Kustomization': {
      const ns = asString(spec.targetNamespace);
      if (ns) inventory.gitOpsNamespaces.add(ns);
      return;
    }
    case 'helm.toolkit.fluxcd.io/HelmRelease': {
      // A HelmRelease installs into its own namespace unless targetNamespace says otherwise.
      inventory.gitOpsNamespaces.add(asString(spec.targetNamespace) ?? nsKey);
      return;
    }
    case '/ServiceAccount':
      inventory.serviceAccountAutomount.set(`${nsKey}/${name}`, object.automountServiceAccountToken);
      return;
    case '/Namespace':
      inventory.namespaces.set(name, { labels: subject.labels, annotations: subject.annotations });
      return;
    default:
      return;
  }
}

export interface MetaHit {
  key: string;
  value: string;
  /** Where it was found, for messages: the workload itself, its pod template, or its Namespace. */
  from: 'object' | 'pod template' | 'namespace';
}

/**
 * First non-empty label or annotation with one of `keys`: on the object, then its pod
 * template, then its Namespace (when the set contains it). Teams often put ownership
 * on the Namespace once instead of on every workload.
 */
export function lookupMeta(subject: Subject, keys: readonly string[], inventory: Inventory): MetaHit | null {
  const workload = subject as Partial<Workload>;
  const ns = subject.namespace === null ? undefined : inventory.namespaces.get(subject.namespace);
  const layers: Array<[MetaHit['from'], Record<string, string> | undefined]> = [
    ['object', subject.annotations],
    ['object', subject.labels],
    ['pod template', workload.podAnnotations],
    ['pod template', workload.podLabels],
    ['namespace', ns?.annotations],
    ['namespace', ns?.labels],
  ];
  for (const key of keys) {
    for (const [from, map] of layers) {
      const value = map?.[key]?.trim();
      if (value) return { key, value, from };
    }
  }
  return null;
}
