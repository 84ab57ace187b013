// Synthetic Prometheus series for the simulator's shop: request counters by
// status code, a latency histogram and CPU throttling counters per service.
//
// Every counter is a closed-form function of wall-clock time, so any instant
// (back to the retention limit) is answered without storing samples, and the
// same seed gives the same history whenever the simulator is (re)started:
//  - traffic follows a daily curve (busy afternoons, quiet nights, UTC) plus two
//    slower wobbles, integrated analytically;
//  - incidents (error spikes, latency regressions) are drawn per service per
//    week of absolute time from the seed, so budgets differ across services and
//    already-sampled history never changes;
//  - counters restart at deterministic "pod restarts" (every 1-3 days) so rate()
//    has resets to handle.

import { matches, type Labels, type Matcher, type SeriesSource } from './promql/series';
import { Prng, hash32 } from './prng';
import { opsSeries } from './prom-ops-series';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

export type ServiceProfile = {
  job: string;
  namespace: string;
  /** Mean requests per second. */
  rps: number;
  /** Baseline fraction of 5xx responses. */
  errorRatio: number;
  /** Median latency (s) outside incidents. */
  medianSeconds: number;
  /** Chance per week of an error spike / a latency regression. */
  errorIncidentsPerWeek: number;
  latencyIncidentsPerWeek: number;
};

/**
 * The shop's HTTP workloads (job = workload name, as in its PrometheusRules and
 * PrometheusServiceLevels) and the demo catalog's services (job = service slug,
 * the golden-signal default selector). Profiles differ on purpose.
 */
export const SHOP_SERVICES: ServiceProfile[] = [
  { job: 'web-frontend', namespace: 'storefront', rps: 180, errorRatio: 0.0004, medianSeconds: 0.08, errorIncidentsPerWeek: 0.4, latencyIncidentsPerWeek: 0.5 },
  { job: 'recommendations', namespace: 'storefront', rps: 60, errorRatio: 0.002, medianSeconds: 0.12, errorIncidentsPerWeek: 0.3, latencyIncidentsPerWeek: 0.3 },
  { job: 'cart-service', namespace: 'checkout', rps: 45, errorRatio: 0.0012, medianSeconds: 0.05, errorIncidentsPerWeek: 0.5, latencyIncidentsPerWeek: 0.2 },
  { job: 'checkout-api', namespace: 'checkout', rps: 25, errorRatio: 0.0015, medianSeconds: 0.15, errorIncidentsPerWeek: 0.9, latencyIncidentsPerWeek: 0.3 },
  { job: 'payment-service', namespace: 'payments', rps: 12, errorRatio: 0.0003, medianSeconds: 0.12, errorIncidentsPerWeek: 0.2, latencyIncidentsPerWeek: 0.9 },
  { job: 'catalog-api', namespace: 'catalog', rps: 90, errorRatio: 0.0008, medianSeconds: 0.06, errorIncidentsPerWeek: 0.3, latencyIncidentsPerWeek: 0.3 },
  { job: 'search-api', namespace: 'search', rps: 70, errorRatio: 0.001, medianSeconds: 0.09, errorIncidentsPerWeek: 0.4, latencyIncidentsPerWeek: 0.6 },
  { job: 'auth-service', namespace: 'identity', rps: 40, errorRatio: 0.0001, medianSeconds: 0.04, errorIncidentsPerWeek: 0.3, latencyIncidentsPerWeek: 0.1 },
  { job: 'payments-api', namespace: 'payments', rps: 15, errorRatio: 0.0002, medianSeconds: 0.09, errorIncidentsPerWeek: 0.3, latencyIncidentsPerWeek: 0.7 },
  { job: 'payments-ledger', namespace: 'payments', rps: 8, errorRatio: 0.00005, medianSeconds: 0.03, errorIncidentsPerWeek: 0.1, latencyIncidentsPerWeek: 0.1 },
  { job: 'fraud-scoring', namespace: 'payments', rps: 12, errorRatio: 0.0042, medianSeconds: 0.3, errorIncidentsPerWeek: 0.6, latencyIncidentsPerWeek: 0.4 },
  { job: 'checkout-web', namespace: 'checkout', rps: 30, errorRatio: 0.0002, medianSeconds: 0.1, errorIncidentsPerWeek: 0.9, latencyIncidentsPerWeek: 0.3 },
  { job: 'ingress-gateway', namespace: 'ingress-nginx', rps: 400, errorRatio: 0.00015, medianSeconds: 0.01, errorIncidentsPerWeek: 0.2, latencyIncidentsPerWeek: 0.2 },
];

