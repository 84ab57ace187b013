import { z } from 'zod';
import { idText } from '../lib/text';

// Production-readiness engine: shared vocabulary (check ids, areas, severities),
// the team configuration file and the shapes the engine takes and returns.

export const AREAS = ['reliability', 'observability', 'security', 'resources', 'gitops', 'operations'] as const;
export type Area = (typeof AREAS)[number];

export const AREA_LABELS: Record<Area, string> = {
  reliability: 'Reliability',
  observability: 'Observability',
  security: 'Security',
  resources: 'Resource management',
  gitops: 'GitOps & CI/CD',
  operations: 'Operations',
};

// Ordered by weight: a failed danger blocks a release by default, a failed warning only lowers the score.
export const SEVERITIES = ['warning', 'danger'] as const;
export type Severity = (typeof SEVERITIES)[number];
const severitySchema = z.enum(SEVERITIES);

// Polaris' RBAC and ConfigMap checks (security area), judged on the RBAC objects and ConfigMaps themselves.
const RBAC_CHECK_IDS = [
  'clusterrolePodExecAttach',
  'rolePodExecAttach',
  'clusterrolebindingPodExecAttach',
  'rolebindingClusterRolePodExecAttach',
  'rolebindingRolePodExecAttach',
  'clusterrolebindingClusterAdmin',
  'rolebindingClusterAdminClusterRole',
  'rolebindingClusterAdminRole',
  'sensitiveConfigmapContent',
] as const;

// kube-score's checks under kube-score's names, in their own namespace so they never
// collide with a Polaris or Runwell id (docs/readiness.md, "kube-score checks").
const KUBE_SCORE_CHECK_IDS = [
  'kube-score/pod-probes-identical',
  'kube-score/container-ephemeral-storage-request-and-limit',
  'kube-score/service-targets-pod',
  'kube-score/ingress-targets-service',
  'kube-score/stable-version',
  'kube-score/deployment-has-host-podantiaffinity',
  'kube-score/statefulset-has-host-podantiaffinity',
  'kube-score/pod-topology-spread-constraints',
  'kube-score/container-image-pull-policy',
] as const;

// Stable ids are a public contract (exemption annotations, CI configs, SARIF rule ids):
// never rename one. Polaris' ids are kept where the check is the same as Polaris'.
export const CHECK_IDS = [
  // reliability
  'deploymentMissingReplicas',
  'missingPodDisruptionBudget',
  'pdbDisruptionsIsZero',
  'topologySpreadConstraint',
  'zoneSpreadMissing',
  'livenessProbeMissing',
  'readinessProbeMissing',
  'hpaMinAvailability',
  'hpaMaxAvailability',
  'pdbMinAvailableGreaterThanHPAMinReplicas',
  'hpaBoundsConflict',
  'priorityClassNotSet',
  'pullPolicyNotAlways',
  'metadataAndInstanceMismatched',
  // observability
  'metricsNotScraped',
  'alertRulesMissing',
  'alertRunbookMissing',
  'sloMissing',
  // security
  'runAsRootAllowed',
  'privilegeEscalationAllowed',
  'notReadOnlyRootFilesystem',
  'runAsPrivileged',
  'hostNetworkSet',
  'hostPIDSet',
  'hostIPCSet',
  'hostPortSet',
  'hostProcess',
  'hostPathSet',
  'dangerousCapabilities',
  'insecureCapabilities',
  'linuxHardening',
  'procMount',
  'sensitiveContainerEnvVar',
  'tagNotSpecified',
  'missingNetworkPolicy',
  'tlsSettingsMissing',
  'automountServiceAccountToken',
  // resources
  'cpuRequestsMissing',
  'memoryRequestsMissing',
  'memoryLimitsMissing',
  'cpuLimitsMissing',
  // gitops
  'gitOpsManagerMissing',
  'imageRegistryNotAllowed',
  // operations
  'ownerTeamMissing',
  'runbookLinkMissing',
  'onCallMissing',
  'tierMissing',
  'requiredAnnotationsMissing',
  ...RBAC_CHECK_IDS,
  ...KUBE_SCORE_CHECK_IDS,
] as const;
export type CheckId = (typeof CHECK_IDS)[number];
export const checkIdSchema = z.enum(CHECK_IDS, { message: 'Unknown check id' });

// ---------------------------------------------------------------- input objects

/** The part of Kubernetes' ObjectMeta the engine reads. */
interface KubeMetadata {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ apiVersion?: string; kind?: string; name?: string; controller?: boolean }>;
}

/**
 * Any Kubernetes object as it appears in a manifest or in an API list response
 * (`kind` filled in). The engine only reads it, defensively: manifests are
 * unvalidated input.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: KubeMetadata;
  [field: string]: unknown;
}

/** Where an object came from; absent for objects of the live inventory. */
interface SourceLocation {
  file: string;
  line: number;
}

export interface InventoryItem {
  object: KubeObject;
  source?: SourceLocation;
}

export interface ObjectRef {
  apiVersion?: string;
  kind: string;
  /** null or absent: cluster-scoped, or a manifest without metadata.namespace. */
  namespace?: string | null;
  name: string;
}

