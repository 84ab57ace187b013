import { stringify } from 'yaml';
import type { CheckDefinition } from './checks/registry.compute';
import { ONCALL_KEYS, RUNBOOK_KEYS, TEAM_KEYS, TIER_KEY, TIERS, EXEMPT_ANNOTATION, POLARIS_EXEMPT_PREFIX } from '../lib/kube-conventions';
import type { Json } from '../lib/kube';
import type { ActiveCheck } from './readiness.compute';
import type { CheckId, ReadinessConfig } from './readiness.schema';

// `runwell check --export kyverno`: the checks a Kyverno validate pattern can express,
// as ClusterPolicies for admission (Enforce) or background reports (Audit). Cross-object
// checks (PDB, NetworkPolicy, HPA, monitors, SLOs) cannot be patterns and are not exported.

export const KYVERNO_ACTIONS = ['Audit', 'Enforce'] as const;
export type KyvernoAction = (typeof KYVERNO_ACTIONS)[number];

/** Pattern(s) on a pod spec; anyPattern when several shapes pass. */
type PodRule = ({ on: 'podSpec'; pattern: Json } | { on: 'podSpec'; anyPattern: Json[] }) & { hint?: string };
/** Alternatives on the object's own metadata (labels/annotations); `hint` replaces the engine's "passes" text. */
type MetadataRule = { on: 'metadata'; anyPattern: Json[]; hint: string };
type KyvernoShape = PodRule | MetadataRule;

const everyContainer = (containerPattern: Json, optionalInit = true): Json => ({
  ...(optionalInit ? { '=(initContainers)': [containerPattern] } : {}),
  containers: [containerPattern],
});

const resource = (section: 'requests' | 'limits', name: 'cpu' | 'memory'): PodRule => ({
  on: 'podSpec',
  pattern: everyContainer({ resources: { [section]: { [name]: '?*' } } }, false),
});

// Kyverno sees only the object, not its Namespace: stricter than the engine.
const metadataKeys = (keys: readonly string[], value = '?*'): MetadataRule => ({
  on: 'metadata',
  hint: `set one of these labels or annotations on the object: ${keys.join(', ')}${value === '?*' ? '' : ` (value: ${value})`}`,
  anyPattern: keys.flatMap((key) => [
    { metadata: { annotations: { [key]: value } } },
    { metadata: { labels: { [key]: value } } },
  ]),
});

/**
 * Kyverno's own sample patterns where one exists. Probe patterns require
 * periodSeconds > 0, which the API server defaults before admission; runAsRootAllowed
 * accepts runAsNonRoot only (stricter than the engine, which also accepts runAsUser > 0);
 * automountServiceAccountToken cannot see the ServiceAccount.
 */
const SHAPES: Partial<Record<CheckId, KyvernoShape[]>> = {
  livenessProbeMissing: [{ on: 'podSpec', pattern: everyContainer({ livenessProbe: { periodSeconds: '>0' } }, false) }],
  readinessProbeMissing: [{ on: 'podSpec', pattern: everyContainer({ readinessProbe: { periodSeconds: '>0' } }, false) }],
  priorityClassNotSet: [{ on: 'podSpec', pattern: { priorityClassName: '?*' } }],
  pullPolicyNotAlways: [{ on: 'podSpec', pattern: everyContainer({ imagePullPolicy: 'Always' }) }],
  runAsRootAllowed: [
    {
      on: 'podSpec',
      anyPattern: [
        {
          securityContext: { runAsNonRoot: true },
          ...everyContainer({ '=(securityContext)': { '=(runAsNonRoot)': true } }),
        },
        everyContainer({ securityContext: { runAsNonRoot: true } }),
      ],
      hint: 'set runAsNonRoot: true in the pod security context or in every container',
    },
  ],
  privilegeEscalationAllowed: [
    { on: 'podSpec', pattern: everyContainer({ securityContext: { allowPrivilegeEscalation: 'false' } }) },
  ],
  notReadOnlyRootFilesystem: [
    { on: 'podSpec', pattern: everyContainer({ securityContext: { readOnlyRootFilesystem: true } }) },
  ],
  runAsPrivileged: [
    { on: 'podSpec', pattern: everyContainer({ '=(securityContext)': { '=(privileged)': 'false' } }) },
  ],
  hostNetworkSet: [{ on: 'podSpec', pattern: { '=(hostNetwork)': 'false' } }],
  hostPIDSet: [{ on: 'podSpec', pattern: { '=(hostPID)': 'false' } }],
  hostIPCSet: [{ on: 'podSpec', pattern: { '=(hostIPC)': 'false' } }],
  hostPathSet: [{ on: 'podSpec', pattern: { '=(volumes)': [{ 'X(hostPath)': 'null' }] } }],
  // Two rules, as in Kyverno's disallow-latest-tag: a tag (or digest) must exist, and not be latest.
  tagNotSpecified: [
    { on: 'podSpec', pattern: everyContainer({ image: '*:*' }) },
    { on: 'podSpec', pattern: everyContainer({ image: '!*:latest' }) },
  ],
  automountServiceAccountToken: [
    {
      on: 'podSpec',
      pattern: { automountServiceAccountToken: false },
      hint: 'set automountServiceAccountToken: false on the pod spec',
    },
  ],
  cpuRequestsMissing: [resource('requests', 'cpu')],
  memoryRequestsMissing: [resource('requests', 'memory')],
  memoryLimitsMissing: [resource('limits', 'memory')],
  cpuLimitsMissing: [resource('limits', 'cpu')],
  ownerTeamMissing: [metadataKeys(TEAM_KEYS)],
  runbookLinkMissing: [metadataKeys(RUNBOOK_KEYS)],
  onCallMissing: [metadataKeys(ONCALL_KEYS)],
  tierMissing: [metadataKeys([TIER_KEY], TIERS.join(' | '))],
};
/** Where each workload kind keeps its pod spec. */
const POD_SPEC_PATHS: Record<string, string[]> = {
  Pod: ['spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function nest(path: readonly string[], leaf: Json): Json {
  return path.reduceRight<Json>((inner, key) => ({ [key]: inner }), leaf);
}

function kebab(id: string): string {
  return id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/([A-Z])([A-Z][a-z])/g, '$1-$2').toLowerCase();
}

