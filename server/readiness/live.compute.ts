import { asStringMap, serviceKeyOf } from '../lib/kube';
import { CHECKS } from './checks/registry.compute';
import { refKey } from './exemptions.compute';
import { WORKLOAD_KINDS } from './inventory.compute';
import { activeChecks } from './readiness.compute';
import {
  AREAS,
  type Area,
  CHECK_IDS,
  type CheckResult,
  type InventoryItem,
  type KubeObject,
  type ObjectReport,
  type ReadinessConfig,
  type ScoreCounts,
  type Severity,
  type TimedExemption,
} from './readiness.schema';
import { emptyCounts, finishCounts, polarisScore } from './score.compute';

// The live side of the engine (docs/readiness.md, "Live evaluation"): inventory
// rows in, engine items out; engine reports out to stored results; exemption
// scopes, scorecards, snapshots and the launch gate. Pure: `now` is passed in.

// ---------------------------------------------------------------- inventory rows -> engine items

/** Kinds the engine reads from the live inventory (evaluated, or feeding its indexes). */
export const LIVE_KINDS = [
  ...WORKLOAD_KINDS,
  'Namespace',
  'ServiceAccount',
  'PodDisruptionBudget',
  'HorizontalPodAutoscaler',
  'Service',
  'NetworkPolicy',
  'Ingress',
  'ServiceMonitor',
  'PodMonitor',
  'PrometheusRule',
  'PrometheusServiceLevel',
  'Application',
  'Kustomization',
  'HelmRelease',
  'Role',
  'ClusterRole',
  'RoleBinding',
  'ClusterRoleBinding',
  'ConfigMap',
] as const;

/** The columns of an InventoryObject row the mapper reads (docs/inventory.md). */
export interface LiveRow {
  kind: string;
  namespace: string;
  name: string;
  labels: unknown;
  annotations: unknown;
  ownerKind: string | null;
  ownerName: string | null;
  data: unknown;
}

const WORKLOAD_KIND_SET = new Set<string>(WORKLOAD_KINDS);

/**
 * One stored row as the Kubernetes object the engine reads. `data` keeps the
 * object's shape ({apiVersion, spec, status}; ServiceAccounts their top-level
 * automountServiceAccountToken). The owner becomes a controlling ownerReference
 * only for workload kinds, which the engine then evaluates through their owner
 * (Pods of ReplicaSets, ReplicaSets of Deployments, Jobs of CronJobs). Other kinds
 * drop it: operators own the PDBs, Services and monitors they create, and the
 * engine would otherwise skip them and report a PDB or monitor as missing.
 */
export function rowToObject(row: LiveRow): KubeObject {
  const data = (row.data && typeof row.data === 'object' ? row.data : {}) as Record<string, unknown>;
  const { apiVersion, ...rest } = data;
  const labels = asStringMap(row.labels);
  const annotations = asStringMap(row.annotations);
  const owned = row.ownerKind !== null && WORKLOAD_KIND_SET.has(row.kind);
  return {
    ...rest,
    apiVersion: typeof apiVersion === 'string' ? apiVersion : 'v1',
    kind: row.kind,
    metadata: {
      name: row.name,
      ...(row.namespace ? { namespace: row.namespace } : {}),
      labels,
      annotations,
      ...(owned ? { ownerReferences: [{ kind: row.ownerKind!, name: row.ownerName ?? '', controller: true }] } : {}),
    },
  };
}

export function rowsToItems(rows: readonly LiveRow[]): InventoryItem[] {
  return rows.map((row) => ({ object: rowToObject(row) }));
}

// ---------------------------------------------------------------- service and team mapping

/** Service key per evaluated object (kind/namespace/name), from the items the report came from. */
export function serviceKeys(items: readonly InventoryItem[]): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const { object } of items) {
    out.set(refKey({ kind: object.kind, namespace: object.metadata?.namespace ?? null, name: object.metadata?.name ?? '' }), serviceKeyOf(object));
  }
  return out;
}

// ---------------------------------------------------------------- exemption scopes

/** An approved exemption from the UI; null fields widen its scope. */
export interface ExemptionScope {
  clusterId: string | null;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  checkId: string;
  expiresAt: Date;
}

