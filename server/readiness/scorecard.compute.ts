import { AREAS, type Area, type ScoreCounts } from './readiness.schema';
import { emptyCounts, finishCounts, polarisScore } from './score.compute';

// Scorecards over stored results (docs/readiness.md, "Scorecards"): per any grouping,
// in total, and per area, with the area breakdown's stored form. Pure.

/** A result's counts without the score, which is recomputed from summed counts. */
export type Counts = Omit<ScoreCounts, 'score'>;

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
