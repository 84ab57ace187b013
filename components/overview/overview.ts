// Pure choices behind the Overview cards (unit-tested).
import type { CapacityOverviewDto } from '@/server/capacity/capacity.schema';
import type { SloListItem } from '@/server/slo/slo-api.schema';
import { bandRank } from '@/server/lib/policy-bands';

export const LIST_LIMIT = 5;
/** Run-out dates further away than this (about 6 months) are not news on the overview. */
export const RUN_OUT_HORIZON_DAYS = 183;

/** SLOs outside the normal band, worst band first, then least budget left. */
export function worstSlos<T extends Pick<SloListItem, 'band' | 'remainingPercent'>>(items: readonly T[], limit = LIST_LIMIT): T[] {
  return [...items]
    .filter((s) => s.band !== 'normal' && s.band !== 'no-data')
    .sort((a, b) => bandRank(a.band) - bandRank(b.band) || a.remainingPercent - b.remainingPercent)
    .slice(0, limit);
}

export type RunOut = { resource: 'cpu' | 'memory'; date: Date; already: boolean };

/** The earliest run-out (CPU or memory) within the horizon, or null. */
export function nearestRunOut(capacity: Pick<CapacityOverviewDto, 'trends'> | undefined, horizonDays = RUN_OUT_HORIZON_DAYS): RunOut | null {
  let best: RunOut | null = null;
  for (const t of capacity?.trends ?? []) {
    const r = t.firstRunOut;
    if (r.status === 'already' || (r.status === 'within' && r.days <= horizonDays)) {
      const date = new Date(r.date);
      if (!best || date < best.date) best = { resource: t.resource, date, already: r.status === 'already' };
    }
  }
  return best;
}

/** Unrequested share of allocatable, in whole percent; null without a snapshot. */
export function headroomPercent(c: Pick<NonNullable<CapacityOverviewDto['cluster']>, 'allocatable' | 'headroom'> | null, resource: 'cpu' | 'memory'): number | null {
  if (!c || c.allocatable[resource] <= 0) return null;
  return Math.round((c.headroom[resource] / c.allocatable[resource]) * 100);
}
