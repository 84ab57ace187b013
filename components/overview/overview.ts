// Pure choices behind the Overview cards (unit-tested).
import type { CapacityHeadlineDto } from '@/server/capacity/capacity.schema';

export const LIST_LIMIT = 5;
/** Run-out dates further away than this (about 6 months) are not news on the overview. */
const RUN_OUT_HORIZON_DAYS = 183;

export type RunOutVerdict =
  | { kind: 'runs-out'; resource: 'cpu' | 'memory'; date: Date; already: boolean }
  | { kind: 'not-within'; horizonDays: number }
  | { kind: 'not-enough-history'; points: number; needed: number }
  | { kind: 'no-snapshot' };

/**
 * What the Overview may claim about a cluster running out: the earliest run-out
 * (CPU or memory) within the horizon; otherwise "not within" ONLY when every
 * resource had enough history to forecast (the same rule the Capacity tab
 * applies, forecast.compute's MIN_FORECAST_POINTS); otherwise not enough
 * history yet. A single snapshot is no evidence of anything.
 */
export function runOutVerdict(capacity: Pick<CapacityHeadlineDto, 'trends' | 'cluster'> | undefined, horizonDays = RUN_OUT_HORIZON_DAYS): RunOutVerdict {
  if (!capacity?.cluster || capacity.trends.length === 0) return { kind: 'no-snapshot' };
  let best: Extract<RunOutVerdict, { kind: 'runs-out' }> | null = null;
  let thin: Extract<RunOutVerdict, { kind: 'not-enough-history' }> | null = null;
  for (const t of capacity.trends) {
    const r = t.firstRunOut;
    if (r.status === 'already' || (r.status === 'within' && r.days <= horizonDays)) {
      const date = new Date(r.date);
      if (!best || date < best.date) best = { kind: 'runs-out', resource: t.resource, date, already: r.status === 'already' };
    } else if (r.status === 'insufficient-data') {
      thin = { kind: 'not-enough-history', points: r.points, needed: r.needed };
    }
  }
  return best ?? thin ?? { kind: 'not-within', horizonDays };
}

/** Unrequested share of allocatable, in whole percent; null without a snapshot. */
export function headroomPercent(c: CapacityHeadlineDto['cluster'], resource: 'cpu' | 'memory'): number | null {
  if (!c || c.allocatable[resource] <= 0) return null;
  return Math.round((c.headroom[resource] / c.allocatable[resource]) * 100);
}
