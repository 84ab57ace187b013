import { LEVELS, type Assessment, type Evidence, type EvidenceKey, type Level, type MarkerResult, type MarkerStatus } from './maturity.schema';

// The pure assessment: the seed's thirty markers (five levels x six) as rules
// over measured evidence. A level is reached only when every marker of it AND of
// every level below it is met (OpsLevel / Cortex semantics), so "no data" holds
// a team back exactly like "not met": Runwell scores what it measures.
//
// Level 1 (Reactive) markers are the seed's anti-patterns; each is written as its
// absence ("deploys go through GitOps", not "manual deploys"), so that meeting
// all of them is what lifts a team out of Reactive. Every team is at least level 1.

type Op = '>=' | '<=' | '<' | '>';

export type MarkerDef = {
  id: string;
  level: Level;
  /** The seed's wording. */
  title: string;
  evidence: EvidenceKey;
  op: Op;
  threshold: number;
  unit: '' | '%' | ' days' | ' pages';
  how: string;
};

const m = (level: Level, id: string, title: string, evidence: EvidenceKey, op: Op, threshold: number, unit: MarkerDef['unit'], how: string): MarkerDef => ({ id, level, title, evidence, op, threshold, unit, how });

export const MARKERS: readonly MarkerDef[] = [
  // Level 1: the anti-patterns, each met when it is absent.
  m(1, 'reactive.manual-deploys', 'No manual deploys', 'gitopsChanges30d', '>=', 1, '', 'Deploy through Argo CD or Flux so that changes reach the ledger'),
  m(1, 'reactive.no-runbooks', 'Runbooks exist', 'runbooks', '>=', 1, '', 'Write (or import) a runbook for the alerts that page you'),
  m(1, 'reactive.alert-every-metric', 'No alert on every metric', 'pagesPerShift', '<=', 5, ' pages', 'Audit alerts: silence or tune the noisy ones (Alert quality page)'),
  m(1, 'reactive.single-point-of-failure', 'No single point of failure', 'replicaScore', '>=', 100, '%', 'Run every Deployment with 2 or more replicas'),
  m(1, 'reactive.no-postmortems', 'Post-mortems are written', 'postmortemCompletion', '>', 0, '%', 'File the post-mortems of your P1/P2 incidents'),
  m(1, 'reactive.manual-certs', 'No manual cert renewal', 'unmanagedCertificates', '<=', 0, '', 'Issue every TLS certificate through cert-manager (no TLS secret renewed by hand)'),
  // Level 2: Managed.
  m(2, 'managed.gitops', 'GitOps in place', 'gitopsChanges30d', '>=', 10, '', 'Route all deploys through GitOps (at least 10 recorded GitOps changes in 30 days)'),
  m(2, 'managed.runbooks', 'Basic runbooks', 'runbookUrlCoverage', '>=', 80, '%', 'Set runbook_url on at least 80 % of alert rules (Runbooks → Lint)'),
  m(2, 'managed.pdbs', 'PDBs defined', 'pdbScore', '>=', 90, '%', 'Add a PodDisruptionBudget to every replicated workload'),
  m(2, 'managed.oncall', 'On-call rotation', 'oncallCoverage', '>=', 95, '%', 'Define an on-call schedule that covers the next two weeks without gaps'),
  m(2, 'managed.postmortems', 'Ad-hoc post-mortems', 'postmortemCompletion', '>=', 50, '%', 'File at least half of the P1/P2 post-mortems due'),
  m(2, 'managed.cert-manager', 'cert-manager installed', 'certManagerCertificates', '>=', 1, '', 'Install cert-manager and issue certificates through it'),
  // Level 3: Defined.
  m(3, 'defined.slos', 'SLOs defined', 'servicesWithSloPercent', '>=', 80, '%', 'Define an SLO for at least 80 % of your services'),
  m(3, 'defined.error-budgets', 'Error budgets tracked', 'slosWithDataPercent', '>=', 90, '%', 'Make sure every SLO has sampled data (check its Prometheus queries)'),
  m(3, 'defined.canary', 'Canary deployments', 'canaryObjects', '>=', 1, '', 'Roll out through Argo Rollouts or Flagger canaries'),
  m(3, 'defined.velero', 'Velero backups', 'veleroRecentBackups', '>=', 90, '%', 'Back up the namespaces of your services with a Velero schedule and keep its last backup fresh'),
  m(3, 'defined.kube-bench', 'kube-bench enforced', 'kubeBenchScore', '>=', 90, '%', 'Run kube-bench and fix findings until the score is 90 % or more'),
  m(3, 'defined.dr-quarterly', 'DR tested quarterly', 'drDrills90d', '>=', 1, '', 'Run and record a DR drill at least every 90 days'),
  // Level 4: Measured.
  m(4, 'measured.dora', 'DORA metrics tracked', 'ledgerDays', '>=', 30, ' days', 'Keep 30 days of change history in the ledger'),
  m(4, 'measured.chaos', 'Chaos engineering', 'chaosExperiments', '>=', 1, '', 'Run Chaos Mesh / Litmus experiments or record game days'),
  m(4, 'measured.auto-remediation', 'Auto-remediation', 'autoRemediations', '>=', 1, '', 'Automate the remediation of your most frequent alert'),
  m(4, 'measured.capacity', 'Capacity forecasting', 'capacityForecastClusters', '>=', 100, '%', 'Keep enough capacity history for a run-out forecast on every cluster'),
  m(4, 'measured.toil-50', 'Toil < 50%', 'toilPercent', '<', 50, '%', 'Measure toil and automate until it is under half of operations time'),
  m(4, 'measured.multi-cluster-dr', 'Multi-cluster DR', 'multiClusterDr', '>=', 1, '', 'Be able to fail over to a second cluster'),
  // Level 5: Optimising.
  m(5, 'optimising.self-healing', 'Self-healing operators', 'selfHealingOperators', '>=', 1, '', 'Run operators that repair your workloads without people'),
  m(5, 'optimising.predictive-scaling', 'Predictive scaling', 'predictiveScalers', '>=', 1, '', 'Scale ahead of demand (KEDA or predictive autoscalers)'),
  m(5, 'optimising.zero-touch-upgrades', 'Zero-touch upgrades', 'automatedUpgrades90d', '>=', 1, '', 'Upgrade clusters through automated, recorded changes'),
  m(5, 'optimising.continuous-chaos', 'Continuous chaos', 'scheduledChaos', '>=', 1, '', 'Schedule chaos experiments to run continuously'),
  m(5, 'optimising.toil-20', 'Toil < 20%', 'toilPercent', '<', 20, '%', 'Automate until toil is under a fifth of operations time'),
  m(5, 'optimising.autonomous-dr', 'Autonomous DR', 'autonomousDr', '>=', 1, '', 'Fail over without human action, and prove it in a drill'),
];

