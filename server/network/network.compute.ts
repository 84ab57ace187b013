import type { DomainTile } from '../domains/strip.schema';
import {
  bandOf,
  countBands,
  formatMs,
  formatPercent,
  formatRate,
  serviceFor,
  worstFirst,
  type AlertSpec,
  type CatalogService,
  type OpsRow,
  type Threshold,
} from '../domains/ops-signals.compute';

// Network operations (docs/domains.md "Network"): DNS latency (CoreDNS p99
// per pod), connection errors (the ingress controller's 5xx share per
// Ingress) and CNI drops (Hubble drops per node and reason), banded against
// the thresholds below. Pure: the service passes what Prometheus answered.

export const NETWORK_THRESHOLDS = {
  /** CoreDNS p99 in seconds: pods resolve in a few ms; 100 ms is felt by every call chain. */
  dnsP99: { warning: 0.1, critical: 0.25 } satisfies Threshold,
  /** Share of ingress responses that are 5xx. */
  ingress5xx: { warning: 0.01, critical: 0.05 } satisfies Threshold,
  /** Drops per second per node and reason. */
  drops: { warning: 1, critical: 10 } satisfies Threshold,
  /** Ingresses quieter than this (req/s) are not judged: three errors are not a 5 % outage. */
  minRps: 0.1,
};

export const NETWORK_ALERTS = { dns: 'DnsLatencyHigh', ingress: 'IngressErrorsHigh', drops: 'PacketDropsHigh' } as const;

type Sample = { metric: Record<string, string>; value: number };
export type NetworkSource = {
  dataSourceId: string;
  dataSource: string;
  clusterId: string | null;
  dns?: Sample[];
  requests?: Sample[];
  errors5xx?: Sample[];
  drops?: Sample[];
};

const finite = (s: Sample) => Number.isFinite(s.value);

export function evaluateNetwork(sources: readonly NetworkSource[], services: ReadonlyMap<string, CatalogService>): OpsRow[] {
  const rows: OpsRow[] = [];
  for (const src of sources) {
    const base = { dataSource: src.dataSource, clusterId: src.clusterId };
    for (const s of (src.dns ?? []).filter(finite)) {
      const pod = s.metric.pod ?? s.metric.instance ?? 'coredns';
      const t = NETWORK_THRESHOLDS.dnsP99;
      rows.push({ ...base, id: `${src.dataSourceId}/dns/${pod}`, signal: 'dns', subject: pod, detail: s.metric.server ?? null, namespace: s.metric.namespace ?? null, value: s.value, display: formatMs(s.value), status: bandOf(s.value, t), severity: s.value / t.critical, service: null, team: null });
    }
    const errors = new Map((src.errors5xx ?? []).filter(finite).map((s) => [`${s.metric.namespace}/${s.metric.ingress}`, s.value]));
    for (const s of (src.requests ?? []).filter(finite)) {
      if (s.value < NETWORK_THRESHOLDS.minRps) continue;
      const key = `${s.metric.namespace}/${s.metric.ingress}`;
      const ratio = (errors.get(key) ?? 0) / s.value;
      const t = NETWORK_THRESHOLDS.ingress5xx;
      const service = serviceFor([s.metric.ingress, s.metric.service, s.metric.namespace], services);
      rows.push({ ...base, id: `${src.dataSourceId}/ingress/${key}`, signal: 'ingress', subject: key, detail: `${formatRate(s.value, 'req')}`, namespace: s.metric.namespace ?? null, value: ratio, display: formatPercent(ratio), status: bandOf(ratio, t), severity: ratio / t.critical, service: service && { slug: service.slug, name: service.name }, team: service?.team ?? null });
    }
    for (const s of (src.drops ?? []).filter(finite)) {
      const node = s.metric.node ?? s.metric.instance ?? 'unknown node';
      const t = NETWORK_THRESHOLDS.drops;
      rows.push({ ...base, id: `${src.dataSourceId}/drops/${node}/${s.metric.reason ?? ''}`, signal: 'drops', subject: node, detail: s.metric.reason ?? null, namespace: null, value: s.value, display: formatRate(s.value, 'drops'), status: bandOf(s.value, t), severity: s.value / t.critical, service: null, team: null });
    }
  }
  return worstFirst(rows);
}

