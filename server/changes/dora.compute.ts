import type { ChangeStatus, DoraBand } from './changes.schema';

;

// DORA's four keys over a period, from the ledger (and incidents for time to
// restore). Pure. Performance bands are Runwell's reading of the DORA reports'
// clusters (stated in docs/changes.md so that nobody mistakes them for gospel):
//   deployment frequency  elite >= 1/day, high >= 1/week, medium >= 1/month, low below
//   lead time             elite < 1 h, high < 1 week, medium < 6 months (180 d), low above
//   change failure rate   elite <= 15 %, high <= 30 %, medium <= 45 %, low above
//   time to restore       elite < 1 h, high < 1 day, medium < 1 week, low above

/** `committedAt`: when the commit was made (CI knows it); lead time starts there, else at the request. */
export type DoraChange = { status: ChangeStatus; requestedAt: number; startedAt: number | null; finishedAt: number | null; committedAt?: number | null };
export type DoraFigures = {
  period: { from: number; to: number; days: number };
  deployments: number;
  deploymentsPerWeek: number;
  deploymentFrequency: DoraBand;
  /** Median committed (or requested, without a commit time) -> deployed. */
  leadTimeMs: number | null;
  leadTime: DoraBand;
  /** Failed, rolled back or confirmed as an incident's cause, of the changes that finished. */
  changeFailureRate: number | null;
  failed: number;
  finished: number;
  changeFailure: DoraBand;
  timeToRestoreMs: number | null;
  restored: number;
  timeToRestore: DoraBand;
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

function median(values: readonly number[]): number | null {
  if (!values.length) return null;
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid]! : (v[mid - 1]! + v[mid]!) / 2;
}

const below = (value: number | null, limits: [number, number, number]): DoraBand =>
  value === null ? 'no-data' : value < limits[0] ? 'elite' : value < limits[1] ? 'high' : value < limits[2] ? 'medium' : 'low';

/** `restore`: the incidents' median time to restore (incidents.compute MTTR, impact start -> resolved) and how many. */
export function doraFigures(changes: readonly DoraChange[], restore: { medianMs: number | null; count: number }, period: { from: number; to: number }): DoraFigures {
  const days = Math.max(1, (period.to - period.from) / DAY);
  const inPeriod = (t: number | null) => t !== null && t >= period.from && t < period.to;
  // A deployment: a change that reached production in the period (a failed or rolled-back one was deployed too).
  const deployed = changes.filter((c) => (c.status === 'succeeded' || c.status === 'failed' || c.status === 'rolled_back') && inPeriod(c.finishedAt));
  const perDay = deployed.length / days;
  const failed = deployed.filter((c) => c.status !== 'succeeded').length;
  const rate = deployed.length ? failed / deployed.length : null;
  const leadTimeMs = median(deployed.filter((c) => c.status === 'succeeded').map((c) => c.finishedAt! - (c.committedAt ?? c.requestedAt)).filter((ms) => ms >= 0));
  return {
    period: { ...period, days },
    deployments: deployed.length,
    deploymentsPerWeek: Math.round(perDay * 7 * 10) / 10,
    deploymentFrequency: deployed.length === 0 ? 'no-data' : perDay >= 1 ? 'elite' : perDay >= 1 / 7 ? 'high' : perDay >= 1 / 30 ? 'medium' : 'low',
    leadTimeMs,
    leadTime: below(leadTimeMs, [HOUR, 7 * DAY, 180 * DAY]),
    changeFailureRate: rate,
    failed,
    finished: deployed.length,
    changeFailure: rate === null ? 'no-data' : rate <= 0.15 ? 'elite' : rate <= 0.3 ? 'high' : rate <= 0.45 ? 'medium' : 'low',
    timeToRestoreMs: restore.medianMs,
    restored: restore.count,
    timeToRestore: below(restore.medianMs, [HOUR, DAY, 7 * DAY]),
  };
}