export function passes(value: number, op: Op, threshold: number): boolean {
  switch (op) {
    case '>=':
      return value >= threshold;
    case '<=':
      return value <= threshold;
    case '<':
      return value < threshold;
    case '>':
      return value > threshold;
  }
}

const OP_WORDS: Record<Op, string> = { '>=': '≥', '<=': '≤', '<': '<', '>': '>' };

export function criterionText(def: MarkerDef, evidenceLabel: string): string {
  return `${evidenceLabel} ${OP_WORDS[def.op]} ${def.threshold}${def.unit}`;
}

export const EVIDENCE_LABELS: Record<EvidenceKey, string> = {
  gitopsChanges30d: 'GitOps changes in 30 days',
  ledgerDays: 'days of change history',
  automatedUpgrades90d: 'automated cluster upgrades in 90 days',
  runbooks: 'runbooks owned',
  runbookUrlCoverage: 'alert rules with a runbook_url',
  pagesPerShift: 'pages per on-call shift',
  replicaScore: 'workloads with 2 or more replicas',
  pdbScore: 'workloads with a PodDisruptionBudget',
  postmortemCompletion: 'P1/P2 post-mortems filed (90 days)',
  certManagerCertificates: 'cert-manager certificates',
  unmanagedCertificates: 'TLS certificates not managed by cert-manager',
  oncallCoverage: 'on-call coverage of the next 14 days',
  servicesWithSloPercent: 'services with an SLO',
  slosWithDataPercent: 'SLOs with sampled data',
  canaryObjects: 'canary rollout objects',
  veleroRecentBackups: 'services with fresh Velero backups',
  kubeBenchScore: 'kube-bench score',
  drDrills90d: 'DR drills in 90 days',
  chaosExperiments: 'chaos experiments in 90 days',
  autoRemediations: 'automated remediations in 90 days',
  capacityForecastClusters: 'clusters with a capacity forecast',
  toilPercent: 'toil share of engineering time (last sprint)',
  multiClusterDr: 'services restored into another cluster in a drill (90 days)',
  selfHealingOperators: 'self-healing operators',
  predictiveScalers: 'predictive autoscalers',
  scheduledChaos: 'scheduled chaos experiments',
  autonomousDr: 'autonomous failovers proven',
};

