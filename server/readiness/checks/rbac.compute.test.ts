import { describe, expect, it } from 'vitest';
import { type CheckRow, expectCheck, NS } from '../fixtures/builders';
import type { KubeObject } from '../readiness.schema';
import { grantsEverything, grantsExecAttach, isSensitiveKey } from './rbac.compute';

// Success and failure manifests written for Runwell, after the cases Polaris' own
// test suite covers (test/checks/<id>/success|failure.*.yaml): defaults, wildcards
// in each position, missing roles, bindings of the other role kind.

const RBAC = 'rbac.authorization.k8s.io/v1';
type Rule = Record<string, unknown>;

const clusterRole = (name: string, rules?: Rule[]): KubeObject => ({ apiVersion: RBAC, kind: 'ClusterRole', metadata: { name }, ...(rules ? { rules } : {}) });
const role = (name: string, rules?: Rule[], namespace: string | undefined = NS): KubeObject => ({
  apiVersion: RBAC,
  kind: 'Role',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...(rules ? { rules } : {}),
});
const ref = (kind: string, name: string, apiGroup = 'rbac.authorization.k8s.io') => ({ ...(apiGroup ? { apiGroup } : {}), kind, name });
const subjects = [{ kind: 'Group', name: 'developers', apiGroup: 'rbac.authorization.k8s.io' }];
const crb = (name: string, roleRef: Record<string, string>): KubeObject => ({ apiVersion: RBAC, kind: 'ClusterRoleBinding', metadata: { name }, subjects, roleRef });
const rb = (name: string, roleRef: Record<string, string>): KubeObject => ({ apiVersion: RBAC, kind: 'RoleBinding', metadata: { name, namespace: NS }, subjects, roleRef });

const EXEC: Rule = { apiGroups: [''], resources: ['pods/exec'], verbs: ['create'] };
const ATTACH_GET: Rule = { apiGroups: [''], resources: ['pods/attach'], verbs: ['get'] };
const READ_PODS: Rule = { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list', 'watch'] };
const EXEC_LIST_ONLY: Rule = { apiGroups: [''], resources: ['pods/exec'], verbs: ['list', 'watch'] };
const STAR: Rule = { apiGroups: ['*'], resources: ['*'], verbs: ['*'] };
const SEVEN: Rule = { apiGroups: ['*'], resources: ['*'], verbs: ['delete', 'get', 'list', 'watch', 'create', 'update', 'patch'] };
const APPS_ONLY: Rule = { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] };

const on = (kind: string, name: string) => ({ kind, name });

