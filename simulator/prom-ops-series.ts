// Synthetic Prometheus series for Runwell's network, storage and performance
// domains (docs/domains.md): CoreDNS request durations, ingress-nginx requests,
// Cilium Hubble drops, kubelet volume stats, node disk busy time and the Go
// GC pause summary. Closed-form functions of time like prom-series.ts, with
// one bad actor each so the demo has something to show:
//  - CoreDNS pod coredns-7db6d8ff4d-x2k9q answers slowly (p99 ≈ 0.4 s);
//  - the search Ingress fails 6 % of requests with 502/504;
//  - node ip-10-0-42-34 drops packets (CT map full, ≈ 14 drops/s);
//  - search's Elasticsearch volume is 94 % full, its node's disk busy 97 %;
//  - fraud-scoring's GC pauses reach 180 ms;
//  - Falcosidekick counts Falco events (a shell in a container every quarter
//    hour, a sensitive file read every 45 minutes, a dropped binary every 3 h).

import type { Labels } from './promql/series';

type Series = { labels: Labels; valueAt: (tMs: number) => number | undefined };

const node = (i: number) => `ip-10-0-${10 + i * 16}-${20 + i * 7}.eu-west-1.compute.internal`;
const GIB = 1024 ** 3;

/** A counter whose rate is `perSecond·(1 + wobble·sin(2πt/period))`: monotonic, with a visible wobble. */
function counter(perSecond: number, periodS: number, available: (t: number) => boolean, wobble = 0.3): (t: number) => number | undefined {
  return (t) => {
    if (!available(t)) return undefined;
    const s = t / 1000;
    return perSecond * (s - ((wobble * periodS) / (2 * Math.PI)) * Math.cos((2 * Math.PI * s) / periodS));
  };
}