/** Histogram buckets of http_request_duration_seconds. */
export const LATENCY_BUCKETS = [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
/** Share of requests per non-2xx code (the rest of the non-error traffic is 200). */
const CODE_404 = 0.01;
const CODE_503_OF_ERRORS = 0.3;

type Segment = { from: number; to: number; factor: number };
type Incident = { kind: 'errors' | 'latency'; from: number; to: number; severity: number };

/** ∫ shape(s) ds over seconds, shape = 1 + 0.45·daily + 0.08·(≈3.7 h) + 0.05·(≈47 min). */
const WAVES: Array<{ a: number; periodS: number; phase: number }> = [
  // Peak around 15:00 UTC, trough around 03:00 UTC.
  { a: 0.45, periodS: 86_400, phase: Math.PI / 2 - (2 * Math.PI * 15) / 24 },
  { a: 0.08, periodS: 13_331, phase: 0.7 },
  { a: 0.05, periodS: 2_819, phase: 2.1 },
];

function shapeIntegral(tS: number): number {
  let v = tS;
  for (const w of WAVES) v -= ((w.a * w.periodS) / (2 * Math.PI)) * Math.cos((2 * Math.PI * tS) / w.periodS + w.phase);
  return v;
}

/** ∫ rate over [aMs, bMs] for rate = base·shape·factor(t) with piecewise factors. */
function integrate(base: number, dflt: number, segments: readonly Segment[], aMs: number, bMs: number): number {
  if (bMs <= aMs) return 0;
  const I = (ms: number) => shapeIntegral(ms / 1000);
  let v = dflt * (I(bMs) - I(aMs));
  for (const s of segments) {
    const lo = Math.max(aMs, s.from);
    const hi = Math.min(bMs, s.to);
    if (hi > lo) v += (s.factor - dflt) * (I(hi) - I(lo));
  }
  return base * v;
}

/** Standard normal CDF (Abramowitz-Stegun 7.1.26), enough for a latency curve. */
function normalCdf(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x / Math.SQRT2));
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-(x * x) / 2);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** σ of ln(latency): p99 ≈ 3.2 × the median, so a healthy service keeps > 99.9 % under 5 × its median. */
const LATENCY_SIGMA = 0.5;

/** Share of requests faster than `le` for a log-normal latency with this median. */
export function shareUnder(le: number, medianSeconds: number): number {
  return normalCdf(Math.log(le / medianSeconds) / LATENCY_SIGMA);
}

export type PromSeriesOptions = { seed: string; clock: () => number; retentionMs?: number; services?: ServiceProfile[] };

export class ShopSeries implements SeriesSource {
  readonly scrapeMs = 30_000;
  private readonly services: ServiceProfile[];
  private readonly retentionMs: number;
  private incidentCache = new Map<string, Incident[]>();
  private series: Array<{ labels: Labels; valueAt: (t: number) => number | undefined }> = [];

  constructor(private opts: PromSeriesOptions) {
    this.services = opts.services ?? SHOP_SERVICES;
    this.retentionMs = opts.retentionMs ?? 35 * DAY;
    for (const p of this.services) this.addService(p);
    // The network, storage and performance domains' series (prom-ops-series.ts).
    this.series.push(...opsSeries((t) => this.available(t), (job) => this.services.find((p) => p.job === job)?.namespace));
  }

  select(matchers: readonly Matcher[]) {
    return this.series.filter((s) => matches(s.labels, matchers));
  }

  /** Incidents of one service during the week that starts at weekIndex·WEEK. */
  incidentsInWeek(p: ServiceProfile, weekIndex: number): Incident[] {
    const key = `${p.job}/${weekIndex}`;
    const cached = this.incidentCache.get(key);
    if (cached) return cached;
    const prng = new Prng(`${this.opts.seed}/prom/${key}`);
    const out: Incident[] = [];
    const weekStart = weekIndex * WEEK;
    if (prng.next() < p.errorIncidentsPerWeek) {
      const from = weekStart + Math.floor(prng.next() * (WEEK - DAY));
      const minutes = 15 + Math.floor(prng.next() * 150);
      out.push({ kind: 'errors', from, to: from + minutes * 60_000, severity: 0.02 + prng.next() * 0.1 });
    }
    if (prng.next() < p.latencyIncidentsPerWeek) {
      const from = weekStart + Math.floor(prng.next() * (WEEK - DAY));
      const hours = 1 + Math.floor(prng.next() * 8);
      out.push({ kind: 'latency', from, to: from + hours * 3_600_000, severity: 1.5 + prng.next() * 2.5 });
    }
    this.incidentCache.set(key, out);
    return out;
  }