const table: Record<string, CheckRow[]> = {
  clusterrolePodExecAttach: [
    { label: 'read-only pods', objects: [clusterRole('reader', [READ_PODS])], expected: true, ...on('ClusterRole', 'reader') },
    { label: 'exec, explicit', objects: [clusterRole('shell', [READ_PODS, EXEC])], expected: false, message: /rule 2: apiGroups \[""\], resources \[pods\/exec\], verbs \[create\]/, ...on('ClusterRole', 'shell') },
    { label: 'attach with get (web socket)', objects: [clusterRole('shell', [ATTACH_GET])], expected: false, ...on('ClusterRole', 'shell') },
    { label: 'exec with wrong verbs', objects: [clusterRole('shell', [EXEC_LIST_ONLY])], expected: true, ...on('ClusterRole', 'shell') },
    { label: 'resource wildcard', objects: [clusterRole('shell', [{ apiGroups: [''], resources: ['*'], verbs: ['get'] }])], expected: false, ...on('ClusterRole', 'shell') },
    { label: 'apiGroup wildcard', objects: [clusterRole('shell', [{ apiGroups: ['*'], resources: ['pods/exec'], verbs: ['create'] }])], expected: false, ...on('ClusterRole', 'shell') },
    { label: 'other API group only', objects: [clusterRole('apps', [APPS_ONLY])], expected: true, ...on('ClusterRole', 'apps') },
    { label: 'default edit role', objects: [clusterRole('edit', [EXEC])], expected: true, message: /Default/, ...on('ClusterRole', 'edit') },
    { label: 'system: prefix', objects: [clusterRole('system:node', [STAR])], expected: true, ...on('ClusterRole', 'system:node') },
    { label: 'no rules field', objects: [clusterRole('empty')], expected: false, message: /no rules field/, ...on('ClusterRole', 'empty') },
    { label: 'non-resource rule only', objects: [clusterRole('health', [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }])], expected: true, ...on('ClusterRole', 'health') },
  ],
  rolePodExecAttach: [
    { label: 'read-only pods', objects: [role('reader', [READ_PODS])], expected: true, ...on('Role', 'reader') },
    { label: 'exec', objects: [role('shell', [EXEC])], expected: false, ...on('Role', 'shell') },
    { label: 'all wildcards', objects: [role('shell', [STAR])], expected: false, ...on('Role', 'shell') },
    { label: 'a Role named edit is judged (only ClusterRole defaults are spared)', objects: [role('edit', [EXEC])], expected: false, ...on('Role', 'edit') },
    { label: 'system: prefix', objects: [role('system:controller:bootstrap-signer', [EXEC])], expected: true, ...on('Role', 'system:controller:bootstrap-signer') },
  ],
  clusterrolebindingPodExecAttach: [
    { label: 'binds a read-only role', objects: [clusterRole('reader', [READ_PODS]), crb('devs', ref('ClusterRole', 'reader'))], expected: true, ...on('ClusterRoleBinding', 'devs') },
    { label: 'binds an exec role', objects: [clusterRole('shell', [EXEC]), crb('devs', ref('ClusterRole', 'shell'))], expected: false, message: /ClusterRole "shell" rule 1/, ...on('ClusterRoleBinding', 'devs') },
    { label: 'role missing from the set', objects: [crb('devs', ref('ClusterRole', 'ghost'))], expected: false, message: /"ghost" it references does not exist/, ...on('ClusterRoleBinding', 'devs') },
    { label: 'binds edit (not spared for bindings)', objects: [clusterRole('edit', [EXEC]), crb('devs', ref('ClusterRole', 'edit'))], expected: false, ...on('ClusterRoleBinding', 'devs') },
    { label: 'binds view, not looked up', objects: [crb('devs', ref('ClusterRole', 'view'))], expected: true, ...on('ClusterRoleBinding', 'devs') },
    { label: 'system: binding', objects: [crb('system:node', ref('ClusterRole', 'ghost'))], expected: true, ...on('ClusterRoleBinding', 'system:node') },
    { label: 'binding named cluster-admin', objects: [crb('cluster-admin', ref('ClusterRole', 'cluster-admin'))], expected: true, ...on('ClusterRoleBinding', 'cluster-admin') },
    { label: 'roleRef without apiGroup', objects: [clusterRole('reader', [READ_PODS]), crb('devs', ref('ClusterRole', 'reader', ''))], expected: false, message: /roleRef must name/, ...on('ClusterRoleBinding', 'devs') },
    { label: 'one of two same-named roles passes', objects: [clusterRole('dup', [EXEC]), clusterRole('dup', [READ_PODS]), crb('devs', ref('ClusterRole', 'dup'))], expected: true, ...on('ClusterRoleBinding', 'devs') },
  ],
  rolebindingClusterRolePodExecAttach: [
    { label: 'binds a read-only ClusterRole', objects: [clusterRole('reader', [READ_PODS]), rb('devs', ref('ClusterRole', 'reader'))], expected: true, ...on('RoleBinding', 'devs') },
    { label: 'binds edit in a namespace', objects: [clusterRole('edit', [EXEC]), rb('devs', ref('ClusterRole', 'edit'))], expected: false, ...on('RoleBinding', 'devs') },
    { label: 'binds a Role: the other check', objects: [rb('devs', ref('Role', 'shell'))], expected: true, message: /Binds a Role/, ...on('RoleBinding', 'devs') },
    { label: 'ClusterRole missing', objects: [rb('devs', ref('ClusterRole', 'ghost'))], expected: false, message: /does not exist/, ...on('RoleBinding', 'devs') },
    { label: 'system: binding', objects: [rb('system:controller:x', ref('ClusterRole', 'ghost'))], expected: true, ...on('RoleBinding', 'system:controller:x') },
  ],
  rolebindingRolePodExecAttach: [
    { label: 'binds a read-only Role', objects: [role('reader', [READ_PODS]), rb('devs', ref('Role', 'reader'))], expected: true, ...on('RoleBinding', 'devs') },
    { label: 'binds an exec Role', objects: [role('shell', [ATTACH_GET]), rb('devs', ref('Role', 'shell'))], expected: false, ...on('RoleBinding', 'devs') },
    { label: 'Role of another namespace does not count', objects: [role('reader', [READ_PODS], 'other'), rb('devs', ref('Role', 'reader'))], expected: false, message: /does not exist/, ...on('RoleBinding', 'devs') },
    { label: 'namespace-less Role of a manifest set counts', objects: [role('reader', [READ_PODS], undefined), rb('devs', ref('Role', 'reader'))], expected: true, ...on('RoleBinding', 'devs') },
    { label: 'binds a ClusterRole: the other check', objects: [rb('devs', ref('ClusterRole', 'edit'))], expected: true, ...on('RoleBinding', 'devs') },
    { label: 'ClusterRole ref without apiGroup fails here too', objects: [rb('devs', ref('ClusterRole', 'edit', ''))], expected: false, ...on('RoleBinding', 'devs') },
  ],
  clusterrolebindingClusterAdmin: [
    { label: 'binds cluster-admin', objects: [clusterRole('cluster-admin', [STAR]), crb('ops', ref('ClusterRole', 'cluster-admin'))], expected: false, message: /grants the cluster-admin ClusterRole/, ...on('ClusterRoleBinding', 'ops') },
    { label: 'binds a role with all wildcards', objects: [clusterRole('god', [STAR]), crb('ops', ref('ClusterRole', 'god'))], expected: false, message: /wildcard/, ...on('ClusterRoleBinding', 'ops') },
    { label: 'all seven verbs, any order', objects: [clusterRole('god', [SEVEN]), crb('ops', ref('ClusterRole', 'god'))], expected: false, ...on('ClusterRoleBinding', 'ops') },
    { label: 'explicit apiGroups', objects: [clusterRole('apps', [APPS_ONLY]), crb('ops', ref('ClusterRole', 'apps'))], expected: true, ...on('ClusterRoleBinding', 'ops') },
    { label: 'explicit verbs', objects: [clusterRole('ro', [{ apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] }]), crb('ops', ref('ClusterRole', 'ro'))], expected: true, ...on('ClusterRoleBinding', 'ops') },
    { label: 'default binding named cluster-admin', objects: [crb('cluster-admin', ref('ClusterRole', 'cluster-admin'))], expected: true, ...on('ClusterRoleBinding', 'cluster-admin') },
    { label: 'system: binding', objects: [crb('system:masters', ref('ClusterRole', 'cluster-admin'))], expected: true, ...on('ClusterRoleBinding', 'system:masters') },
  ],
  rolebindingClusterAdminClusterRole: [
    { label: 'binds cluster-admin in a namespace', objects: [rb('ops', ref('ClusterRole', 'cluster-admin'))], expected: false, message: /cluster-admin/, ...on('RoleBinding', 'ops') },
    { label: 'binds a wildcard ClusterRole', objects: [clusterRole('god', [STAR]), rb('ops', ref('ClusterRole', 'god'))], expected: false, ...on('RoleBinding', 'ops') },
    { label: 'binds a narrow ClusterRole', objects: [clusterRole('apps', [APPS_ONLY]), rb('ops', ref('ClusterRole', 'apps'))], expected: true, ...on('RoleBinding', 'ops') },
    { label: 'binds a Role', objects: [rb('ops', ref('Role', 'god'))], expected: true, ...on('RoleBinding', 'ops') },
  ],
  rolebindingClusterAdminRole: [
    { label: 'binds a wildcard Role', objects: [role('god', [STAR]), rb('ops', ref('Role', 'god'))], expected: false, ...on('RoleBinding', 'ops') },
    { label: 'binds a narrow Role', objects: [role('apps', [APPS_ONLY]), rb('ops', ref('Role', 'apps'))], expected: true, ...on('RoleBinding', 'ops') },
    { label: 'binds a ClusterRole', objects: [rb('ops', ref('ClusterRole', 'cluster-admin'))], expected: true, ...on('RoleBinding', 'ops') },
    { label: 'Role missing', objects: [rb('ops', ref('Role', 'ghost'))], expected: false, message: /does not exist/, ...on('RoleBinding', 'ops') },
    { label: 'Role with duplicate verbs is not the wildcard shape', objects: [role('odd', [{ apiGroups: ['*'], resources: ['*'], verbs: ['*', '*'] }]), rb('ops', ref('Role', 'odd'))], expected: true, ...on('RoleBinding', 'ops') },
  ],
  sensitiveConfigmapContent: [
    { label: 'plain settings', objects: [configMap({ LOG_LEVEL: 'info', 'app.properties': 'port=8080' })], expected: true, ...on('ConfigMap', 'settings') },
    { label: 'password key', objects: [configMap({ DB_PASSWORD: 'hunter2' })], expected: false, message: /"DB_PASSWORD"/, ...on('ConfigMap', 'settings') },
    { label: 'token key, any case', objects: [configMap({ slackToken: 'x' })], expected: false, ...on('ConfigMap', 'settings') },
    { label: 'AWS secret key name', objects: [configMap({ aws_secret_access_key: 'x' })], expected: false, ...on('ConfigMap', 'settings') },
    { label: 'Azure storage key', objects: [configMap({ AZURE_STORAGE_KEY: 'x' })], expected: false, ...on('ConfigMap', 'settings') },
    { label: 'private key in a value', objects: [configMap({ 'tls.key': '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----\n' })], expected: false, message: /private key in "tls.key"/, ...on('ConfigMap', 'settings') },
    { label: 'a certificate is not a private key', objects: [configMap({ 'ca.crt': '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n' })], expected: true, ...on('ConfigMap', 'settings') },
    { label: 'no data', objects: [configMap(undefined)], expected: true, ...on('ConfigMap', 'settings') },
    { label: 'stored summary of the live inventory', objects: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, dataSummary: { keys: ['key.pem'], privateKeyValues: ['key.pem'] } }], expected: false, message: /"key.pem"/, ...on('ConfigMap', 'settings') },
  ],
};

