import type { DomainAlert } from '../alerts/domain-alerts.compute';

// What the Prometheus-fed operations domains (network, storage, performance;
// docs/domains.md) share: a measured row with its threshold band, worst-first
// order, the alerts a band raises and the service a row belongs to. Pure.

export type OpsStatus = 'critical' | 'warning' | 'ok';
/** Higher is worse: `value >= critical` is critical, `>= warning` a warning. */
export type Threshold = { warning: number; critical: number };

export type OpsRow = {
  /** Stable: data source / signal / subject. Alerts key on it. */
  id: string;
  signal: string;
  /** What was measured: `kube-system/coredns-…`, `search/search-api`, a node. */
  subject: string;
  /** The reason, device or other qualifier; null when none. */
  detail: string | null;
  namespace: string | null;
  dataSource: string;
  clusterId: string | null;
  value: number;
  /** `value` formatted with its unit. */
  display: string;
  status: OpsStatus;
  /** value / critical threshold: orders rows of one band. */
  severity: number;
  service: { slug: string; name: string } | null;
  team: string | null;
};

export type CatalogService = { slug: string; name: string; team: string | null };

const RANK: Record<OpsStatus, number> = { critical: 0, warning: 1, ok: 2 };

export function bandOf(value: number, t: Threshold): OpsStatus {
  return value >= t.critical ? 'critical' : value >= t.warning ? 'warning' : 'ok';
}

/** Worst first: band, then how far past the critical threshold, then id (stable). */
export function worstFirst<T extends Pick<OpsRow, 'status' | 'severity' | 'id'>>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => RANK[a.status] - RANK[b.status] || b.severity - a.severity || a.id.localeCompare(b.id));
}

export function countBands(rows: readonly Pick<OpsRow, 'status'>[]): Record<OpsStatus, number> & { total: number } {
  const out = { critical: 0, warning: 0, ok: 0, total: rows.length };
  for (const r of rows) out[r.status]++;
  return out;
}

/**
 * The catalog service a measured object belongs to: the first candidate name
 * (Ingress, workload, job, then namespace) that is a service's slug.
 */
export function serviceFor(candidates: readonly (string | null | undefined)[], services: ReadonlyMap<string, CatalogService>): CatalogService | null {
  for (const c of candidates) {
    const s = c ? services.get(c) : undefined;
    if (s) return s;
  }
  return null;
}

export type AlertSpec = {
  alertname: string;
  /** The band from which the alert pages (customer-visible); null = never pages on its own. */
  pagesFrom: OpsStatus | null;
  summary: (r: OpsRow) => string;
  description?: (r: OpsRow) => string;
};

/**
 * One alert per row outside the ok band, keyed by row and band: crossing from
 * warning to critical resolves the warning and raises the critical one, and a
 * row that stays in its band stays one alert (the pipeline dedupes on the key).
 */
export function bandAlerts(rows: readonly OpsRow[], specs: Readonly<Record<string, AlertSpec>>, runbooks: Partial<Record<string, string>>, hrefOf: (r: OpsRow) => string): DomainAlert[] {
  const out: DomainAlert[] = [];
  for (const r of rows) {
    const spec = specs[r.signal];
    if (!spec || r.status === 'ok') continue;
    out.push({
      key: `${r.id}/${r.status}`,
      alertname: spec.alertname,
      severity: r.status,
      customerVisible: spec.pagesFrom !== null && RANK[r.status] <= RANK[spec.pagesFrom],
      summary: spec.summary(r),
      description: spec.description?.(r),
      labels: {
        signal: r.signal,
        datasource: r.dataSource,
        ...(r.namespace ? { namespace: r.namespace } : {}),
        ...(r.service ? { service: r.service.slug } : {}),
        ...(r.team ? { team: r.team } : {}),
      },
      runbookUrl: runbooks[spec.alertname],
      href: hrefOf(r),
    });
  }
  return out;
}

export function formatMs(seconds: number): string {
  const ms = seconds * 1000;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : ms >= 10 ? `${Math.round(ms)} ms` : `${ms.toFixed(1)} ms`;
}

export function formatPercent(ratio: number): string {
  const p = ratio * 100;
  return p >= 10 ? `${Math.round(p)} %` : p >= 0.1 ? `${p.toFixed(1)} %` : `${p.toFixed(2)} %`;
}

export function formatRate(perSecond: number, unit: string): string {
  return `${perSecond >= 10 ? Math.round(perSecond) : perSecond.toFixed(perSecond >= 1 ? 1 : 2)} ${unit}/s`;
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}
