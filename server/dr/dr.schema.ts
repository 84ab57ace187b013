import { z } from 'zod';
import type { TrendPoint } from '../domains/strip.schema';

// Disaster recovery (docs/domains.md "Disaster recovery"): Velero backups
// against their schedules per namespace and service, DR drills against the
// services' RTO/RPO targets, and the quarterly drill cadence.

export const BACKUP_STATES = ['failed', 'stale', 'never', 'no-schedule', 'paused', 'ok'] as const;
export type BackupState = (typeof BACKUP_STATES)[number];

export const BACKUP_STATE_LABELS: Record<BackupState, string> = {
  failed: 'Last backup failed',
  stale: 'Stale',
  never: 'No successful backup',
  'no-schedule': 'No schedule',
  paused: 'Schedule paused',
  ok: 'Fresh',
};

export type NamespaceBackupRow = {
  id: string;
  clusterId: string;
  cluster: string;
  namespace: string;
  team: string | null;
  /** Schedules that cover the namespace (`velero/name`), the tightest first. */
  schedules: string[];
  cron: string | null;
  /** Longest gap between two runs of the tightest schedule, ms; null without a schedule. */
  intervalMs: number | null;
  lastSuccessAt: string | null;
  /** Age of the newest successful backup, ms (the primary signal). */
  ageMs: number | null;
  /** Age beyond which the backup is stale: interval + grace. */
  staleAfterMs: number | null;
  lastAttempt: { name: string; phase: string; at: string; errors: number; reason: string | null } | null;
  failures7d: number;
  state: BackupState;
  services: { slug: string; name: string }[];
};

export const DRILL_STATES = ['overdue', 'never', 'due-soon', 'ok'] as const;
export type DrillState = (typeof DRILL_STATES)[number];

export type DrillRow = {
  id: string;
  service: { id: string; slug: string; name: string };
  restoreName: string;
  cluster: string | null;
  startedAt: string;
  finishedAt: string;
  success: boolean;
  restoreMinutes: number;
  dataLossMinutes: number;
  rtoMinutes: number | null;
  rpoMinutes: number | null;
  /** null when the service has no target. */
  meetsRto: boolean | null;
  meetsRpo: boolean | null;
  notes: string;
  recordedBy: string;
};

export type ServiceDrRow = {
  service: { id: string; slug: string; name: string; tier: string; team: string };
  rtoMinutes: number | null;
  rpoMinutes: number | null;
  namespaces: string[];
  /** Worst backup state of its namespaces; null = no namespace found. */
  backupState: BackupState | null;
  /** Age of the oldest "newest successful backup" among its namespaces. */
  backupAgeMs: number | null;
  /** The newest backup is older than the RPO: a disaster now loses more than the target. */
  rpoAtRisk: boolean;
  lastDrill: DrillRow | null;
  lastSuccessfulDrillAt: string | null;
  drillDueAt: string | null;
  drillState: DrillState;
};

export type DrCounts = Record<BackupState, number> & { namespaces: number; drillsOverdue: number; rpoAtRisk: number };

export type DrPageDto = {
  now: string;
  counts: DrCounts;
  /** Worst namespace first. */
  namespaces: NamespaceBackupRow[];
  services: ServiceDrRow[];
  drills: DrillRow[];
  restores: { cluster: string; name: string; backupName: string; phase: string; startedAt: string | null; finishedAt: string | null }[];
  runbooks: Record<string, { id: string; title: string } | null>;
  trend: TrendPoint[];
};

export const drFilterSchema = z
  .object({
    clusterId: z.string().max(100).optional(),
    serviceId: z.string().max(100).optional(),
    days: z.number().int().refine((d) => d === 30 || d === 90, 'must be 30 or 90').default(30),
  })
  .default({ days: 30 });
export type DrFilter = z.input<typeof drFilterSchema>;

const MAX_MINUTES = 60 * 24 * 365;

export const recordDrillSchema = z
  .object({
    serviceId: z.string({ error: 'Choose the service the drill restored' }).min(1, 'Choose the service the drill restored'),
    restoreName: z.string().trim().min(1, 'Name the restore used (the Velero Restore, or how it was restored)').max(253, 'At most 253 characters'),
    clusterId: z.string().max(100).nullish(),
    startedAt: z.coerce.date({ error: 'Give the time the restore started' }),
    finishedAt: z.coerce.date({ error: 'Give the time the restore finished' }),
    success: z.boolean({ error: 'Say whether the restore succeeded' }),
    dataLossMinutes: z
      .number({ error: 'Give the data-loss window in minutes (0 when nothing was lost)' })
      .int('Whole minutes')
      .min(0, 'Cannot be negative')
      .max(MAX_MINUTES, 'At most a year'),
    notes: z.string().max(5000, 'At most 5,000 characters').default(''),
  })
  .superRefine((v, ctx) => {
    if (v.finishedAt.getTime() < v.startedAt.getTime()) ctx.addIssue({ code: 'custom', path: ['finishedAt'], message: 'The restore cannot finish before it started' });
    if (v.finishedAt.getTime() - v.startedAt.getTime() > 7 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['finishedAt'], message: 'A restore longer than 7 days is not a drill; check the dates' });
  });
export type RecordDrillInput = z.input<typeof recordDrillSchema>;

export const targetsSchema = z.object({
  serviceId: z.string().min(1, 'Choose a service'),
  rtoMinutes: z.number().int('Whole minutes').min(1, 'At least 1 minute').max(MAX_MINUTES, 'At most a year').nullable(),
  rpoMinutes: z.number().int('Whole minutes').min(0, 'Cannot be negative').max(MAX_MINUTES, 'At most a year').nullable(),
});
export type TargetsInput = z.input<typeof targetsSchema>;