/** Share of a log-normal latency (median m, σ of ln) under `le` (Abramowitz-Stegun erf). */
function logNormalUnder(le: number, median: number, sigma: number): number {
  const x = Math.log(le / median) / sigma / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

const DNS_BUCKETS = [0.00025, 0.0005, 0.001, 0.002, 0.004, 0.008, 0.016, 0.032, 0.064, 0.128, 0.256, 0.512, 1.024, 2.048, 4.096, 8.192];
const DNS_PODS = [
  { pod: 'coredns-7db6d8ff4d-4m8zt', median: 0.0015, qps: 220 },
  { pod: 'coredns-7db6d8ff4d-x2k9q', median: 0.045, qps: 190 },
];

const INGRESSES = [
  { namespace: 'storefront', ingress: 'web-frontend', rps: 180, errorRatio: 0.0005 },
  { namespace: 'checkout', ingress: 'checkout-api', rps: 25, errorRatio: 0.001 },
  { namespace: 'payments', ingress: 'payment-service', rps: 12, errorRatio: 0.0004 },
  { namespace: 'catalog', ingress: 'catalog-api', rps: 90, errorRatio: 0.002 },
  { namespace: 'search', ingress: 'search-api', rps: 70, errorRatio: 0.06 },
  { namespace: 'identity', ingress: 'auth-service', rps: 40, errorRatio: 0.0002 },
];

const DROPS = [
  { node: node(2), reason: 'POLICY_DENIED', perSecond: 0.05 },
  { node: node(3), reason: 'POLICY_DENIED', perSecond: 0.08 },
  { node: node(2), reason: 'CT_MAP_INSERTION_FAILED', perSecond: 14 },
  { node: node(4), reason: 'STALE_OR_UNROUTABLE_IP', perSecond: 0.2 },
];

const VOLUMES = [
  { namespace: 'payments', pvc: 'data-payments-db-0', node: node(3), capacityGi: 100, usedShare: 0.41 },
  { namespace: 'payments', pvc: 'data-payments-db-1', node: node(4), capacityGi: 100, usedShare: 0.4 },
  { namespace: 'payments', pvc: 'data-payments-db-2', node: node(5), capacityGi: 100, usedShare: 0.42 },
  { namespace: 'search', pvc: 'data-search-indexer-0', node: node(6), capacityGi: 200, usedShare: 0.94 },
];

const DISKS = [0, 1, 2, 3, 4, 5, 6, 7].map((i) => ({ node: node(i), device: 'nvme1n1', busy: i === 6 ? 0.97 : 0.08 + i * 0.03 }));

/** Falcosidekick's event counter per rule and priority (events per hour). */
const FALCO = [
  { rule: 'Terminal shell in container', priority: 'Notice', perHour: 4 },
  { rule: 'Read sensitive file untrusted', priority: 'Warning', perHour: 4 / 3 },
  { rule: 'Drop and execute new binary in container', priority: 'Critical', perHour: 1 / 3 },
];

/** Longest GC pause per job (s); the others' quantiles scale from it. */
const GC_MAX_SECONDS: Record<string, number> = { 'fraud-scoring': 0.18, 'search-api': 0.021, 'checkout-api': 0.009, 'payment-service': 0.006, 'payments-api': 0.007, 'payments-ledger': 0.004, 'auth-service': 0.003, 'catalog-api': 0.008 };

export function opsSeries(available: (t: number) => boolean, namespaceOfJob: (job: string) => string | undefined): Series[] {
  const out: Series[] = [];
  for (const p of DNS_PODS) {
    const base = { job: 'coredns', namespace: 'kube-system', pod: p.pod, server: 'dns://:53', zone: '.' };
    for (const le of [...DNS_BUCKETS, Infinity]) {
      const share = le === Infinity ? 1 : logNormalUnder(le, p.median, 0.9);
      out.push({ labels: { __name__: 'coredns_dns_request_duration_seconds_bucket', ...base, le: le === Infinity ? '+Inf' : String(le) }, valueAt: counter(p.qps * share, 3_600, available) });
    }
    out.push({ labels: { __name__: 'coredns_dns_requests_total', ...base }, valueAt: counter(p.qps, 3_600, available) });
  }
  for (const i of INGRESSES) {
    const base = { job: 'ingress-nginx-controller-metrics', controller_namespace: 'ingress-nginx', controller_class: 'k8s.io/ingress-nginx', namespace: i.namespace, ingress: i.ingress, service: i.ingress, method: 'GET' };
    const codes: Array<[string, number]> = [['200', 1 - 0.01 - i.errorRatio], ['404', 0.01], ['502', i.errorRatio * 0.6], ['503', i.errorRatio * 0.1], ['504', i.errorRatio * 0.3]];
    for (const [status, share] of codes) out.push({ labels: { __name__: 'nginx_ingress_controller_requests', ...base, status }, valueAt: counter(i.rps * share, 5_400, available) });
  }
  for (const d of DROPS) {
    out.push({ labels: { __name__: 'hubble_drop_total', job: 'hubble-metrics', namespace: 'kube-system', node: d.node, reason: d.reason, protocol: 'TCP' }, valueAt: counter(d.perSecond, 7_200, available) });
  }
  for (const v of VOLUMES) {
    const base = { job: 'kubelet', metrics_path: '/metrics', node: v.node, namespace: v.namespace, persistentvolumeclaim: v.pvc };
    const capacity = v.capacityGi * GIB;
    // Grows by 0.5 % of capacity a week, so the trend moves.
    const used = (t: number) => (available(t) ? Math.min(capacity, capacity * (v.usedShare + 0.005 * Math.sin(t / 86_400_000 / 7))) : undefined);
    out.push({ labels: { __name__: 'kubelet_volume_stats_capacity_bytes', ...base }, valueAt: (t) => (available(t) ? capacity : undefined) });
    out.push({ labels: { __name__: 'kubelet_volume_stats_used_bytes', ...base }, valueAt: used });
    out.push({ labels: { __name__: 'kubelet_volume_stats_available_bytes', ...base }, valueAt: (t) => { const u = used(t); return u === undefined ? undefined : capacity - u; } });
  }
  for (const d of DISKS) {
    out.push({ labels: { __name__: 'node_disk_io_time_seconds_total', job: 'node-exporter', node: d.node, instance: `${d.node}:9100`, device: d.device }, valueAt: counter(d.busy, 10_800, available, 0.02) });
  }
  for (const f of FALCO) {
    out.push({ labels: { __name__: 'falcosecurity_falcosidekick_falco_events_total', job: 'falcosidekick', namespace: 'falco', rule: f.rule, priority: f.priority, source: 'syscall' }, valueAt: counter(f.perHour / 3600, 21_600, available, 0.5) });
  }
  for (const [job, max] of Object.entries(GC_MAX_SECONDS)) {
    const base = { job, namespace: namespaceOfJob(job) ?? 'default', instance: `${job}:8080` };
    for (const [q, f] of [['0', 0.02], ['0.25', 0.05], ['0.5', 0.1], ['0.75', 0.2], ['1', 1]] as const) {
      out.push({ labels: { __name__: 'go_gc_duration_seconds', ...base, quantile: q }, valueAt: (t) => (available(t) ? max * f * (1 + 0.1 * Math.sin(t / 3_600_000)) : undefined) });
    }
  }
  return out;
}
