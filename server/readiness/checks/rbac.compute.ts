import { configMapSummaryOf } from '../../lib/kube-configmap';
import { asArray, asRecord, asString, type Json } from '../../lib/kube';
import type { Subject } from '../workload.compute';
import { type RoleView, rolesNamed } from '../object-index.compute';
import type { CheckId } from '../readiness.schema';
import { type CheckContext, type CheckDefinition, fail, type Outcome, pass, quoteList } from './check.compute';

// Polaris' RBAC checks and sensitiveConfigmapContent, with Polaris' semantics
// (its JSON schemas in pkg/config/checks, re-stated here as code) and default
// severity (danger). Read docs/readiness.md, "RBAC checks", for the rules.

const RBAC_GROUP = 'rbac.authorization.k8s.io';
const CALICO_PSP = 'gce:podsecuritypolicy:calico-sa';

/** Names Polaris leaves alone: Kubernetes' own objects (system:*) and GKE's calico binding. */
const isSystemName = (name: string) => name.startsWith('system:') || name === CALICO_PSP;
/** ClusterRoleBindings Polaris leaves alone: the above plus the default `cluster-admin` binding. */
const isDefaultClusterBinding = (name: string) => name === 'cluster-admin' || isSystemName(name);
/** ClusterRoles clusterrolePodExecAttach leaves alone: Kubernetes' user-facing defaults allow exec by design. */
const isDefaultExecClusterRole = (name: string) => ['admin', 'cluster-admin', 'edit'].includes(name) || isSystemName(name);

const strings = (value: unknown): string[] | null => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : null);

/** A rule granting exec or attach: core (or any) group, pods/exec, pods/attach or any resource, and get, create or any verb (a `get` opens the exec web socket). */
export function grantsExecAttach(rule: Json): boolean {
  const groups = strings(rule.apiGroups);
  const resources = strings(rule.resources);
  const verbs = strings(rule.verbs);
  if (!groups || !resources || !verbs) return false;
  return (
    groups.some((g) => g === '' || g === '*') &&
    resources.some((r) => r === '*' || r === 'pods/exec' || r === 'pods/attach') &&
    verbs.some((v) => v === '*' || v === 'get' || v === 'create')
  );
}

const ALL_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete']);

/** A cluster-admin-like rule: any group, any resource, and any verb (`*`, or all seven of get..delete without repeats). */
export function grantsEverything(rule: Json): boolean {
  const groups = strings(rule.apiGroups);
  const resources = strings(rule.resources);
  const verbs = strings(rule.verbs);
  if (!groups || !resources || !Array.isArray(rule.verbs) || !verbs) return false;
  if (!groups.includes('*') || !resources.includes('*')) return false;
  // Polaris' schema demands unique verbs; a list with a repeat does not match it.
  if (new Set(rule.verbs as unknown[]).size !== rule.verbs.length) return false;
  if (verbs.includes('*')) return true;
  return rule.verbs.length >= 7 && rule.verbs.every((v) => typeof v === 'string' && ALL_VERBS.has(v));
}

type RuleTest = (rule: Json) => boolean;

/** Index (1-based) of the first offending rule; 0 when none; -1 when `rules` is not a list of objects. */
function offendingRule(rules: unknown, bad: RuleTest): number {
  if (!Array.isArray(rules)) return -1;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule)) return -1;
    if (bad(rule as Json)) return i + 1;
  }
  return 0;
}

function describeRule(rules: unknown, index: number): string {
  const rule = asRecord(asArray(rules)[index - 1]);
  const list = (v: unknown) => `[${(strings(v) ?? []).map((s) => (s === '' ? '""' : s)).join(', ')}]`;
  return `rule ${index}: apiGroups ${list(rule.apiGroups)}, resources ${list(rule.resources)}, verbs ${list(rule.verbs)}`;
}

// ---------------------------------------------------------------- roles

function roleCheck(
  id: CheckId,
  kind: 'ClusterRole' | 'Role',
  isDefault: (name: string) => boolean,
): CheckDefinition {
  return {
    id,
    area: 'security',
    severity: 'danger',
    kinds: [kind],
    target: 'object',
    polaris: true,
    title: `The ${kind} does not allow pods/exec or pods/attach`,
    passes: `no rule grants \`get\`, \`create\` or \`*\` on \`pods/exec\`, \`pods/attach\` or \`*\` in the core (or \`*\`) API group; ${kind === 'ClusterRole' ? '`admin`, `edit`, `cluster-admin`, ' : ''}\`system:*\` and \`${CALICO_PSP}\` pass`,
    passMessage: `The ${kind} does not allow pods/exec or pods/attach`,
    failMessage: `The ${kind} allows pods/exec or pods/attach`,
    fix: `rules:\n  - apiGroups: [""]\n    resources: ["pods", "pods/log"]   # not pods/exec, pods/attach or *\n    verbs: ["get", "list", "watch"]\n`,
    evaluate: (subject) => {
      const object = subject.item.object;
      // Polaris' schema requires the rules field even of the objects it leaves alone.
      if (!Object.hasOwn(object, 'rules')) return fail(`The ${kind} has no rules field`);
      if (isDefault(subject.name)) return pass(`Default ${kind} "${subject.name}" is not judged`);
      const index = offendingRule(object.rules, grantsExecAttach);
      if (index === -1) return fail(`The ${kind}'s rules are not a list of rules`);
      return index === 0 ? pass() : fail(`The ${kind} allows pods/exec or pods/attach (${describeRule(object.rules, index)})`);
    },
  };
}