export interface WorkloadRef {
  kind: string;
  namespace: string | null;
  name: string;
}

/**
 * The engine's per-object exemptions for one cluster: object-scoped ones as they
 * are, wider ones (a namespace, a cluster, everywhere) repeated for each object in
 * scope. Expired ones are dropped here too (the engine also ignores them at `now`).
 */
export function expandExemptions(
  scopes: readonly ExemptionScope[],
  clusterId: string,
  objects: readonly WorkloadRef[],
  now: Date,
): TimedExemption[] {
  const out: TimedExemption[] = [];
  for (const scope of scopes) {
    if (scope.expiresAt.getTime() <= now.getTime()) continue;
    if (scope.clusterId !== null && scope.clusterId !== clusterId) continue;
    if (scope.kind !== null && scope.name !== null) {
      out.push({ objectRef: { kind: scope.kind, namespace: scope.namespace, name: scope.name }, checkId: scope.checkId, expiresAt: scope.expiresAt });
      continue;
    }
    for (const object of objects) {
      if (scope.namespace !== null && (object.namespace ?? '') !== scope.namespace) continue;
      if (scope.kind !== null && object.kind !== scope.kind) continue;
      out.push({ objectRef: { kind: object.kind, namespace: object.namespace, name: object.name }, checkId: scope.checkId, expiresAt: scope.expiresAt });
    }
  }
  return out;
}

// ---------------------------------------------------------------- stored results

export const CHECK_STATUSES = ['passed', 'failed', 'exempt'] as const;
type CheckStatus = (typeof CHECK_STATUSES)[number];

/** One check of one workload as stored: messages only where they say something the check's title does not. */
export interface StoredCheck {
  id: string;
  area: Area;
  severity: Severity;
  status: CheckStatus;
  message?: string;
}

export type Counts = Omit<ScoreCounts, 'score'>;

export interface ResultRecord {
  kind: string;
  namespace: string;
  name: string;
  teamLabel: string | null;
  serviceKey: string | null;
  score: number;
  passed: number;
  exempt: number;
  failedWarnings: number;
  failedDangers: number;
  byArea: Partial<Record<Area, ScoreCounts>>;
  failingChecks: string[];
  checks: EncodedChecks;
}

/**
 * Every applicable check of one workload, compactly: 15,000 workloads x ~30 checks
 * as objects were ~37 MB of JSON per evaluation, which made storing the results
 * the slow part. Passed checks are a bit mask over CHECK_IDS (hex); exempt ones a
 * list of ids; failed ones [id, severity, message]. Area and title come from the
 * check definitions. `v` fingerprints the CHECK_IDS order the mask was made with.
 */
interface EncodedChecks {
  v: string;
  p: string;
  x: string[];
  f: Array<[string, Severity, string]>;
}

function fingerprint(ids: readonly string[]): string {
  let hash = 0;
  for (const ch of ids.join(',')) hash = (Math.imul(hash, 31) + ch.charCodeAt(0)) | 0;
  return `${ids.length}.${(hash >>> 0).toString(36)}`;
}

const CHECKS_FINGERPRINT = fingerprint(CHECK_IDS);
const CHECK_INDEX = new Map<string, number>(CHECK_IDS.map((id, i) => [id, i]));

function encodeChecks(results: readonly CheckResult[]): EncodedChecks {
  let mask = 0n;
  const x: string[] = [];
  const f: EncodedChecks['f'] = [];
  for (const result of results) {
    if (result.exempt) x.push(result.id);
    else if (result.passed) mask |= 1n << BigInt(CHECK_INDEX.get(result.id)!);
    else f.push([result.id, result.severity, result.message]);
  }
  return { v: CHECKS_FINGERPRINT, p: mask.toString(16), x, f };
}

/**
 * Back to one entry per check, in CHECK_IDS order. Severities of passed and exempt
 * checks come from the live config. A mask from another CHECK_IDS order (an upgrade,
 * until the next evaluation) yields no passed entries rather than wrong ones.
 */
