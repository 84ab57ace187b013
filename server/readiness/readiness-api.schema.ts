import { z } from 'zod';
import { AREAS, type Area, checkIdSchema, type ScoreCounts, type Severity, SEVERITIES } from './readiness.schema';
import { idText, text } from '../lib/text';

// Inputs and DTOs of the live readiness pages and API (browser-safe: zod only).

export const MAX_EXEMPTION_DAYS = 90;
const EXEMPTION_STATUSES = ['pending', 'approved', 'rejected', 'revoked'] as const;
export type ExemptionStatus = (typeof EXEMPTION_STATUSES)[number];
/** What the UI shows: an approved exemption past its expiry is "expired". */
export type ExemptionState = ExemptionStatus | 'expired';

const optionalName = z
  .string()
  .trim()
  .max(253)
  .transform((v) => (v === '' ? null : v))
  .nullable()
  .optional()
  .transform((v) => v ?? null);

export const requestExemptionSchema = z
  .object({
    clusterId: optionalName,
    namespace: optionalName,
    kind: optionalName,
    name: optionalName,
    checkId: checkIdSchema,
    reason: z.string().trim().min(10, 'Say why, in at least 10 characters').max(2000),
    expiresAt: z.coerce.date({ message: 'Pick an expiry date' }),
  })
  .superRefine((value, ctx) => {
    if ((value.kind === null) !== (value.name === null)) {
      ctx.addIssue({ code: 'custom', path: [value.kind === null ? 'kind' : 'name'], message: 'Give both the kind and the name, or neither' });
    }
    if (value.name !== null && (value.namespace === null || value.clusterId === null)) {
      ctx.addIssue({ code: 'custom', path: ['namespace'], message: 'A single workload needs its cluster and namespace' });
    }
  });
export type RequestExemptionInput = z.input<typeof requestExemptionSchema>;

export const exemptionIdSchema = z.object({ id: idText() });
export const decideExemptionSchema = z.object({
  id: idText(),
  note: z.string().trim().max(2000).optional(),
});
export type DecideExemptionInput = z.input<typeof decideExemptionSchema>;

export const exemptionFilterSchema = z
  .object({
    state: z.enum([...EXEMPTION_STATUSES, 'expired', 'active']).optional(),
    clusterId: z.string().optional(),
    namespace: text().optional(),
    kind: z.string().optional(),
    name: z.string().optional(),
  })
  .default({});

const checkFilterSchema = z.object({
  checkId: checkIdSchema.optional(),
  area: z.enum(AREAS).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export const overviewInputSchema = checkFilterSchema.extend({
  clusterId: z.string().optional(),
  days: z.number().int().min(1).max(365).default(30),
});
export type OverviewInput = z.input<typeof overviewInputSchema>;

export const workloadRefSchema = z.object({
  cluster: idText(),
  namespace: text(),
  kind: idText(),
  name: idText(),
});
export type WorkloadRefInput = z.infer<typeof workloadRefSchema>;

export const evaluateInputSchema = z.object({ clusterId: idText() });

export const kyvernoInputSchema = z.object({ action: z.enum(['Audit', 'Enforce']).default('Audit') });

// ---------------------------------------------------------------- DTOs

export interface ExemptionDto {
  id: string;
  clusterId: string | null;
  clusterName: string | null;
  namespace: string | null;
  kind: string | null;
  name: string | null;
  checkId: string;
  reason: string;
  status: ExemptionStatus;
  state: ExemptionState;
  expiresAt: Date;
  requestedById: string | null;
  requestedByLabel: string;
  approverLabel: string | null;
  decidedAt: Date | null;
  approvedAt: Date | null;
  decisionNote: string | null;
  revokedAt: Date | null;
  revokedByLabel: string | null;
  createdAt: Date;
}

export interface ScorecardDto extends ScoreCounts {
  key: string;
  label: string;
  workloads: number;
}

interface OffenderDto {
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  score: number;
  failedDangers: number;
  failedWarnings: number;
  teamLabel: string | null;
  failingChecks: string[];
}

interface GateDto {
  serviceId: string;
  serviceSlug: string;
  serviceName: string;
  teamName: string;
  status: 'pass' | 'fail' | 'unknown';
  score: number;
  workloads: number;
  failedDangers: number;
  reasons: Array<{ type: 'danger'; checkId: string; workload: string } | { type: 'area'; area: Area; score: number; failed: number }>;
  evaluatedAt: Date | null;
}

/** One catalog service's readiness: its launch gate and the workloads mapped to it, worst first. */
export interface ServiceReadinessDto {
  gate: Omit<GateDto, 'serviceId' | 'serviceSlug' | 'serviceName' | 'teamName'>;
  score: number | null;
  workloads: Array<{ clusterId: string; clusterName: string; kind: string; namespace: string; name: string; score: number; failedDangers: number; failedWarnings: number }>;
}

export interface TrendPoint {
  day: string; // YYYY-MM-DD
  score: number;
  failedDangers: number;
  live?: true;
}

interface ClusterEvaluationDto {
  clusterId: string;
  clusterName: string;
  evaluatedAt: Date | null;
  lastSyncedAt: Date | null;
  workloads: number;
}

export interface OverviewDto {
  total: ScorecardDto;
  byArea: Record<Area, ScoreCounts>;
  byCluster: ScorecardDto[];
  byTeam: ScorecardDto[];
  byNamespace: ScorecardDto[];
  offenders: OffenderDto[];
  gates: GateDto[];
  trend: TrendPoint[];
  clusters: ClusterEvaluationDto[];
  requiredAreas: Area[];
}

export interface CheckDto {
  id: string;
  area: Area;
  severity: Severity;
  status: 'passed' | 'failed' | 'exempt';
  title: string;
  message: string;
  fix: string;
}

export interface WorkloadDetailDto {
  clusterId: string;
  clusterName: string;
  kind: string;
  namespace: string;
  name: string;
  teamLabel: string | null;
  teamName: string | null;
  serviceKey: string | null;
  serviceId: string | null;
  serviceName: string | null;
  score: number;
  counts: ScoreCounts;
  byArea: Partial<Record<Area, ScoreCounts>>;
  checks: CheckDto[];
  evaluatedAt: Date;
  history: TrendPoint[];
  exemptions: ExemptionDto[];
}