// ---------------------------------------------------------------- bindings

interface BindingRule {
  id: CheckId;
  binding: 'ClusterRoleBinding' | 'RoleBinding';
  /** The roleRef kind this check judges; bindings to the other kind pass. */
  roleKind: 'ClusterRole' | 'Role';
  what: 'exec' | 'admin';
}

function roleRefOf(subject: Subject): { apiGroup?: string; kind?: string; name?: string } {
  const ref = asRecord(subject.item.object.roleRef);
  return { apiGroup: asString(ref.apiGroup), kind: asString(ref.kind), name: asString(ref.name) };
}

function candidates(rule: BindingRule, subject: Subject, name: string, ctx: CheckContext): RoleView[] {
  const indexes = ctx.inventory.objects;
  return rule.roleKind === 'ClusterRole' ? (indexes.clusterRoles.get(name) ?? []) : rolesNamed(indexes, subject.nsKey, name);
}

/** Polaris' schema on the binding itself: a default binding, a binding to the other kind of role, or a well-formed roleRef. */
function bindingShapeOutcome(rule: BindingRule, subject: Subject): Outcome {
  const ref = roleRefOf(subject);
  const wellFormed = (kind: string) => ref.apiGroup === RBAC_GROUP && ref.kind === kind && !!ref.name;
  const clusterAdmin = rule.what === 'admin' && rule.roleKind === 'ClusterRole' && ref.name === 'cluster-admin';
  if (rule.binding === 'ClusterRoleBinding') {
    if (isDefaultClusterBinding(subject.name)) return pass(`Default ClusterRoleBinding "${subject.name}" is not judged`);
  } else {
    if (isSystemName(subject.name)) return pass(`Default RoleBinding "${subject.name}" is not judged`);
    const other = rule.roleKind === 'Role' ? 'ClusterRole' : 'Role';
    // The exec check on Roles wants a ClusterRole ref spelled out (apiGroup, kind, name); the others only look at the kind.
    const otherOk = rule.roleKind === 'Role' && rule.what === 'exec'
      ? ref.apiGroup === RBAC_GROUP && ref.kind === other && ref.name !== undefined
      : ref.kind === other;
    if (otherOk) return pass(`Binds a ${other}, judged by the other RoleBinding checks`);
  }
  if (clusterAdmin) return fail(`The ${rule.binding} grants the cluster-admin ClusterRole`);
  if (!wellFormed(rule.roleKind)) return fail(`The ${rule.binding}'s roleRef must name a ${rule.roleKind} of ${RBAC_GROUP}`);
  return null;
}

function evaluateBinding(rule: BindingRule, subject: Subject, ctx: CheckContext): Outcome {
  const shape = bindingShapeOutcome(rule, subject);
  if (shape) return shape;
  const name = roleRefOf(subject).name!;
  // Polaris never looks up the read-only `view` role of a ClusterRoleBinding.
  if (rule.binding === 'ClusterRoleBinding' && name === 'view') return pass('Binds the read-only view ClusterRole');
  const roles = candidates(rule, subject, name, ctx);
  if (roles.length === 0) return fail(`The ${rule.roleKind} "${name}" it references does not exist`);
  const bad = rule.what === 'exec' ? grantsExecAttach : grantsEverything;
  let detail = '';
  for (const role of roles) {
    if (!role.hasRules) {
      detail ||= `the ${rule.roleKind} "${name}" has no rules field`;
      continue;
    }
    const index = offendingRule(role.rules, bad);
    if (index === 0) return pass();
    detail ||= index === -1 ? `the ${rule.roleKind} "${name}" has malformed rules` : `${rule.roleKind} "${name}" ${describeRule(role.rules, index)}`;
  }
  const grants = rule.what === 'exec' ? 'allows pods/exec or pods/attach' : 'has wildcard (cluster-admin) permissions';
  return fail(`The ${rule.binding} references a ${rule.roleKind} that ${grants} (${detail})`);
}

