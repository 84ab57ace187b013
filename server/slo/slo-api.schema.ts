import { z } from 'zod';
import type { BudgetReport, BurnRateReport } from './slo-budget.compute';
import type { BurnRateThreshold } from './burn-rate.compute';
import { BANDS_WITH_NO_DATA, type BandOrNoData, type PolicyBand } from '../lib/policy-bands';
import type { PolicyBandInfo } from './slo-policy.compute';
import { sloSchema, type Slo } from './slo.schema';
import { idText, text } from '../lib/text';

// Inputs and DTOs of the SLO API (tRPC, CLI, HTTP). The SLO itself is the model
// in slo.schema.ts: the form validates with the same sloSchema in the browser.

export const SLO_SOURCES = ['ui', 'sloth', 'sloth-crd', 'openslo', 'inventory'] as const;
export type SloSource = (typeof SLO_SOURCES)[number];

export const createSloSchema = z.object({
  slo: sloSchema,
  dataSourceId: idText().nullable().default(null),
});
export type CreateSloInput = z.input<typeof createSloSchema>;

export const updateSloSchema = createSloSchema.extend({ id: idText() });
export type UpdateSloInput = z.input<typeof updateSloSchema>;

export const sloIdSchema = z.object({ id: idText() });

export const importSlosSchema = z.object({
  text: z.string().min(1, 'The file is empty').max(2_000_000, 'The file is larger than 2 MB'),
  fileName: z.string().max(300).optional(),
  dataSourceId: idText().nullable().default(null),
  // Window for Sloth files, which have none.
  windowDays: z.number().int().min(1).max(365).default(30),
  // Overwrite SLOs that already exist (same service and name) instead of reporting them.
  replace: z.boolean().default(false),
});
export type ImportSlosInput = z.input<typeof importSlosSchema>;

const sloFilterFields = z.object({
  teamId: idText().optional(),
  serviceId: idText().optional(),
  band: z.enum(BANDS_WITH_NO_DATA as [BandOrNoData, ...BandOrNoData[]]).optional(),
});
export const sloFilterSchema = sloFilterFields.default({});
export type SloFilter = z.input<typeof sloFilterSchema>;

export const SLO_LIST_SORTS = ['budget-asc', 'budget-desc', 'service'] as const;
export type SloListSort = (typeof SLO_LIST_SORTS)[number];

// The SLO list page: filtered, sorted and paged on the server (10,000 SLOs are
// not sent to a browser to be sorted there).
export const sloPageInputSchema = sloFilterFields.extend({
  sort: z.enum(SLO_LIST_SORTS).default('budget-asc'),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
});
export type SloPageInput = z.input<typeof sloPageInputSchema>;

export const exportSlosSchema = z.object({
  ids: z.array(idText()).max(5000).optional(),
  format: z.enum(['sloth', 'sloth-crd', 'openslo', 'openslo-v1alpha']),
});

export const sloRulesSchema = z.object({
  ids: z.array(idText()).max(5000).optional(),
  format: z.enum(['prometheus', 'prometheusrule']).default('prometheus'),
  namespace: text().max(63).optional(),
});

export type ImportIssue = { document?: number; path: string; message: string };
export type ImportResult =
  | { ok: true; created: string[]; updated: string[]; warnings: ImportIssue[] }
  | { ok: false; issues: ImportIssue[]; warnings: ImportIssue[] };

export type BackfillDto = {
  status: string;
  done: number;
  total: number;
  percent: number;
  lastBucket: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
};

export type SloListItem = {
  id: string;
  serviceId: string;
  serviceSlug: string;
  serviceName: string;
  teamId: string;
  teamName: string;
  name: string;
  description: string;
  objective: number;
  windowLabel: string;
  source: string;
  dataState: 'ok' | 'no-data';
  sli: number | null;
  remainingPercent: number;
  remainingMinutes: number;
  totalMinutes: number;
  burnRate1h: number | null;
  band: PolicyBand | 'no-data';
  /** The instant the figures are for (ISO): the end of the newest bucket the stored state counts. */
  evaluatedAt: string;
  /** The stored state is older than 15 minutes (the sampler is behind or down): figures as of evaluatedAt. */
  stale: boolean;
  backfill: BackfillDto;
};

export type SloPage = { items: SloListItem[]; total: number; page: number; pageSize: number };

/** The overview's error-budget card: SLOs per band and the worst few, not the whole list. */
export type SloOverview = { total: number; counts: Record<BandOrNoData, number>; worst: SloListItem[]; stale: number };

export type SloDetail = SloListItem & {
  slo: Slo;
  dataSourceId: string | null;
  dataSourceName: string | null;
  sourceRef: string | null;
  bucketMs: number;
  report: Omit<BudgetReport, 'timeline'> & { timeline: Array<{ t: number; remainingPercent: number; missing: boolean }> };
  /** SLI and burn rate per hour across the window, for the charts. */
  series: Array<{ t: number; sli: number | null; burn1h: number | null }>;
  thresholds: BurnRateThreshold[];
};

type BudgetPolicySlo = {
  id: string;
  name: string;
  objective: number;
  window: string;
  dataState: 'ok' | 'no-data';
  sli: number | null;
  band: PolicyBand | 'no-data';
  budget: { totalMinutes: number; consumedMinutes: number; remainingMinutes: number; remainingPercent: number };
  burnRates: Array<Pick<BurnRateReport, 'window' | 'burnRate' | 'status'>>;
  evaluatedAt: string;
  stale: boolean;
};

export type BudgetPolicyDto = {
  service: { id: string; slug: string; name: string };
  /** Worst SLO's band (no SLOs or no data: "no-data"). */
  band: PolicyBand | 'no-data';
  policy: PolicyBandInfo | null;
  /** The oldest of its SLOs' figures. */
  evaluatedAt: string;
  slos: BudgetPolicySlo[];
};