export const NETWORK_ALERT_SPECS: Record<string, AlertSpec> = {
  dns: { alertname: NETWORK_ALERTS.dns, pagesFrom: null, summary: (r) => `CoreDNS ${r.subject} answers slowly: p99 ${r.display} (${r.dataSource})`, description: () => 'Every service call that resolves a name waits for this; check the pod\'s CPU throttling, upstream resolvers and the cache hit rate.' },
  // 5xx at the edge is what customers see: critical pages the owning team.
  ingress: { alertname: NETWORK_ALERTS.ingress, pagesFrom: 'critical', summary: (r) => `Ingress ${r.subject} answers ${r.display} 5xx (${r.detail})`, description: () => '502/504 from the ingress controller are connection errors to the backend: check its endpoints, readiness and the upstream timeouts.' },
  drops: { alertname: NETWORK_ALERTS.drops, pagesFrom: null, summary: (r) => `Node ${r.subject} drops ${r.display} (${r.detail ?? 'unknown reason'})`, description: (r) => (r.detail === 'POLICY_DENIED' ? 'A NetworkPolicy denies this traffic: intended, or a policy missing an allow rule.' : 'The CNI drops packets it should forward: check the Cilium agent on the node (maps, conntrack table size).') },
};

function worstOf(rows: readonly OpsRow[], signal: string): OpsRow | null {
  let worst: OpsRow | null = null;
  for (const r of rows) if (r.signal === signal && (!worst || r.value > worst.value)) worst = r;
  return worst;
}

export type NetworkHeadline = { dns: OpsRow | null; ingress: OpsRow | null; drops: OpsRow | null };

/** The three figures the page shows big: the slowest DNS pod, the worst Ingress, the node dropping most. */
export function networkHeadline(rows: readonly OpsRow[]): NetworkHeadline {
  return { dns: worstOf(rows, 'dns'), ingress: worstOf(rows, 'ingress'), drops: worstOf(rows, 'drops') };
}

export function networkTile(rows: readonly OpsRow[], href: string, noSource: string | null): DomainTile {
  const base = { domain: 'network' as const, label: 'Network', signal: 'DNS p99 (slowest CoreDNS pod)', href };
  if (rows.length === 0) return { ...base, value: '—', status: 'no-data', detail: noSource ?? 'No CoreDNS, ingress or CNI series in Prometheus' };
  const h = networkHeadline(rows);
  const c = countBands(rows);
  const bad = rows.filter((r) => r.status !== 'ok');
  const detail = bad.length
    ? bad.slice(0, 2).map((r) => `${r.subject} ${r.display}`).join('; ') + (bad.length > 2 ? ` and ${bad.length - 2} more` : '')
    : `${c.total} network signals within thresholds`;
  return { ...base, value: h.dns ? h.dns.display : '—', status: c.critical ? 'critical' : c.warning ? 'warning' : 'ok', detail };
}

/** The day's figures for the trend: worst DNS p99 (ms), worst ingress 5xx (%), drops per second, rows out of band. */
export function networkTrendValues(rows: readonly OpsRow[]): Record<string, number> {
  const h = networkHeadline(rows);
  const c = countBands(rows);
  const drops = rows.filter((r) => r.signal === 'drops').reduce((a, r) => a + r.value, 0);
  return {
    ...(h.dns ? { dnsP99Ms: Math.round(h.dns.value * 10_000) / 10 } : {}),
    ...(h.ingress ? { ingress5xxPct: Math.round(h.ingress.value * 10_000) / 100 } : {}),
    dropsPerSecond: Math.round(drops * 100) / 100,
    critical: c.critical,
    warning: c.warning,
  };
}