export function decodeChecks(encoded: unknown, severities: Map<string, { area: Area; severity: Severity }>): StoredCheck[] {
  const e = (encoded ?? {}) as Partial<EncodedChecks>;
  const failed = new Map((e.f ?? []).map(([id, severity, message]) => [id, { severity, message }]));
  const exempt = new Set(e.x ?? []);
  let mask = 0n;
  if (e.v === CHECKS_FINGERPRINT && typeof e.p === 'string' && /^[0-9a-f]+$/.test(e.p)) mask = BigInt(`0x${e.p}`);
  const out: StoredCheck[] = [];
  CHECK_IDS.forEach((id, i) => {
    const area = CHECKS[i]!.area;
    const fail = failed.get(id);
    if (fail) out.push({ id, area, severity: fail.severity, status: 'failed', message: fail.message });
    else if (exempt.has(id)) out.push({ id, area, severity: severities.get(id)?.severity ?? CHECKS[i]!.severity, status: 'exempt' });
    else if (mask & (1n << BigInt(i))) out.push({ id, area, severity: severities.get(id)?.severity ?? CHECKS[i]!.severity, status: 'passed' });
  });
  return out;
}

export function toResultRecord(object: ObjectReport, serviceKey: string | null): ResultRecord {
  const totals = emptyCounts();
  const byArea: Partial<Record<Area, ScoreCounts>> = {};
  for (const result of object.checks) {
    const area = (byArea[result.area] ??= emptyCounts());
    for (const counts of [totals, area]) {
      if (result.passed) {
        counts.passed += 1;
        if (result.exempt) counts.exempt += 1;
      } else if (result.severity === 'danger') counts.failedDangers += 1;
      else counts.failedWarnings += 1;
    }
  }
  for (const counts of Object.values(byArea)) finishCounts(counts);
  finishCounts(totals);
  return {
    kind: object.kind,
    namespace: object.namespace ?? '',
    name: object.name,
    teamLabel: object.team,
    serviceKey,
    score: totals.score,
    passed: totals.passed,
    exempt: totals.exempt,
    failedWarnings: totals.failedWarnings,
    failedDangers: totals.failedDangers,
    byArea,
    failingChecks: object.checks.filter((c) => !c.passed).map((c) => c.id),
    checks: encodeChecks(object.checks),
  };
}

// ---------------------------------------------------------------- scorecards

/** What aggregation reads from a stored result. */
export interface ScoredRow extends Counts {
  byArea: unknown;
}

export interface Scorecard extends ScoreCounts {
  workloads: number;
}

function emptyScorecard(): Scorecard {
  return { ...emptyCounts(), workloads: 0 };
}

function addCounts(into: Counts, from: Counts): void {
  into.passed += from.passed;
  into.exempt += from.exempt;
  into.failedWarnings += from.failedWarnings;
  into.failedDangers += from.failedDangers;
}

/**
 * Polaris' formula over summed counts (not an average of workload scores): a
 * namespace with one awful workload among fifty good ones scores what its checks say.
 */
export function aggregate<R extends Counts>(rows: readonly R[], keyOf: (row: R) => string | null): Map<string, Scorecard> {
  const out = new Map<string, Scorecard>();
  for (const row of rows) {
    const key = keyOf(row);
    if (key === null) continue;
    let card = out.get(key);
    if (!card) out.set(key, (card = emptyScorecard()));
    addCounts(card, row);
    card.workloads += 1;
  }
  for (const card of out.values()) card.score = polarisScore(card.passed, card.failedWarnings, card.failedDangers);
  return out;
}

export function total<R extends Counts>(rows: readonly R[]): Scorecard {
  return aggregate(rows, () => 'all').get('all') ?? emptyScorecard();
}

/** Stored form of the area breakdown: {area: [passed, exempt, failedWarnings, failedDangers]} (a third of the JSON). */
export type EncodedAreas = Partial<Record<Area, [number, number, number, number]>>;

export function encodeAreas(areas: Partial<Record<Area, ScoreCounts>>): EncodedAreas {
  const out: EncodedAreas = {};
  for (const [area, c] of Object.entries(areas) as Array<[Area, ScoreCounts]>) out[area] = [c.passed, c.exempt, c.failedWarnings, c.failedDangers];
  return out;
}

