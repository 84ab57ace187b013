import { apiGroup, asArray, asRecord, type Json } from '../lib/kube';
import type { KubeObject } from './readiness.schema';

// Objects judged in their own right rather than through a pod template: RBAC
// objects, ConfigMaps, Services and IngressClasses (Ingresses, PDBs and HPAs are
// subjects through inventory.compute's own index) (checks/rbac.compute.ts,
// checks/kube-score.compute.ts), plus the lookups those checks need.

/** `group/Kind` of the objects reported on their own (besides workloads and PrometheusRules). */
const OWN_OBJECT_KINDS = new Set([
  'rbac.authorization.k8s.io/Role',
  'rbac.authorization.k8s.io/ClusterRole',
  'rbac.authorization.k8s.io/RoleBinding',
  'rbac.authorization.k8s.io/ClusterRoleBinding',
  '/ConfigMap',
  '/Service',
  'networking.k8s.io/IngressClass',
]);

/** One Role or ClusterRole as a binding check reads it: `rules` as written (absent = undefined). */
export interface RoleView {
  name: string;
  hasRules: boolean;
  rules: unknown;
}

export interface ObjectIndexes {
  /** ClusterRoles by name (several when a manifest set repeats one). */
  clusterRoles: Map<string, RoleView[]>;
  /** Roles by `${nsKey}/${name}`. */
  roles: Map<string, RoleView[]>;
  /** Service ports by `${nsKey}/${name}`. */
  servicePorts: Map<string, Json[][]>;
}

export function emptyObjectIndexes(): ObjectIndexes {
  return { clusterRoles: new Map(), roles: new Map(), servicePorts: new Map() };
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

export function isOwnObject(object: KubeObject): boolean {
  return OWN_OBJECT_KINDS.has(`${apiGroup(object.apiVersion)}/${object.kind}`);
}

/** Files an object of OWN_OBJECT_KINDS under the lookups its kind feeds. */
export function indexOwnObject(indexes: ObjectIndexes, object: KubeObject, nsKey: string, name: string): void {
  const view = (): RoleView => ({ name, hasRules: Object.hasOwn(object, 'rules'), rules: object.rules });
  if (object.kind === 'ClusterRole') push(indexes.clusterRoles, name, view());
  else if (object.kind === 'Role') push(indexes.roles, `${nsKey}/${name}`, view());
  else if (object.kind === 'Service') push(indexes.servicePorts, `${nsKey}/${name}`, asArray(asRecord(object.spec).ports).map(asRecord));
}

/** The Roles a RoleBinding in `nsKey` may refer to by `name`: its namespace's, and namespace-less ones of a manifest set (as Polaris looks them up). */
export function rolesNamed(indexes: ObjectIndexes, nsKey: string, name: string): RoleView[] {
  const own = indexes.roles.get(`${nsKey}/${name}`) ?? [];
  return nsKey === '' ? own : [...own, ...(indexes.roles.get(`/${name}`) ?? [])];
}