function bindingCheck(rule: BindingRule): CheckDefinition {
  const target = rule.what === 'exec' ? `a ${rule.roleKind} allowing pods/exec or pods/attach` : rule.roleKind === 'ClusterRole' ? 'the cluster-admin ClusterRole or one with wildcard permissions' : 'a Role with wildcard permissions';
  return {
    id: rule.id,
    area: 'security',
    severity: 'danger',
    kinds: [rule.binding],
    target: 'object',
    polaris: true,
    title: `The ${rule.binding} does not reference ${target}`,
    passes:
      `${rule.binding === 'RoleBinding' ? `binds a ${rule.roleKind === 'Role' ? 'ClusterRole' : 'Role'} (judged by the other check), or ` : ''}` +
      `its roleRef names an existing ${rule.roleKind} of which no rule ${rule.what === 'exec' ? 'grants exec/attach (as `' + (rule.roleKind === 'Role' ? 'rolePodExecAttach' : 'clusterrolePodExecAttach') + '`)' : 'has `*` apiGroups, `*` resources and `*` (or all seven) verbs'}` +
      `${rule.what === 'admin' && rule.roleKind === 'ClusterRole' ? ' and that is not `cluster-admin`' : ''}` +
      `; ${rule.binding === 'ClusterRoleBinding' ? '`cluster-admin`, ' : ''}\`system:*\` and \`${CALICO_PSP}\` bindings pass${rule.binding === 'ClusterRoleBinding' ? ', as do bindings of `view`' : ''}; a missing role fails`,
    passMessage: `The ${rule.binding} does not reference ${target}`,
    failMessage: `The ${rule.binding} references ${target}, or one that does not exist`,
    fix: `roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${rule.roleKind}\n  name: ${rule.what === 'exec' ? 'app-reader   # a role without pods/exec, pods/attach' : 'app-operator   # a role listing the resources and verbs it needs'}\n`,
    evaluate: (subject, ctx) => evaluateBinding(rule, subject, ctx),
  };
}

// ---------------------------------------------------------------- ConfigMaps

// Polaris' key patterns: well-known credential variables, and anything naming a password, token, bearer or secret.
const SENSITIVE_KEYS = [/^AWS_SECRET_ACCESS_KEY$/i, /^GOOGLE_APPLICATION_CREDENTIALS$/i, /^AZURE_.+KEY$/i, /^OCI_CLI_KEY_CONTENT$/i, /password/i, /token/i, /bearer/i, /secret/i];

export function isSensitiveKey(key: string): boolean {
  return SENSITIVE_KEYS.some((pattern) => pattern.test(key));
}

const sensitiveConfigmapContent: CheckDefinition = {
  id: 'sensitiveConfigmapContent',
  area: 'security',
  severity: 'danger',
  kinds: ['ConfigMap'],
  target: 'object',
  polaris: true,
  title: 'The ConfigMap holds no credential-like keys or private keys',
  passes: 'no `data` key matches AWS_SECRET_ACCESS_KEY, GOOGLE_APPLICATION_CREDENTIALS, OCI_CLI_KEY_CONTENT, AZURE_*KEY or contains password, token, bearer, secret (any case), and no value holds a PEM private key (`-----BEGIN ... PRIVATE KEY-----`)',
  passMessage: 'The ConfigMap does not contain potentially sensitive content in its keys and values',
  failMessage: 'Potentially sensitive content is detected in the ConfigMap keys or values',
  fix: '# Move credentials to a Secret and reference it:\nenv:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: { name: db, key: password }\n',
  evaluate: (subject) => {
    const summary = configMapSummaryOf(subject.item.object);
    const keys = summary.keys.filter(isSensitiveKey);
    const parts = [
      ...(keys.length ? [`credential-like ${keys.length === 1 ? 'key' : 'keys'} ${quoteList(keys)}`] : []),
      ...(summary.privateKeyValues.length ? [`a private key in ${quoteList(summary.privateKeyValues)}`] : []),
    ];
    return parts.length === 0 ? pass() : fail(`Potentially sensitive content: ${parts.join('; ')} (use a Secret)`);
  },
};

export const rbacChecks: CheckDefinition[] = [
  roleCheck('clusterrolePodExecAttach', 'ClusterRole', isDefaultExecClusterRole),
  roleCheck('rolePodExecAttach', 'Role', isSystemName),
  bindingCheck({ id: 'clusterrolebindingPodExecAttach', binding: 'ClusterRoleBinding', roleKind: 'ClusterRole', what: 'exec' }),
  bindingCheck({ id: 'rolebindingClusterRolePodExecAttach', binding: 'RoleBinding', roleKind: 'ClusterRole', what: 'exec' }),
  bindingCheck({ id: 'rolebindingRolePodExecAttach', binding: 'RoleBinding', roleKind: 'Role', what: 'exec' }),
  bindingCheck({ id: 'clusterrolebindingClusterAdmin', binding: 'ClusterRoleBinding', roleKind: 'ClusterRole', what: 'admin' }),
  bindingCheck({ id: 'rolebindingClusterAdminClusterRole', binding: 'RoleBinding', roleKind: 'ClusterRole', what: 'admin' }),
  bindingCheck({ id: 'rolebindingClusterAdminRole', binding: 'RoleBinding', roleKind: 'Role', what: 'admin' }),
  sensitiveConfigmapContent,
];
