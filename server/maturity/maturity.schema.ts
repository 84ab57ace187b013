import { z } from 'zod';

// The Operations Maturity Model (seed, "Operations Maturity Model"; docs/maturity.md):
// types shared by the pure assessment, the service, the pages and the API.
// Browser-safe: zod and plain types only.

export const LEVELS = [
  { level: 1, name: 'Reactive' },
  { level: 2, name: 'Managed' },
  { level: 3, name: 'Defined' },
  { level: 4, name: 'Measured' },
  { level: 5, name: 'Optimising' },
] as const;
export type Level = 1 | 2 | 3 | 4 | 5;
export const levelName = (level: number): string => LEVELS.find((l) => l.level === level)?.name ?? `Level ${level}`;

/**
 * One measured figure the assessment reads. `value` is null when Runwell has
 * nothing to measure it from (`status` says why); `not-applicable` means there
 * was nothing to measure and the marker is met vacuously (a team without a
 * P1/P2 incident owes no post-mortem).
 */
export type MeasureStatus = 'measured' | 'no-data' | 'not-applicable';
export type Measure = { status: MeasureStatus; value: number | null; detail: string; href: string };

/** Every figure the markers read; each maps to one evidence function in maturity.service.ts. */
export const EVIDENCE_KEYS = [
  'gitopsChanges30d',
  'ledgerDays',
  'automatedUpgrades90d',
  'runbooks',
  'runbookUrlCoverage',
  'pagesPerShift',
  'replicaScore',
  'pdbScore',
  'postmortemCompletion',
  'certManagerCertificates',
  'oncallCoverage',
  'servicesWithSloPercent',
  'slosWithDataPercent',
  'canaryObjects',
  'veleroRecentBackups',
  'kubeBenchScore',
  'drDrills90d',
  'chaosExperiments',
  'autoRemediations',
  'capacityForecastClusters',
  'toilPercent',
  'multiClusterDr',
  'selfHealingOperators',
  'predictiveScalers',
  'scheduledChaos',
  'autonomousDr',
] as const;
export type EvidenceKey = (typeof EVIDENCE_KEYS)[number];
export type Evidence = Record<EvidenceKey, Measure>;

export type MarkerStatus = 'met' | 'not-met' | 'no-data';

export type MarkerResult = {
  id: string;
  level: Level;
  title: string;
  /** The rule in words: "pages per shift ≤ 5". */
  criterion: string;
  status: MarkerStatus;
  value: number | null;
  detail: string;
  href: string;
  /** How to meet it: shown in "what it takes to reach the next level". */
  how: string;
};

export type LevelResult = { level: Level; name: string; met: number; total: number; reached: boolean };

export type Assessment = {
  level: Level;
  levels: LevelResult[];
  markers: MarkerResult[];
  /** Unmet markers of the level after `level`, plus any unmet ones below it (close those first). */
  next: MarkerResult[];
  /** Markers met above the reached level: the seed's "skipping ahead" warning. */
  aheadOfFoundations: number;
};

export type ScopeAssessment = Assessment & { scope: 'org' | 'team'; teamId: string | null; team: string; services: number };

export type MaturityDto = {
  assessedAt: number;
  org: ScopeAssessment;
  teams: ScopeAssessment[];
  /** Levels over time from the stored snapshots, oldest first. */
  trend: TrendPoint[];
};

export type TrendPoint = { day: string; org: number; teams: Record<string, number> };

export const maturityInputSchema = z.object({ teamId: z.string().max(100).optional() }).default({});