export function evaluateMarker(def: MarkerDef, evidence: Evidence): MarkerResult {
  const measure = evidence[def.evidence];
  let status: MarkerStatus;
  if (measure.status === 'not-applicable') status = 'met';
  else if (measure.status === 'no-data' || measure.value === null) status = 'no-data';
  else status = passes(measure.value, def.op, def.threshold) ? 'met' : 'not-met';
  return {
    id: def.id,
    level: def.level,
    title: def.title,
    criterion: criterionText(def, EVIDENCE_LABELS[def.evidence]),
    status,
    value: measure.status === 'measured' ? measure.value : null,
    detail: measure.detail,
    href: measure.href,
    how: def.how,
    source: 'measured',
    attestable: false,
    attestation: null,
  };
}

/** The level reached: the highest L such that every marker of levels 1..L is met; at least 1. */
export function levelReached(markers: readonly Pick<MarkerResult, 'level' | 'status'>[]): Level {
  let reached: Level = 1;
  for (const { level } of LEVELS) {
    if (level === 1) continue;
    const below = markers.filter((x) => x.level < level);
    const own = markers.filter((x) => x.level === level);
    if (own.length === 0 || ![...below, ...own].every((x) => x.status === 'met')) break;
    reached = level as Level;
  }
  return reached;
}

/** `overlay` adjusts the measured results before the level is decided (attestations: attestation.compute.ts). */
export function assess(evidence: Evidence, defs: readonly MarkerDef[] = MARKERS, overlay: (markers: MarkerResult[]) => MarkerResult[] = (x) => x): Assessment {
  const markers = overlay(defs.map((def) => evaluateMarker(def, evidence)));
  const level = levelReached(markers);
  const target = Math.min(level + 1, 5);
  // Close gaps below the target first (the seed: level 3 before level 4), then the target's own.
  const next = markers.filter((x) => x.status !== 'met' && x.level <= target).sort((a, b) => a.level - b.level).map((x) => ({ ...x, blocks: null }));
  return {
    level,
    levels: LEVELS.map(({ level: l, name }) => {
      const own = markers.filter((x) => x.level === l);
      return { level: l, name, met: own.filter((x) => x.status === 'met').length, total: own.length, reached: l <= level };
    }),
    markers,
    next,
    aheadOfFoundations: markers.filter((x) => x.level > target && x.status === 'met').length,
  };
}

/** A measure Runwell could not take, with the reason the page shows. */
export function noData(reason: string, href: string): Evidence[EvidenceKey] {
  return { status: 'no-data', value: null, detail: `no data: ${reason}`, href };
}

export function measured(value: number, detail: string, href: string): Evidence[EvidenceKey] {
  return { status: 'measured', value, detail, href };
}

export function notApplicable(detail: string, href: string): Evidence[EvidenceKey] {
  return { status: 'not-applicable', value: null, detail, href };
}

/** Percent with one decimal; null when there is nothing to divide by. */
export function percent(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : null;
}

/** The organisation's level distribution: how many teams at each level. */
export function distribution(levels: readonly number[]): Record<Level, number> {
  const out: Record<Level, number> = { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 };
  for (const l of levels) out[Math.min(Math.max(Math.round(l), 1), 5) as Level] += 1;
  return out;
}