/** A time-bound exemption (from the UI, or the config file); ignored once expiresAt <= now. */
export interface TimedExemption {
  objectRef: ObjectRef;
  checkId: string;
  expiresAt: Date;
  reason?: string;
}

/** An SLO known outside the manifests (Runwell's own SLO list, later). */
export interface KnownSlo {
  namespace?: string | null;
  service: string;
}

// ---------------------------------------------------------------- results

export interface CheckResult {
  id: CheckId;
  area: Area;
  severity: Severity;
  passed: boolean;
  message: string;
  exempt?: true;
}

export interface ScoreCounts {
  /** Passed checks, exempted ones included (Polaris counts them as passed too). */
  passed: number;
  exempt: number;
  failedWarnings: number;
  failedDangers: number;
  /** 2S / (2S + W + 2D) x 100, floored; 100 when nothing applies. */
  score: number;
}

export interface ObjectReport {
  apiVersion: string;
  kind: string;
  namespace: string | null;
  name: string;
  file: string | null;
  line: number | null;
  team: string | null;
  checks: CheckResult[];
  score: number;
}

export interface ReadinessReport {
  score: number;
  totals: ScoreCounts;
  byArea: Record<Area, ScoreCounts>;
  byNamespace: Record<string, ScoreCounts>;
  byTeam: Record<string, ScoreCounts>;
  objects: ObjectReport[];
}

// ---------------------------------------------------------------- team configuration file

const CPU_LIMIT_POLICIES = ['off', 'warning', 'danger'] as const;
// A bare date means "through the end of that day (UTC)", which is what people mean
// when they write `expiresAt: 2026-12-31`.
const expiryDateSchema = z.union([z.iso.datetime({ offset: true }), z.iso.date()], {
  message: 'Use an ISO date (2026-12-31) or date-time (2026-12-31T18:00:00Z)',
}).transform((value) =>
  value.length === 10 ? new Date(Date.parse(`${value}T00:00:00Z`) + 24 * 3600 * 1000) : new Date(value),
);

// Annotation keys: optional DNS prefix, then a name of up to 63 characters.
const annotationKeySchema = z
  .string()
  .regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/, 'Not a valid annotation key');

const DEFAULT_KUBERNETES_VERSION = '1.18';
export const kubernetesVersionSchema = z
  .string()
  .trim()
  .regex(/^v?1\.\d{1,3}(\.\d+)?$/, 'Use a Kubernetes version such as 1.29 or v1.29')
  .transform((v) => v.replace(/^v/, '').split('.').slice(0, 2).join('.'));

const configExemptionSchema = z.strictObject({
  kind: idText(),
  namespace: idText().optional(),
  name: idText(),
  checks: z.array(checkIdSchema).min(1),
  expiresAt: expiryDateSchema,
  reason: z.string().optional(),
});

/**
 * A standing exemption by pattern (what Polaris' config exemptions express): every
 * object in `namespace` (any, when absent) whose name starts with one of `names`
 * (any, when absent) is exempt from `checks` (every check, when absent). With
 * `containers`, only those containers are: a check that fails on other containers
 * of the workload still fails (Polaris' containerNames, e.g. a service-mesh sidecar).
 */
const patternExemptionSchema = z.strictObject({
  namespace: idText().optional(),
  names: z.array(idText()).min(1).optional(),
  containers: z.array(idText()).min(1).optional(),
  checks: z.array(checkIdSchema).min(1).optional(),
});
export type PatternExemption = z.output<typeof patternExemptionSchema>;

export const readinessConfigSchema = z.strictObject({
  /** Per-check severity overrides. */
  severity: z.partialRecord(checkIdSchema, severitySchema).default({}),
  /** Checks that are not evaluated at all (not reported, not scored). */
  disabled: z.array(checkIdSchema).default([]),
  /** Registry or repository prefixes images may come from; empty = any (the check is then not reported). */
  allowedRegistries: z.array(z.string().trim().min(1)).default([]),
  /** Extra annotations every workload must carry (label or annotation with that key). */
  requiredAnnotations: z.array(annotationKeySchema).default([]),
  /** cpuLimitsMissing: off by default (see docs/readiness.md, "CPU limits"). */
  cpuLimits: z.enum(CPU_LIMIT_POLICIES).default('off'),
  exemptions: z.array(configExemptionSchema).default([]),
  /** Target Kubernetes version of kube-score/stable-version ("1.29" or "v1.29"); kube-score's default is v1.18. */
  kubernetesVersion: kubernetesVersionSchema.default(DEFAULT_KUBERNETES_VERSION),
  /** Standing exemptions by namespace / name prefix (no expiry); Polaris configs become these. */
  patternExemptions: z.array(patternExemptionSchema).default([]),
  /** false: runwell.io/exempt and polaris.fairwinds.com/*-exempt annotations are ignored (Polaris' disallowAnnotationExemptions). */
  annotationExemptions: z.boolean().default(true),
});

export type ReadinessConfig = z.output<typeof readinessConfigSchema>;

export const DEFAULT_CONFIG: ReadinessConfig = readinessConfigSchema.parse({});
