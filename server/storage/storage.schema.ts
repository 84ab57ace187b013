import { z } from 'zod';
import type { TrendPoint } from '../domains/strip.schema';
import type { OpsRow, OpsStatus } from '../domains/ops-signals.compute';
import type { SourceStatus } from '../network/network.schema';
import type { PvcRow, StorageClassRow } from './storage.compute';

// Storage operations (docs/domains.md "Storage"): page input and answer.

export const STORAGE_SIGNALS = ['pending', 'fill', 'iops'] as const;
export const STORAGE_SIGNAL_LABELS: Record<(typeof STORAGE_SIGNALS)[number], string> = {
  pending: 'Pending PVC',
  fill: 'Volume used / capacity',
  iops: 'IOPS saturation',
};

export const storageFilterSchema = z
  .object({
    signal: z.enum(['all', 'attention', ...STORAGE_SIGNALS]).default('all'),
    serviceId: z.string().max(100).optional(),
    limit: z.number().int().min(1).max(500).default(200),
    days: z.number().int().refine((d) => d === 30 || d === 90, 'must be 30 or 90').default(30),
  })
  .default({ signal: 'all', limit: 200, days: 30 });
export type StorageFilter = z.input<typeof storageFilterSchema>;

export type StoragePageDto = {
  now: string;
  headline: { pending: number; oldestPending: OpsRow | null; fullest: OpsRow | null; iops: OpsRow | null; bind: { measured: number; medianSeconds: number | null; maxSeconds: number | null } };
  counts: Record<OpsStatus, number> & { total: number };
  rows: OpsRow[];
  matching: number;
  claims: PvcRow[];
  classes: StorageClassRow[];
  sources: SourceStatus[];
  runbooks: Record<string, { id: string; title: string } | null>;
  trend: TrendPoint[];
};
