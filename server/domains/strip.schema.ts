// The domain strip (docs/domains.md "Domain strip"): one tile per operations
// domain with its primary signal, on the overview (whole organisation) and on
// each service page (that service). Domains fill their tile through
// server/domains/strip.service.ts; a domain not built yet shows "no data".

export const DOMAIN_KEYS = ['certificates', 'dr', 'security', 'network', 'storage', 'performance', 'toil'] as const;
export type DomainKey = (typeof DOMAIN_KEYS)[number];

export type TileStatus = 'critical' | 'warning' | 'ok' | 'no-data';

export type DomainTile = {
  domain: DomainKey;
  /** The domain's name, e.g. "Certificates". */
  label: string;
  /** The primary signal's name, e.g. "days to the next expiry". */
  signal: string;
  /** The figure, formatted: "6 days", "25 h old", "—". */
  value: string;
  status: TileStatus;
  /** One sentence: why this status. */
  detail: string;
  /** The domain page (filtered to the scope when it can be). */
  href: string;
};

export type DomainScope = { kind: 'org' } | { kind: 'service'; serviceId: string };
/** A tile for a domain that has nothing to say about the scope. */
export function noDataTile(domain: DomainKey, label: string, signal: string, href: string, detail: string): DomainTile {
  return { domain, label, signal, value: '—', status: 'no-data', detail, href };
}

/** One day of a domain's figures (DomainSnapshot), for the trend charts. */
export type TrendPoint = { day: string; values: Record<string, number> };
