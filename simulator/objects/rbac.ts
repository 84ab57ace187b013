// RBAC objects and a ConfigMap holding a credential by mistake, so that the
// readiness RBAC and ConfigMap checks have something real to judge: Kubernetes'
// own defaults (system:*, cluster-admin, admin/edit/view), a CI ClusterRole with
// wildcard rights bound cluster-wide, a debug Role allowing pods/exec bound in the
// first application namespace, a read-only Role, and a ConfigMap with a password.
import { isoTime } from '../plan';
import type { Prng } from '../prng';
import type { KubeObject } from '../types';

const RBAC = 'rbac.authorization.k8s.io/v1';
const GROUP = 'rbac.authorization.k8s.io';

export function rbacObjects(prng: Prng, namespaces: readonly string[], created: number): KubeObject[] {
  const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), uid: prng.uuid(), resourceVersion: '', creationTimestamp: isoTime(created) });
  const all = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
  const exec = { apiGroups: [''], resources: ['pods/exec', 'pods/attach'], verbs: ['create', 'get'] };
  const read = { apiGroups: ['', 'apps'], resources: ['pods', 'pods/log', 'deployments'], verbs: ['get', 'list', 'watch'] };
  const ns = namespaces[0] ?? 'default';
  const role = (kind: 'Role' | 'ClusterRole', name: string, rules: unknown[], namespace?: string): KubeObject => ({ apiVersion: RBAC, kind, metadata: meta(name, namespace), rules } as KubeObject);
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, roleKind: string, roleName: string, namespace?: string): KubeObject =>
    ({
      apiVersion: RBAC,
      kind,
      metadata: meta(name, namespace),
      subjects: [{ kind: 'Group', apiGroup: GROUP, name: `${name}-users` }],
      roleRef: { apiGroup: GROUP, kind: roleKind, name: roleName },
    }) as KubeObject;
  return [
    role('ClusterRole', 'cluster-admin', [all, { nonResourceURLs: ['*'], verbs: ['*'] }]),
    role('ClusterRole', 'admin', [exec, read]),
    role('ClusterRole', 'edit', [exec, read]),
    role('ClusterRole', 'view', [read]),
    role('ClusterRole', 'system:node', [read]),
    role('ClusterRole', 'ci-deployer', [all]),
    binding('ClusterRoleBinding', 'cluster-admin', 'ClusterRole', 'cluster-admin'),
    binding('ClusterRoleBinding', 'ci-deployer', 'ClusterRole', 'ci-deployer'),
    binding('ClusterRoleBinding', 'viewers', 'ClusterRole', 'view'),
    role('Role', 'debug-shell', [exec], ns),
    role('Role', 'reader', [read], ns),
    binding('RoleBinding', 'debug-shell', 'Role', 'debug-shell', ns),
    binding('RoleBinding', 'readers', 'Role', 'reader', ns),
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: meta('legacy-settings', ns),
      data: { LOG_LEVEL: 'info', DB_PASSWORD: 'not-a-real-password' },
    } as KubeObject,
  ];
}