function areaCounts(byArea: unknown, area: Area): Counts | null {
  const value = (byArea as Record<string, unknown> | null | undefined)?.[area];
  if (Array.isArray(value)) {
    const [passed = 0, exempt = 0, failedWarnings = 0, failedDangers = 0] = value as number[];
    return { passed, exempt, failedWarnings, failedDangers };
  }
  return value && typeof value === 'object' ? (value as Counts) : null;
}

/** A stored area breakdown back to scored counts per area (areas without checks absent). */
export function decodeAreas(byArea: unknown): Partial<Record<Area, ScoreCounts>> {
  const out: Partial<Record<Area, ScoreCounts>> = {};
  for (const area of AREAS) {
    const counts = areaCounts(byArea, area);
    if (counts) out[area] = { ...counts, score: polarisScore(counts.passed, counts.failedWarnings, counts.failedDangers) };
  }
  return out;
}

/** Breakdown by area of a set of results (areas with no applicable check score 100 with 0 counts). */
export function byArea(rows: readonly ScoredRow[]): Record<Area, ScoreCounts> {
  const out = Object.fromEntries(AREAS.map((area) => [area, emptyCounts()])) as Record<Area, ScoreCounts>;
  for (const row of rows) {
    for (const area of AREAS) {
      const counts = areaCounts(row.byArea, area);
      if (counts) addCounts(out[area], counts);
    }
  }
  for (const counts of Object.values(out)) finishCounts(counts);
  return out;
}

// ---------------------------------------------------------------- check filters

export interface CheckFilter {
  checkId?: string;
  area?: Area;
  severity?: Severity;
}

/**
 * Check ids a filter selects, under the live config (severity overrides included).
 * null: no filter. An empty list: nothing can match.
 */
export function checkIdsFor(filter: CheckFilter, config: ReadinessConfig): string[] | null {
  if (!filter.checkId && !filter.area && !filter.severity) return null;
  return activeChecks(config)
    .filter(({ check, severity }) => (!filter.checkId || check.id === filter.checkId) && (!filter.area || check.area === filter.area) && (!filter.severity || severity === filter.severity))
    .map(({ check }) => check.id);
}

/** Severity of each check under the config (disabled ones absent). */
export function severityById(config: ReadinessConfig): Map<string, { area: Area; severity: Severity }> {
  return new Map(activeChecks(config).map(({ check, severity }) => [check.id, { area: check.area, severity }]));
}

export function checkInfo(id: string): { title: string; fix: string; passMessage: string; failMessage: string } | null {
  const check = CHECKS.find((c) => c.id === id);
  return check ? { title: check.title, fix: check.fix, passMessage: check.passMessage, failMessage: check.failMessage } : null;
}

// ---------------------------------------------------------------- launch gate

export interface GateConfig {
  /** Areas in which every applicable check must pass (or be exempted). */
  requiredAreas: Area[];
}

export const DEFAULT_GATE_CONFIG: GateConfig = { requiredAreas: ['reliability', 'security', 'observability'] };

type GateReason =
  | { type: 'danger'; checkId: string; workload: string }
  | { type: 'area'; area: Area; score: number; failed: number };

export interface GateOutcome {
  status: 'pass' | 'fail' | 'unknown';
  score: number;
  workloads: number;
  failedDangers: number;
  reasons: GateReason[];
}

export interface GateRow extends ScoredRow {
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  failingChecks: readonly string[];
}

/**
 * The seed's launch gate for one service, over all its workloads in every cluster:
 * passes when no danger check fails (exempted checks do not fail) and every
 * required area has no failed check. "unknown" when no workload maps to the service.
 */
