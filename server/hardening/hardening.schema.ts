import { z } from 'zod';
import { idText, text } from '../lib/text';

// Security hardening (docs/domains.md, "Security hardening"): kube-bench
// results per cluster and node, Trivy Operator VulnerabilityReports per
// workload and image, workloads without a NetworkPolicy (from readiness).

// kube-bench's JSON output (`kube-bench run --json`): either {Controls, Totals}
// (kube-bench >= 0.6) or, from older versions, the bare array of controls.
// Unknown keys (AuditEnv, IsMultiple, ...) are kept out of the way, not refused.
const KUBE_BENCH_STATUSES = ['PASS', 'FAIL', 'WARN', 'INFO'] as const;
export type KubeBenchStatus = (typeof KUBE_BENCH_STATUSES)[number];

const count = z.number({ message: 'must be a number' }).int('must be a whole number').min(0, 'must be 0 or more');

const kubeBenchResult = z.looseObject({
  test_number: z.string({ message: 'must be the check number, e.g. "1.1.1"' }).min(1, 'must not be empty').max(50),
  test_desc: z.string({ message: 'must be the check description' }).max(2_000),
  status: z.enum(KUBE_BENCH_STATUSES, { message: 'must be PASS, FAIL, WARN or INFO' }),
  scored: z.boolean({ message: 'must be true or false' }).optional(),
  remediation: z.string().max(10_000).optional(),
  type: z.string().max(50).optional(),
  reason: z.string().max(2_000).optional(),
});

const kubeBenchGroup = z.looseObject({
  section: z.string({ message: 'must be the section number, e.g. "1.1"' }).max(50),
  desc: z.string().max(500).optional(),
  pass: count.optional(),
  fail: count.optional(),
  warn: count.optional(),
  info: count.optional(),
  results: z.array(kubeBenchResult, { message: 'must be the list of check results' }).max(2_000).nullable().optional(),
});

const kubeBenchControls = z.looseObject({
  id: z.union([z.string(), z.number()]).transform(String),
  version: z.string({ message: 'must be the benchmark version, e.g. "cis-1.7"' }).max(50),
  text: z.string().max(500).optional(),
  node_type: z.string({ message: 'must be the node type (master, node, etcd, controlplane, policies)' }).max(50),
  tests: z.array(kubeBenchGroup, { message: 'must be the list of test groups' }).max(500).nullable(),
  total_pass: count.optional(),
  total_fail: count.optional(),
  total_warn: count.optional(),
  total_info: count.optional(),
});
export type KubeBenchControls = z.output<typeof kubeBenchControls>;

const controlsList = z.array(kubeBenchControls, { message: 'must be the list of controls' }).min(1, 'has no controls').max(50);
const controlsFile = z.looseObject({ Controls: controlsList }, { message: 'is not kube-bench JSON output: expected {"Controls": [...], "Totals": {...}} or an array of controls (kube-bench run --json)' });

/** The controls of a kube-bench JSON file in either shape; a ZodError names the field that was wrong (Controls[0].tests[2].results[5].status). */
export function parseKubeBench(input: unknown): KubeBenchControls[] {
  return Array.isArray(input) ? controlsList.parse(input) : controlsFile.parse(input).Controls;
}

export const SECURITY_SOURCES = ['api', 'cli', 'cluster'] as const;
export type SecuritySource = (typeof SECURITY_SOURCES)[number];

export const kubeBenchTargetSchema = z
  .object({
    cluster: idText().max(100, 'must be at most 100 characters'),
    node: text().trim().min(1, 'name the node the results are from').max(253, 'must be at most 253 characters (a node name)'),
    runAt: z.iso.datetime({ offset: true, message: 'must be an ISO-8601 time, e.g. 2026-12-05T15:00:00Z' }).optional(),
  })
  .strict();
export type KubeBenchFinding = { id: string; section: string; text: string; status: KubeBenchStatus; scored: boolean; nodeType: string; remediation: string };

export type KubeBenchSummary = { benchmark: string; nodeTypes: string[]; pass: number; fail: number; warn: number; info: number; score: number | null; findings: KubeBenchFinding[] };

export type KubeBenchImportDto = {
  id: string;
  cluster: string;
  node: string;
  runAt: string;
  score: number | null;
  previousScore: number | null;
  dropped: boolean;
  pass: number;
  fail: number;
  warn: number;
  info: number;
  failing: { id: string; text: string }[];
};

type NodeBenchDto = { clusterId: string; clusterName: string; node: string; benchmark: string; nodeTypes: string[]; score: number | null; previousScore: number | null; pass: number; fail: number; warn: number; runAt: string; source: string };

export type FailingCheckDto = { id: string; text: string; section: string; nodeType: string; remediation: string; scored: boolean; nodes: { clusterName: string; node: string }[] };

export type ClusterBenchDto = { clusterId: string; clusterName: string; score: number | null; nodes: number; fail: number; lastRunAt: string | null; trend: { day: string; score: number }[] };

export type VulnerableImageDto = {
  clusterName: string;
  namespace: string;
  workloadKind: string;
  workloadName: string;
  container: string;
  image: string;
  critical: number;
  high: number;
  fixable: number;
  /** The oldest critical/high vulnerability with a fix available (by publication), if any. */
  oldestUnfixed: { id: string; severity: string; published: string | null; ageDays: number | null; fixedVersion: string; resource: string } | null;
  scannedAt: string | null;
};

/** A workload's Trivy ConfigAuditReport: misconfigurations by severity and the worst failed checks. */
export type ConfigAuditDto = {
  clusterName: string;
  namespace: string;
  workloadKind: string;
  workloadName: string;
  critical: number;
  high: number;
  medium: number;
  low: number;
  /** Up to five failed checks, most severe first (KSV ids). */
  failing: { id: string; title: string; severity: string }[];
  scannedAt: string | null;
};

export type SecurityOverviewDto = {
  at: string;
  kubeBench: { clusters: ClusterBenchDto[]; nodes: NodeBenchDto[]; failing: FailingCheckDto[] };
  vulnerabilities: { reports: number; critical: number; high: number; images: VulnerableImageDto[] };
  configAudit: { reports: number; critical: number; high: number; medium: number; low: number; workloads: ConfigAuditDto[] };
  /** Falco events from Falcosidekick (its Alertmanager output, or its Prometheus counter): the last 24 hours (rate per hour) and 7 days, per cluster and rule. */
  falco: {
    windowHours: number;
    events24h: number;
    perHour: number;
    events7d: number;
    byCluster: { cluster: string; events24h: number; perHour: number; events7d: number }[];
    /** `lastAt` is unknown for counts from Prometheus (a counter has no event times). */
    rules: { cluster: string; rule: string; priority: string; events24h: number; perHour: number; events7d: number; lastAt: string | null; lastAgoHours: number | null; source: 'alertmanager' | 'prometheus' }[];
  };
  networkPolicy: { workloads: number; without: number; byCluster: { label: string; without: number }[]; offenders: { clusterName: string; namespace: string; kind: string; name: string; teamLabel: string | null }[] };
};
