// Label and annotation keys Runwell recognises on Kubernetes objects (readiness,
// the inventory's team column, the catalog mapping). Each list is in order of
// preference; the first key found wins. Documented in docs/readiness.md.

/**
 * Labels (then annotations) naming the catalog service a workload belongs to, in
 * order of preference (serviceKeyOf in kube.ts).
 */
export const SERVICE_MAP_KEYS = ['runwell.io/service', 'app.kubernetes.io/part-of', 'app.kubernetes.io/name'] as const;

/**
 * Names a workload is known by in PrometheusRules and SLOs: every one found
 * counts. Not SERVICE_MAP_KEYS: `app` is the name rules use most, and part-of
 * names a whole application, which would let one rule stand for all its parts.
 */
export const SERVICE_NAME_KEYS = ['runwell.io/service', 'app.kubernetes.io/name', 'app'] as const;

export const TEAM_KEYS = ['runwell.io/team', 'app.kubernetes.io/team', 'team', 'owner'] as const;
export const RUNBOOK_KEYS = ['runwell.io/runbook', 'a8r.io/runbook', 'runbook_url', 'runbook'] as const;
export const ONCALL_KEYS = [
  'runwell.io/oncall',
  'pagerduty.com/escalation-policy-id',
  'pagerduty.com/service-id',
  'opsgenie.com/team',
  'a8r.io/oncall',
] as const;
export const TIER_KEY = 'runwell.io/tier';
/** Same values as the service catalog's tiers. */
export const TIERS = ['tier1', 'tier2', 'tier3'] as const;

export const EXEMPT_ANNOTATION = 'runwell.io/exempt';
export const POLARIS_EXEMPT_PREFIX = 'polaris.fairwinds.com/';

export const PROMETHEUS_SCRAPE_ANNOTATION = 'prometheus.io/scrape';

/** Labels/annotations a GitOps controller puts on what it applies. */
export const ARGO_INSTANCE_LABEL = 'argocd.argoproj.io/instance';
export const ARGO_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
export const FLUX_LABELS = ['kustomize.toolkit.fluxcd.io/name', 'helm.toolkit.fluxcd.io/name'] as const;
export const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

export const ZONE_TOPOLOGY_KEYS = ['topology.kubernetes.io/zone', 'failure-domain.beta.kubernetes.io/zone'] as const;

/**
 * Environment variable names Polaris' sensitiveContainerEnvVar refuses as literal
 * `value`s (a secret belongs in a Secret, referenced through valueFrom).
 */
export const SENSITIVE_ENV_NAME_PATTERNS: readonly RegExp[] = [
  /^AWS_SECRET_ACCESS_KEY$/i,
  /^GOOGLE_APPLICATION_CREDENTIALS$/i,
  /^AZURE_.+KEY$/i,
  /^OCI_CLI_KEY_CONTENT$/i,
  /password/i,
  /token/i,
  /bearer/i,
  /secret/i,
];

/** A PEM private key ("-----BEGIN RSA PRIVATE KEY-----" and its variants). */
export const PRIVATE_KEY_PATTERN = /-BEGIN\s+.*PRIVATE KEY-/i;

/**
 * What the inventory stores instead of a literal env value that holds a private key:
 * still recognisable as one by PRIVATE_KEY_PATTERN, without the key itself.
 */
export const REDACTED_PRIVATE_KEY = '-----BEGIN PRIVATE KEY----- (value not stored by Runwell)';
