import type { CheckResult, ScoreCounts } from './readiness.schema';

/**
 * Polaris' score: 2S / (2S + W + 2D) x 100, where S = passed checks (exempted ones
 * included), W = failed warnings, D = failed dangers. A failed danger weighs as much
 * as a passed check, a failed warning half as much. Floored so that a score never
 * rounds up past a --min-score threshold; 100 when no check applies.
 */
export function polarisScore(passed: number, failedWarnings: number, failedDangers: number): number {
  const denominator = 2 * passed + failedWarnings + 2 * failedDangers;
  return denominator === 0 ? 100 : Math.floor((200 * passed) / denominator);
}

export function emptyCounts(): ScoreCounts {
  return { passed: 0, exempt: 0, failedWarnings: 0, failedDangers: 0, score: 100 };
}

export function addResult(counts: ScoreCounts, result: CheckResult): void {
  if (result.passed) {
    counts.passed += 1;
    if (result.exempt) counts.exempt += 1;
  } else if (result.severity === 'danger') counts.failedDangers += 1;
  else counts.failedWarnings += 1;
}

export function finishCounts(counts: ScoreCounts): ScoreCounts {
  counts.score = polarisScore(counts.passed, counts.failedWarnings, counts.failedDangers);
  return counts;
}

export function countResults(results: readonly CheckResult[]): ScoreCounts {
  const counts = emptyCounts();
  for (const result of results) addResult(counts, result);
  return finishCounts(counts);
}