function configMap(data: Record<string, string> | undefined): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: NS }, ...(data ? { data } : {}) };
}

describe.each(Object.entries(table))('%s', (id, rows) => {
  it.each(rows)('$label', (row) => expectCheck(id, row));
});

describe('rule tests', () => {
  it.each([
    [EXEC, true],
    [ATTACH_GET, true],
    [{ apiGroups: [''], resources: ['pods/exec'] }, false],
    [{ apiGroups: 'x', resources: ['*'], verbs: ['*'] }, false],
    [READ_PODS, false],
  ])('grantsExecAttach %#', (rule, expected) => expect(grantsExecAttach(rule)).toBe(expected));

  it.each([
    [STAR, true],
    [SEVEN, true],
    [{ ...SEVEN, verbs: SEVEN.verbs && (SEVEN.verbs as string[]).slice(1) }, false],
    [APPS_ONLY, false],
  ])('grantsEverything %#', (rule, expected) => expect(grantsEverything(rule)).toBe(expected));

  it.each([
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['OCI_CLI_KEY_CONTENT', true],
    ['bearer', true],
    ['client-secret', true],
    ['AZURE_KEY', false],
    ['public-url', false],
  ])('isSensitiveKey(%s)', (key, expected) => expect(isSensitiveKey(key)).toBe(expected));
});
