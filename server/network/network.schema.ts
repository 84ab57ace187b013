import { z } from 'zod';
import type { TrendPoint } from '../domains/strip.schema';
import type { OpsRow, OpsStatus } from '../domains/ops-signals.compute';

// Network operations (docs/domains.md "Network"): page input and answer.

export const NETWORK_SIGNALS = ['dns', 'ingress', 'drops'] as const;
export const NETWORK_SIGNAL_LABELS: Record<(typeof NETWORK_SIGNALS)[number], string> = {
  dns: 'DNS latency (CoreDNS p99)',
  ingress: 'Connection errors (ingress 5xx)',
  drops: 'CNI drops (Hubble)',
};

export const networkFilterSchema = z
  .object({
    signal: z.enum(['all', 'attention', ...NETWORK_SIGNALS]).default('all'),
    serviceId: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(200),
    days: z.number().int().refine((d) => d === 30 || d === 90, 'must be 30 or 90').default(30),
  })
  .default({ signal: 'all', limit: 200, days: 30 });
export type NetworkFilter = z.input<typeof networkFilterSchema>;

export type SourceStatus = { dataSourceId: string; dataSource: string; errors: Record<string, string> };

export type NetworkPageDto = {
  now: string;
  headline: { dns: OpsRow | null; ingress: OpsRow | null; drops: OpsRow | null };
  counts: Record<OpsStatus, number> & { total: number };
  rows: OpsRow[];
  matching: number;
  sources: SourceStatus[];
  runbooks: Record<string, { id: string; title: string } | null>;
  trend: TrendPoint[];
};