export function launchGate(rows: readonly GateRow[], config: GateConfig, severities: Map<string, { area: Area; severity: Severity }>): GateOutcome {
  if (rows.length === 0) return { status: 'unknown', score: 100, workloads: 0, failedDangers: 0, reasons: [] };
  const reasons: GateReason[] = [];
  for (const row of rows) {
    for (const id of row.failingChecks) {
      if (severities.get(id)?.severity === 'danger') {
        reasons.push({ type: 'danger', checkId: id, workload: `${row.clusterName}/${row.namespace}/${row.kind}/${row.name}` });
      }
    }
  }
  const areas = byArea(rows);
  for (const area of config.requiredAreas) {
    const counts = areas[area];
    const failed = counts.failedDangers + counts.failedWarnings;
    if (failed > 0) reasons.push({ type: 'area', area, score: counts.score, failed });
  }
  const card = total(rows);
  return {
    status: reasons.length === 0 ? 'pass' : 'fail',
    score: card.score,
    workloads: rows.length,
    failedDangers: card.failedDangers,
    reasons,
  };
}

// ---------------------------------------------------------------- snapshots

export const SNAPSHOT_SCOPES = ['overall', 'cluster', 'namespace', 'team', 'service', 'workload'] as const;
type SnapshotScope = (typeof SNAPSHOT_SCOPES)[number];

export interface SnapshotRow extends Counts {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  teamId: string | null;
  teamLabel: string | null;
  teamName: string | null;
  serviceId: string | null;
  serviceName: string | null;
}

export interface SnapshotRecord extends Scorecard {
  scope: SnapshotScope;
  key: string;
  label: string;
}

/** The day (UTC midnight) a snapshot taken at `now` belongs to. */
export function snapshotDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

export function teamKeyOf(row: Pick<SnapshotRow, 'teamId' | 'teamLabel'>): string | null {
  return row.teamId ?? (row.teamLabel ? `label:${row.teamLabel}` : null);
}

/**
 * The team as people should read it: the catalog team's name, or the owning-team
 * label marked as such, so "Checkout" (a catalog team) and "notifications" (a
 * namespace label nobody mapped) are not mistaken for the same kind of thing.
 */
export function teamDisplayName(row: { teamName: string | null; teamLabel: string | null }): string | null {
  if (row.teamName) return row.teamName;
  return row.teamLabel ? `${row.teamLabel} (label, not a catalog team)` : null;
}

/** Every scope's scorecard from the current results: what one day's snapshot stores. */
export function snapshotRecords(rows: readonly SnapshotRow[]): SnapshotRecord[] {
  const labels = new Map<string, string>();
  const scoped = (scope: SnapshotScope, keyOf: (row: SnapshotRow) => string | null, labelOf: (row: SnapshotRow) => string): SnapshotRecord[] => {
    for (const row of rows) {
      const key = keyOf(row);
      if (key !== null && !labels.has(`${scope}\u0000${key}`)) labels.set(`${scope}\u0000${key}`, labelOf(row));
    }
    return [...aggregate(rows, keyOf)].map(([key, card]) => ({ scope, key, label: labels.get(`${scope}\u0000${key}`) ?? key, ...card }));
  };
  return [
    ...scoped('overall', () => 'all', () => 'All clusters'),
    ...scoped('cluster', (r) => r.clusterId, (r) => r.clusterName),
    ...scoped('namespace', (r) => `${r.clusterId}/${r.namespace}`, (r) => `${r.clusterName}/${r.namespace}`),
    ...scoped('team', teamKeyOf, (r) => teamDisplayName(r) ?? ''),
    ...scoped('service', (r) => r.serviceId, (r) => r.serviceName ?? ''),
    ...scoped('workload', (r) => `${r.clusterId}/${r.kind}/${r.namespace}/${r.name}`, (r) => `${r.clusterName}/${r.namespace}/${r.kind}/${r.name}`),
  ];
}

/** Whether an exemption's scope covers one object of one cluster. */
export function exemptionCovers(scope: Omit<ExemptionScope, 'checkId' | 'expiresAt'>, clusterId: string, ref: WorkloadRef): boolean {
  if (scope.clusterId !== null && scope.clusterId !== clusterId) return false;
  if (scope.namespace !== null && scope.namespace !== (ref.namespace ?? '')) return false;
  if (scope.kind !== null && scope.kind !== ref.kind) return false;
  if (scope.name !== null && scope.name !== ref.name) return false;
  return true;
}

/** cyrb53: a fast 53-bit string hash, enough to tell whether a stored result changed. */
export function digestOf(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}
