import { BAND_ORDER, bandRank, type BandOrNoData } from '../lib/policy-bands';
import type { SloListItem, SloListSort, SloOverview, SloPage } from './slo-api.schema';

// What the SLO list page and the overview's error-budget card show, computed
// on the server from the (memoized) list so that a browser never receives
// 10,000 SLOs to sort and count: one page of the list, or counts per band and
// the few worst SLOs.

/** Budget remaining for sorting: SLOs without data sort after every SLO with data. */
const budgetKey = (i: Pick<SloListItem, 'dataState' | 'remainingPercent'>) => (i.dataState === 'no-data' ? Number.POSITIVE_INFINITY : i.remainingPercent);

/**
 * A sorted copy of `items`, which come in service order (service slug, then
 * SLO name: the repo's ORDER BY). The sort is stable, so equal budgets keep
 * the service order and pages do not shuffle between requests.
 */
export function sortSlos(items: readonly SloListItem[], sort: SloListSort): SloListItem[] {
  if (sort === 'service') return [...items];
  const sign = sort === 'budget-asc' ? 1 : -1;
  return [...items].sort((a, b) => {
    const ka = budgetKey(a);
    const kb = budgetKey(b);
    // No data stays last in both directions: it is not "most budget left".
    if (ka === Number.POSITIVE_INFINITY || kb === Number.POSITIVE_INFINITY) return ka === kb ? 0 : ka === Number.POSITIVE_INFINITY ? 1 : -1;
    return sign * (ka - kb);
  });
}

/** Page `page` (1-based) of the sorted items; a page past the end is the last page. */
export function pageOfSlos(sorted: readonly SloListItem[], page: number, pageSize: number): SloPage {
  const pages = Math.max(1, Math.ceil(sorted.length / pageSize));
  const p = Math.min(Math.max(1, page), pages);
  return { items: sorted.slice((p - 1) * pageSize, p * pageSize), total: sorted.length, page: p, pageSize };
}

/** SLOs per band, every band present (zero when none). */
export function countByBand(items: readonly Pick<SloListItem, 'band'>[]): Record<BandOrNoData, number> {
  const counts = Object.fromEntries(BAND_ORDER.map((b) => [b, 0])) as Record<BandOrNoData, number>;
  for (const i of items) counts[i.band] += 1;
  return counts;
}

/** SLOs outside the normal band, worst band first, then least budget left. */
export function worstSlos<T extends Pick<SloListItem, 'band' | 'remainingPercent'>>(items: readonly T[], limit: number): T[] {
  return items
    .filter((s) => s.band !== 'normal' && s.band !== 'no-data')
    .sort((a, b) => bandRank(a.band) - bandRank(b.band) || a.remainingPercent - b.remainingPercent)
    .slice(0, limit);
}

export function sloOverviewOf(items: readonly SloListItem[], limit: number): SloOverview {
  return { total: items.length, counts: countByBand(items), worst: worstSlos(items, limit), stale: items.filter((i) => i.stale).length };
}