  incidents(p: ServiceProfile, fromMs: number, toMs: number): Incident[] {
    const out: Incident[] = [];
    for (let w = Math.floor(fromMs / WEEK); w <= Math.floor(toMs / WEEK); w++) out.push(...this.incidentsInWeek(p, w).filter((i) => i.to > fromMs && i.from < toMs));
    return out;
  }

  /** When the counters of this service last restarted at or before t (pods restart every 1-3 days). */
  lastReset(p: ServiceProfile, tMs: number): number {
    const h = hash32(`${this.opts.seed}/reset/${p.job}`);
    const period = DAY + (h % (2 * DAY));
    const offset = h % period;
    return Math.floor((tMs - offset) / period) * period + offset;
  }

  private available(tMs: number): boolean {
    const now = this.opts.clock();
    return tMs <= now && tMs >= now - this.retentionMs;
  }

  private addService(p: ServiceProfile): void {
    const base = { job: p.job, namespace: p.namespace, instance: `${p.job}.${p.namespace}.svc:8080` };
    // Error ratio during incidents rises to severity; request volume is unchanged.
    const errorSegments = (a: number, b: number): Segment[] =>
      this.incidents(p, a, b)
        .filter((i) => i.kind === 'errors')
        .map((i) => ({ from: i.from, to: i.to, factor: i.severity }));
    const counter = (rateOf: (a: number, b: number) => number) => (t: number) => {
      if (!this.available(t)) return undefined;
      return rateOf(this.lastReset(p, t), t);
    };
    const total = (a: number, b: number) => integrate(p.rps, 1, [], a, b);
    const errors = (a: number, b: number) => integrate(p.rps, p.errorRatio, errorSegments(a, b), a, b);
    const codes: Array<[string, (a: number, b: number) => number]> = [
      ['200', (a, b) => total(a, b) * (1 - CODE_404) - errors(a, b)],
      ['404', (a, b) => total(a, b) * CODE_404],
      ['500', (a, b) => errors(a, b) * (1 - CODE_503_OF_ERRORS)],
      ['503', (a, b) => errors(a, b) * CODE_503_OF_ERRORS],
    ];
    // `code` is the client_golang label, `status` the one the shop's rules use: both are set.
    for (const [code, f] of codes) this.series.push({ labels: { __name__: 'http_requests_total', ...base, code, status: code }, valueAt: counter(f) });

    // Latency: the share under each bucket bound follows a log-normal whose median
    // is multiplied by the regression's severity while it lasts.
    const share = (le: number) => (a: number, b: number) => {
      if (le === Infinity) return total(a, b);
      const normal = shareUnder(le, p.medianSeconds);
      const segs = this.incidents(p, a, b)
        .filter((i) => i.kind === 'latency')
        .map((i) => ({ from: i.from, to: i.to, factor: shareUnder(le, p.medianSeconds * i.severity) }));
      return integrate(p.rps, normal, segs, a, b);
    };
    for (const le of [...LATENCY_BUCKETS, Infinity]) {
      this.series.push({ labels: { __name__: 'http_request_duration_seconds_bucket', ...base, le: le === Infinity ? '+Inf' : String(le) }, valueAt: counter(share(le)) });
    }
    this.series.push({ labels: { __name__: 'http_request_duration_seconds_count', ...base }, valueAt: counter(total) });
    // Sum of latencies ≈ count × mean of the log-normal (median·e^(σ²/2)), ignoring regressions.
    this.series.push({ labels: { __name__: 'http_request_duration_seconds_sum', ...base }, valueAt: counter((a, b) => total(a, b) * p.medianSeconds * Math.exp((LATENCY_SIGMA * LATENCY_SIGMA) / 2)) });

    // CFS periods: 10 per second per container; throttling follows traffic (3 % of periods on average, more at peak).
    const container = { ...base, container: p.job, pod: `${p.job}-0` };
    this.series.push({ labels: { __name__: 'container_cpu_cfs_periods_total', ...container }, valueAt: counter((a, b) => (b - a) / 100) });
    this.series.push({ labels: { __name__: 'container_cpu_cfs_throttled_periods_total', ...container }, valueAt: counter((a, b) => integrate(0.3, 1, [], a, b)) });
  }
}

/**
 * The incident windows of the shop's synthetic metrics for one job, as the
 * metrics show them for this seed (the demo seed places its past incidents on
 * them). An unknown job has none.
 */
export function shopIncidentWindows(seed: string, now: number): (job: string, fromMs: number, toMs: number) => Incident[] {
  const series = new ShopSeries({ seed, clock: () => now });
  return (job, fromMs, toMs) => {
    const profile = SHOP_SERVICES.find((p) => p.job === job);
    return profile ? series.incidents(profile, fromMs, toMs) : [];
  };
}