// The engine evaluates pod templates, not the pods (ReplicaSets, Jobs) controllers
// create; every rule therefore only takes objects without a controlling owner, so each
// violation is reported once, on the object people edit.
const NOT_CONTROLLED = {
  all: [
    {
      key: '{{ request.object.metadata.ownerReferences || `[]` | [?controller] | length(@) }}',
      operator: 'Equals',
      value: 0,
    },
  ],
};

function exclusions(id: string): Json {
  return {
    any: [
      { resources: { annotations: { [EXEMPT_ANNOTATION]: `*${id}*` } } },
      { resources: { annotations: { [`${POLARIS_EXEMPT_PREFIX}${id}-exempt`]: 'true' } } },
      { resources: { annotations: { [`${POLARIS_EXEMPT_PREFIX}exempt`]: 'true' } } },
    ],
  };
}

function rulesFor(check: CheckDefinition, shapes: KyvernoShape[], message: string): Json[] {
  const rules: Json[] = [];
  const kinds = check.kinds.filter((k) => POD_SPEC_PATHS[k]);
  shapes.forEach((shape, shapeIndex) => {
    const suffix = shapes.length > 1 ? `-${shapeIndex + 1}` : '';
    const base = { exclude: exclusions(check.id), preconditions: NOT_CONTROLLED };
    if (shape.on === 'metadata') {
      rules.push({
        name: `${kebab(check.id)}${suffix}`,
        match: { any: [{ resources: { kinds } }] },
        ...base,
        validate: { message, anyPattern: shape.anyPattern },
      });
      return;
    }
    const groups: Array<{ name: string; kinds: string[]; path: string[] }> = [];
    if (kinds.includes('Pod')) groups.push({ name: 'pod', kinds: ['Pod'], path: POD_SPEC_PATHS.Pod! });
    const templated = kinds.filter((k) => k !== 'Pod' && k !== 'CronJob');
    if (templated.length > 0) groups.push({ name: 'controllers', kinds: templated, path: POD_SPEC_PATHS.Deployment! });
    if (kinds.includes('CronJob')) groups.push({ name: 'cronjob', kinds: ['CronJob'], path: POD_SPEC_PATHS.CronJob! });
    for (const group of groups) {
      const validate =
        'pattern' in shape
          ? { message, pattern: nest(group.path, shape.pattern) }
          : { message, anyPattern: shape.anyPattern.map((p) => nest(group.path, p)) };
      rules.push({
        name: `${kebab(check.id)}${suffix}-${group.name}`,
        match: { any: [{ resources: { kinds: group.kinds } }] },
        ...base,
        validate,
      });
    }
  });
  return rules;
}

export interface KyvernoExportOptions {
  action: KyvernoAction;
  config: ReadinessConfig;
}

/** One ClusterPolicy per exportable active check, as a multi-document YAML stream. */
export function exportKyvernoPolicies(checks: readonly ActiveCheck[], options: KyvernoExportOptions): string {
  const policies: Json[] = [];
  for (const { check, severity } of checks) {
    let shapes = SHAPES[check.id];
    if (check.id === 'requiredAnnotationsMissing') {
      if (options.config.requiredAnnotations.length === 0) continue;
      const annotations = Object.fromEntries(options.config.requiredAnnotations.map((key) => [key, '?*']));
      shapes = [
        {
          on: 'metadata',
          anyPattern: [{ metadata: { annotations } }],
          hint: `set these annotations on the object: ${options.config.requiredAnnotations.join(', ')}`,
        },
      ];
    }
    if (!shapes) continue;
    const first = shapes[0]!;
    const how = first.hint ?? `passes when ${check.passes.replace(/`/g, '')}`;
    const message = `${check.failMessage}. ${how[0]!.toUpperCase()}${how.slice(1)}. Exempt with ${EXEMPT_ANNOTATION}: "${check.id}".`;
    policies.push({
      apiVersion: 'kyverno.io/v1',
      kind: 'ClusterPolicy',
      metadata: {
        name: `runwell-${kebab(check.id)}`,
        annotations: {
          'policies.kyverno.io/title': check.title,
          'policies.kyverno.io/category': `Runwell ${check.area}`,
          'policies.kyverno.io/severity': severity === 'danger' ? 'high' : 'medium',
          'policies.kyverno.io/subject': check.kinds.join(','),
          'policies.kyverno.io/description': `${check.failMessage}. Generated by runwell check --export kyverno from check ${check.id}.`,
          // Rules name every kind themselves; Kyverno's Pod-to-controller autogen would duplicate them.
          'pod-policies.kyverno.io/autogen-controllers': 'none',
          'runwell.io/check': check.id,
        },
      },
      spec: {
        validationFailureAction: options.action,
        background: true,
        rules: rulesFor(check, shapes, message),
      },
    });
  }
  return policies.map((p) => `---\n${stringify(p, { lineWidth: 0, aliasDuplicateObjects: false })}`).join('');
}
