import { z } from 'zod';
import type { DoraBand } from '../changes/changes.schema';

// The executive report (docs/reports.md): one calendar month or quarter (UTC)
// against the period before. Browser-safe.

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM (e.g. 2026-11)');
/** A month "2026-11" or a quarter "2026-Q4" (period.compute.ts parses it). */
export const periodSchema = z.string().regex(/^\d{4}-((0[1-9]|1[0-2])|[Qq][1-4])$/, 'must be a month YYYY-MM (e.g. 2026-11) or a quarter YYYY-Qn (e.g. 2026-Q4)');
/** `month` is the older spelling of `period` (a month only); `period` wins when both are given. */
export const reportInputSchema = z.object({ month: monthSchema.optional(), period: periodSchema.optional() }).default({});
export type ReportInput = z.input<typeof reportInputSchema>;

/** `month` repeats `key` for callers written when a period was always a month. */
export type Period = { key: string; kind: 'month' | 'quarter'; month: string; label: string; from: number; to: number };

export type DoraLine = { deploymentsPerWeek: number; deploymentFrequency: DoraBand; leadTime: DoraBand; changeFailurePercent: number | null; changeFailure: DoraBand; timeToRestore: DoraBand };

export type Severity = 'P1' | 'P2' | 'P3';

/** The figures compared between two months. */
export type Headline = {
  slos: { total: number; meeting: number; meetingPercent: number | null; exhausted: number; budgetSpentPercent: number | null };
  incidents: { total: number; unresolved: number; bySeverity: Record<Severity, { count: number; mttrMinutes: number | null }>; mttrMinutes: number | null };
  postmortems: { due: number; filed: number; completionPercent: number | null; actionItems: number; actionItemsDone: number; actionCompletionPercent: number | null };
  readiness: { score: number | null; day: string | null };
  maturity: { level: number | null; source: 'snapshot' | 'none' };
  dora: DoraLine | null;
};

export type Delta = { key: string; label: string; current: number | null; previous: number | null; change: number | null; better: 'up' | 'down'; unit: string };

/** Whether a change is an improvement, a regression or neither (the report colours it). */
export function direction(d: Pick<Delta, 'change' | 'better'>): 'better' | 'worse' | 'same' | 'unknown' {
  if (d.change === null) return 'unknown';
  if (d.change === 0) return 'same';
  return (d.change > 0) === (d.better === 'up') ? 'better' : 'worse';
}

export type Risk = { severity: 'high' | 'medium'; text: string; href: string };

export type TeamLine = { teamId: string; team: string; slos: number; meeting: number; exhausted: number; budgetSpentPercent: number | null; level: number | null; previousLevel: number | null };

/** One point of a trend chart: a period (or day) and its value. */
export type TrendPoint = { label: string; value: number | null };

export type MonthlyReport = {
  generatedAt: number;
  period: Period;
  previous: Period;
  current: Headline;
  prior: Headline;
  deltas: Delta[];
  risks: Risk[];
  teams: TeamLine[];
  /** Live maturity (the page's figure) next to the month's stored one. */
  maturityNow: { level: number; teams: { team: string; level: number }[] };
  /** The charts' series: median MTTR (minutes) of the last six periods, the readiness score by day over both periods. */
  trends: { mttr: TrendPoint[]; readiness: TrendPoint[] };
  notes: string[];
};

