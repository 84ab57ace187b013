import { z } from 'zod';

// The executive report (docs/maturity.md, "Executive report"): one calendar
// month (UTC) against the month before. Browser-safe.

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month as YYYY-MM (e.g. 2026-11)');
export const reportInputSchema = z.object({ month: monthSchema.optional() }).default({});
export type ReportInput = z.input<typeof reportInputSchema>;

export type Period = { month: string; label: string; from: number; to: number };

export type Severity = 'P1' | 'P2' | 'P3';

/** The figures compared between two months. */
export type Headline = {
  slos: { total: number; meeting: number; meetingPercent: number | null; exhausted: number; budgetSpentPercent: number | null };
  incidents: { total: number; unresolved: number; bySeverity: Record<Severity, { count: number; mttrMinutes: number | null }>; mttrMinutes: number | null };
  postmortems: { due: number; filed: number; completionPercent: number | null; actionItems: number; actionItemsDone: number; actionCompletionPercent: number | null };
  readiness: { score: number | null; day: string | null };
  maturity: { level: number | null; source: 'snapshot' | 'none' };
};

export type Delta = { key: string; label: string; current: number | null; previous: number | null; change: number | null; better: 'up' | 'down'; unit: string };

/** Whether a change is an improvement, a regression or neither (the report colours it). */
export function direction(d: Pick<Delta, 'change' | 'better'>): 'better' | 'worse' | 'same' | 'unknown' {
  if (d.change === null) return 'unknown';
  if (d.change === 0) return 'same';
  return (d.change > 0) === (d.better === 'up') ? 'better' : 'worse';
}

export type Risk = { severity: 'high' | 'medium'; text: string; href: string };

export type TeamLine = { teamId: string; team: string; slos: number; meeting: number; exhausted: number; level: number | null };

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
  notes: string[];
};
