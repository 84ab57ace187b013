import { z } from 'zod';
import { idText } from '../lib/text';

// The four golden signals per service (latency, traffic, errors, saturation),
// charted from Prometheus on demand. Queries are PromQL with `$selector` (the
// service's label matchers, e.g. job="checkout") and, for latency, `$quantile`.

export const GOLDEN_SIGNAL_KEYS = ['latency', 'traffic', 'errors5xx', 'errors4xx', 'saturation'] as const;
export type GoldenSignalKey = (typeof GOLDEN_SIGNAL_KEYS)[number];

export const GOLDEN_SIGNAL_LABELS: Record<GoldenSignalKey, string> = {
  latency: 'Latency (p50 / p95 / p99)',
  traffic: 'Traffic (requests per second)',
  errors5xx: 'Errors: 5xx per second',
  errors4xx: 'Errors: 4xx per second',
  saturation: 'Saturation: CPU throttling (share of periods)',
};

// Conventional metric names (Prometheus client libraries, kubelet/cAdvisor).
export const DEFAULT_GOLDEN_QUERIES: Record<GoldenSignalKey, string> = {
  latency: 'histogram_quantile($quantile, sum by (le) (rate(http_request_duration_seconds_bucket{$selector}[5m])))',
  traffic: 'sum(rate(http_requests_total{$selector}[5m]))',
  errors5xx: 'sum(rate(http_requests_total{$selector,code=~"5.."}[5m])) or on() vector(0)',
  errors4xx: 'sum(rate(http_requests_total{$selector,code=~"4.."}[5m])) or on() vector(0)',
  saturation:
    'sum(rate(container_cpu_cfs_throttled_periods_total{$selector}[5m])) / sum(rate(container_cpu_cfs_periods_total{$selector}[5m]))',
};

export const defaultSelector = (serviceSlug: string) => `job="${serviceSlug}"`;

export const saveGoldenSignalsSchema = z.object({
  serviceId: idText(),
  dataSourceId: idText().nullable().default(null),
  selector: z
    .string()
    .trim()
    .min(1, 'Give label matchers such as job="checkout"')
    .max(500)
    .refine((s) => !/[{}]/.test(s), 'Label matchers without braces, e.g. job="checkout",namespace="shop"'),
  queries: z.partialRecord(z.enum(GOLDEN_SIGNAL_KEYS), z.string().trim().max(2000)).default({}),
});
export type SaveGoldenSignalsInput = z.input<typeof saveGoldenSignalsSchema>;

export const goldenSignalsQuerySchema = z.object({
  serviceId: idText(),
  hours: z.number().int().min(1).max(168).default(6),
});

export type GoldenSignalsConfig = {
  serviceId: string;
  serviceSlug: string;
  dataSourceId: string | null;
  selector: string;
  /** The query in effect per signal (custom or default) and whether it is custom. */
  queries: Record<GoldenSignalKey, { query: string; custom: boolean }>;
};

type GoldenSeries = { name: string; points: Array<[number, number]> };
export type GoldenSignalsDto = {
  config: GoldenSignalsConfig;
  dataSourceName: string | null;
  from: number;
  to: number;
  signals: Array<{ key: GoldenSignalKey; label: string; series: GoldenSeries[]; error: string | null }>;
};

export function renderGoldenQuery(query: string, selector: string, quantile?: number): string {
  return query.replaceAll('$selector', selector).replaceAll('$quantile', quantile === undefined ? '0.99' : String(quantile));
}
