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
  'unmanagedCertificates',
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
  /** Measured from Runwell's data, or met on a team lead's attestation (docs/maturity.md "Attestations"). */
  source: MarkerSource;
  /** Runwell cannot observe it: a team lead may attest it. */
  attestable: boolean;
  /** The team's latest unrevoked attestation (valid or expired); null for the organisation. */
  attestation: AttestationView | null;
};

export type MarkerSource = 'measured' | 'attested';

/** An unmet marker on the way to the next level, with how many services it holds back (null: not counted per service). */
export type NextStep = MarkerResult & { blocks: number | null };

/** One catalog service assessed on its own figures (docs/maturity.md "Per service"). */
export type ServiceAssessment = Assessment & { serviceId: string; service: string; teamId: string; team: string; teamLevel: Level };

export type AttestationView = { id: string; by: string; at: string; until: string; evidenceUrl: string; note: string; expired: boolean };

export type LevelResult = { level: Level; name: string; met: number; total: number; reached: boolean };

export type Assessment = {
  level: Level;
  levels: LevelResult[];
  markers: MarkerResult[];
  /** Unmet markers of the level after `level`, plus any unmet ones below it (close those first). */
  next: NextStep[];
  /** Markers met above the reached level: the seed's "skipping ahead" warning. */
  aheadOfFoundations: number;
};

export type ScopeAssessment = Assessment & {
  scope: 'org' | 'team';
  teamId: string | null;
  team: string;
  services: number;
  /** Level of the latest stored snapshot before today (UTC); null without history. */
  previousLevel: number | null;
};

export type MaturityDto = {
  assessedAt: number;
  org: ScopeAssessment;
  teams: ScopeAssessment[];
  /** Levels over time from the stored snapshots, oldest first. */
  trend: TrendPoint[];
  /** Teams the viewer may attest for (leads of the team; admins: all). */
  attestTeamIds: string[];
};

export type TrendPoint = { day: string; org: number; teams: Record<string, number> };


/** Markers Runwell cannot observe (evidence.compute.ts NOT_OBSERVED): the ones a team lead may attest. */
export const ATTESTABLE_MARKER_IDS = [
  'defined.canary',
  'measured.chaos',
  'measured.auto-remediation',
  'optimising.self-healing',
  'optimising.predictive-scaling',
  'optimising.continuous-chaos',
  'optimising.autonomous-dr',
] as const;
export const ATTESTATION_DEFAULT_DAYS = 90;

export const attestInputSchema = z.object({
  teamId: z.string().trim().min(1, 'Choose the team').max(100),
  markerId: z.enum(ATTESTABLE_MARKER_IDS, { message: 'Only criteria Runwell cannot (fully) observe can be attested' }),
  evidenceUrl: z
    .string()
    .trim()
    .min(1, 'Link the evidence (a runbook, a dashboard, a game-day write-up)')
    .max(2000, 'At most 2,000 characters')
    .pipe(z.url({ protocol: /^https?$/, message: 'Must be an http(s) URL, e.g. https://wiki.example.com/game-day' })),
  note: z.string().trim().max(500, 'At most 500 characters').default(''),
  days: z.coerce.number({ message: 'Give the number of days' }).int('Whole days').min(1, 'At least 1 day').max(365, 'At most 365 days').default(ATTESTATION_DEFAULT_DAYS),
});
export type AttestInput = z.input<typeof attestInputSchema>;

export const revokeAttestationSchema = z.object({ id: z.string().trim().min(1).max(100) });
