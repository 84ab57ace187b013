import { z } from 'zod';
import { CHECKS } from './checks/registry.compute';
import { CHECK_IDS, type CheckId, type PatternExemption, type ReadinessConfig, readinessConfigSchema, type Severity } from './readiness.schema';

// Polaris' own config file (`polaris audit --config`), read as a Runwell config so a
// team can switch with the file it has (docs/readiness.md, "Polaris config files").

/** Every check id Polaris ships (pkg/config/checks), for telling "a Polaris check" from a typo. */
export const POLARIS_CHECK_IDS = [
  'automountServiceAccountToken', 'clusterrolePodExecAttach', 'clusterrolebindingClusterAdmin', 'clusterrolebindingPodExecAttach',
  'cpuLimitsMissing', 'cpuRequestsMissing', 'dangerousCapabilities', 'deploymentMissingReplicas', 'hostIPCSet', 'hostNetworkSet',
  'hostPIDSet', 'hostPathSet', 'hostPortSet', 'hostProcess', 'hpaMaxAvailability', 'hpaMinAvailability', 'insecureCapabilities',
  'linuxHardening', 'livenessProbeMissing', 'memoryLimitsMissing', 'memoryRequestsMissing', 'metadataAndInstanceMismatched',
  'missingNetworkPolicy', 'missingPodDisruptionBudget', 'notReadOnlyRootFilesystem', 'pdbDisruptionsIsZero',
  'pdbMinAvailableGreaterThanHPAMinReplicas', 'priorityClassNotSet', 'privilegeEscalationAllowed', 'procMount',
  'pullPolicyNotAlways', 'readinessProbeMissing', 'rolePodExecAttach', 'rolebindingClusterAdminClusterRole',
  'rolebindingClusterAdminRole', 'rolebindingClusterRolePodExecAttach', 'rolebindingRolePodExecAttach', 'runAsPrivileged',
  'runAsRootAllowed', 'sensitiveConfigmapContent', 'sensitiveContainerEnvVar', 'tagNotSpecified', 'tlsSettingsMissing',
  'topologySpreadConstraint',
] as const;

/**
 * Ids of older Polaris releases, still in config files written for them (Polaris'
 * own examples/config.yaml carried the first two until 8.5.4). A pure rename is
 * read as the current id; an id whose check changed meaning when it was retired is
 * accepted with no effect, like the Polaris checks Runwell does not implement.
 */
export const POLARIS_RENAMED_IDS: Readonly<Record<string, CheckId>> = {
  multipleReplicasForDeployment: 'deploymentMissingReplicas',
  notReadOnlyRootFileSystem: 'notReadOnlyRootFilesystem',
};
// metadataAndNameMismatched compared app.kubernetes.io/name (its successor reads
// app.kubernetes.io/instance); pdbDisruptionsAllowedGreaterThanZero read a PDB's
// status (its successor pdbDisruptionsIsZero reads the spec).
const POLARIS_RETIRED_IDS = ['metadataAndNameMismatched', 'pdbDisruptionsAllowedGreaterThanZero'];

const KNOWN = new Set<string>([...POLARIS_CHECK_IDS, ...CHECK_IDS, ...Object.keys(POLARIS_RENAMED_IDS), ...POLARIS_RETIRED_IDS]);
const RUNWELL_IDS = new Set<string>(CHECK_IDS);
const currentId = (id: string): string => POLARIS_RENAMED_IDS[id] ?? id;

const UNKNOWN_ID = 'Unknown check id (neither a Polaris nor a Runwell check; `runwell check --list-checks` lists them)';
const checkIdText = z
  .string()
  .refine((id) => KNOWN.has(id), { message: UNKNOWN_ID })
  .transform(currentId);

const exemptionSchema = z.strictObject({
  namespace: z.string().min(1).optional(),
  controllerNames: z.array(z.string().min(1)).optional(),
  containerNames: z.array(z.string().min(1)).optional(),
  rules: z.array(checkIdText).optional(),
});

export const polarisConfigSchema = z.strictObject({
  displayName: z.string().optional(),
  checks: z
    .record(z.string(), z.enum(['ignore', 'warning', 'danger'], { message: 'Use ignore, warning or danger' }))
    .superRefine((checks, ctx) => {
      for (const id of Object.keys(checks)) {
        if (!KNOWN.has(id)) ctx.addIssue({ code: 'custom', path: [id], message: UNKNOWN_ID });
      }
    })
    // Renamed ids under their current name; the current id wins when a file has both.
    .transform((checks) => {
      const out: Record<string, 'ignore' | 'warning' | 'danger'> = {};
      for (const [id, level] of Object.entries(checks)) if (!(POLARIS_RENAMED_IDS[id] && POLARIS_RENAMED_IDS[id] in checks)) out[currentId(id)] = level;
      return out;
    }),
  customChecks: z
    .record(z.string(), z.unknown())
    .refine((checks) => Object.keys(checks).length === 0, {
      message: "custom JSON-schema checks are not supported by Runwell; remove them (and their ids from checks)",
    })
    .optional(),
  exemptions: z.array(exemptionSchema).optional(),
  disallowExemptions: z.boolean().optional(),
  disallowConfigExemptions: z.boolean().optional(),
  disallowAnnotationExemptions: z.boolean().optional(),
  // Accepted and ignored: they steer Polaris' own runs, not what a check means
  // (controllersToScan: releases before 1.0 listed the kinds to audit).
  mutations: z.array(z.string()).optional(),
  controllersToScan: z.array(z.string()).optional(),
  kubeContext: z.string().optional(),
  namespace: z.string().optional(),
});
export type PolarisConfig = z.output<typeof polarisConfigSchema>;

/** A Polaris config has a top-level `checks` map; a Runwell config never does. */
export function isPolarisConfig(raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw) && 'checks' in raw;
}

/**
 * Polaris' meaning, in Runwell's terms: a Polaris check runs only when the file lists
 * it (Polaris does not merge a --config with its defaults), with the listed severity;
 * `ignore` turns it off. Runwell's own checks keep their defaults unless listed.
 * Polaris ids Runwell does not implement are accepted and have no effect.
 */
export function polarisToReadinessConfig(polaris: PolarisConfig): ReadinessConfig {
  const severity: Partial<Record<CheckId, Severity>> = {};
  const disabled: CheckId[] = [];
  for (const check of CHECKS) {
    const level = polaris.checks[check.id];
    if (level === 'warning' || level === 'danger') severity[check.id] = level;
    else if (level === 'ignore' || (level === undefined && check.polaris)) disabled.push(check.id);
  }
  const useFileExemptions = !polaris.disallowExemptions && !polaris.disallowConfigExemptions;
  const patternExemptions: PatternExemption[] = useFileExemptions
    ? (polaris.exemptions ?? []).flatMap((e) => {
        const rules = (e.rules ?? []).filter((id): id is CheckId => RUNWELL_IDS.has(id));
        // Only unimplemented checks named: the exemption exempts nothing Runwell runs.
        if (e.rules && e.rules.length > 0 && rules.length === 0) return [];
        return [
          {
            ...(e.namespace ? { namespace: e.namespace } : {}),
            ...(e.controllerNames && e.controllerNames.length > 0 ? { names: e.controllerNames } : {}),
            ...(e.containerNames && e.containerNames.length > 0 ? { containers: e.containerNames } : {}),
            ...(rules.length > 0 ? { checks: rules } : {}),
          },
        ];
      })
    : [];
  return readinessConfigSchema.parse({
    severity,
    disabled,
    patternExemptions,
    annotationExemptions: !polaris.disallowExemptions && !polaris.disallowAnnotationExemptions,
  });
}
