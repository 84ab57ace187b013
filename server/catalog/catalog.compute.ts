import type { ServiceLink, ServiceTier } from './catalog.schema';

/**
 * Links as stored (a JSON column) back to typed links. Rows written by older
 * code or by hand may hold anything; unusable entries are dropped rather than
 * failing the whole catalog page.
 */
export function linksFromJson(value: unknown): ServiceLink[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): ServiceLink[] => {
    if (!item || typeof item !== 'object') return [];
    const { label, url } = item as { label?: unknown; url?: unknown };
    if (typeof label !== 'string' || typeof url !== 'string' || !/^https?:\/\//i.test(url)) return [];
    return [{ label, url }];
  });
}

const TIER_ORDER: Record<ServiceTier, number> = { tier1: 0, tier2: 1, tier3: 2 };

/** Most critical first, then by name: the order people scan a catalog in. */
export function compareServices(a: { tier: ServiceTier; name: string }, b: { tier: ServiceTier; name: string }): number {
  return TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || a.name.localeCompare(b.name);
}
