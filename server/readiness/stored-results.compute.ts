import { CHECKS } from './checks/registry.compute';
import { type Area, CHECK_IDS, type CheckResult, type ObjectReport, type ScoreCounts, type Severity } from './readiness.schema';
import { addResult, emptyCounts, finishCounts } from './score.compute';

// The engine's report of one workload as a stored ReadinessResult row, and back
// (docs/readiness.md, "Live evaluation"). Pure.

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

/** The passed-checks bit mask, or none (0) when it was made with another CHECK_IDS order or is malformed. */
function passedMask(e: Partial<EncodedChecks>): bigint {
  return e.v === CHECKS_FINGERPRINT && typeof e.p === 'string' && /^[0-9a-f]+$/.test(e.p) ? BigInt(`0x${e.p}`) : 0n;
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
  const mask = passedMask(e);
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

/** One check's status in a stored result: null where the check did not apply (or the mask is from another CHECK_IDS order and it passed). */
export function storedCheckStatus(encoded: unknown, checkId: string): CheckStatus | null {
  const e = (encoded ?? {}) as Partial<EncodedChecks>;
  if (e.f?.some(([id]) => id === checkId)) return 'failed';
  if (e.x?.includes(checkId)) return 'exempt';
  const i = CHECK_INDEX.get(checkId);
  return i !== undefined && passedMask(e) & (1n << BigInt(i)) ? 'passed' : null;
}

export type PassRate = { score: number; workloads: number };

/**
 * How many of the objects a check applies to pass it (exempt counts as passing,
 * as in every score), per team and overall: the maturity markers "2 or more
 * replicas" and "PDBs defined" read these. Objects where the check did not
 * apply are not counted.
 */
export function checkPassRates(rows: ReadonlyArray<{ teamId: string | null; checks: unknown }>, checkId: string): { byTeam: Map<string, PassRate>; org: PassRate } {
  const tally = new Map<string | null, { passed: number; applicable: number }>();
  const org = { passed: 0, applicable: 0 };
  for (const row of rows) {
    const status = storedCheckStatus(row.checks, checkId);
    if (status === null) continue;
    const t = tally.get(row.teamId) ?? { passed: 0, applicable: 0 };
    tally.set(row.teamId, t);
    for (const x of [t, org]) {
      x.applicable += 1;
      if (status !== 'failed') x.passed += 1;
    }
  }
  const rate = (x: { passed: number; applicable: number }): PassRate => ({ score: x.applicable ? Math.round((x.passed / x.applicable) * 1000) / 10 : 100, workloads: x.applicable });
  const byTeam = new Map<string, PassRate>();
  for (const [teamId, x] of tally) if (teamId) byTeam.set(teamId, rate(x));
  return { byTeam, org: rate(org) };
}

export function toResultRecord(object: ObjectReport, serviceKey: string | null): ResultRecord {
  const totals = emptyCounts();
  const byArea: Partial<Record<Area, ScoreCounts>> = {};
  for (const result of object.checks) {
    addResult(totals, result);
    addResult((byArea[result.area] ??= emptyCounts()), result);
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
