import { z } from 'zod';
import type { TrendPoint } from '../domains/strip.schema';
import type { OpsRow, OpsStatus } from '../domains/ops-signals.compute';
import type { ServicePerformance } from './performance.compute';

// Performance tuning (docs/domains.md "Performance"): page input and answer.

export const PERFORMANCE_SIGNALS = ['latency', 'saturation', 'gc'] as const;
export const PERFORMANCE_SIGNAL_LABELS: Record<(typeof PERFORMANCE_SIGNALS)[number], string> = {
  latency: 'Request p99',
  saturation: 'Saturation',
  gc: 'GC pause (longest)',
};

export const performanceFilterSchema = z
  .object({
    signal: z.enum(['all', 'attention', ...PERFORMANCE_SIGNALS]).default('all'),
    serviceId: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(200),
    days: z.number().int().refine((d) => d === 30 || d === 90, 'must be 30 or 90').default(30),
  })
  .default({ signal: 'all', limit: 200, days: 30 });
export type PerformanceFilter = z.input<typeof performanceFilterSchema>;

export type PerformancePageDto = {
  now: string;
  headline: { latency: OpsRow | null; saturation: OpsRow | null; gc: OpsRow | null };
  counts: Record<OpsStatus, number> & { total: number };
  rows: OpsRow[];
  matching: number;
  services: ServicePerformance[];
  runbooks: Record<string, { id: string; title: string } | null>;
  trend: TrendPoint[];
};
