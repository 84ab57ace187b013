import { z } from 'zod';
import { idText, text } from '../lib/text';

// Toil budget (docs/domains.md, the seed's "Toil budget"): toil hours per team
// and sprint, logged by people and measured from on-call, against the team's
// engineering hours. Shared by the form, the tRPC router, the REST route and the CLI.

/** < 20 % healthy, 20-50 % watch, > 50 % over budget (exactly 20 and 50 are "watch"). */
export const TOIL_BANDS = ['healthy', 'watch', 'over', 'no-data'] as const;
export type ToilBand = (typeof TOIL_BANDS)[number];

export const TOIL_BAND_LABELS: Record<ToilBand, string> = {
  healthy: 'Under 20 %',
  watch: '20-50 %',
  over: 'Over 50 %',
  'no-data': 'No engineering hours',
};

/** The seed's action at > 50 % (production-operations, "Toil budget"). */
export const TOIL_ACTION = 'Halt feature work and invest in automation: toil exceeds 50 % of engineering time (the SRE contract).';

export const TOIL_SOURCES = ['ui', 'cli', 'api'] as const;
export type ToilSource = (typeof TOIL_SOURCES)[number];

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const dayText = () =>
  z
    .string()
    .regex(DAY_RE, 'must be a day as YYYY-MM-DD')
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'is not a calendar day');

export const logToilSchema = z
  .object({
    team: idText().max(100, 'must be at most 100 characters'),
    hours: z.number({ message: 'must be a number of hours' }).positive('must be more than 0').max(80, 'must be at most 80 hours in one entry (log a week as several entries)').multipleOf(0.25, 'must be in quarter hours (0.25, 0.5, ...)'),
    what: text().trim().min(3, 'say what the toil was (at least 3 characters)').max(300, 'must be at most 300 characters'),
    day: dayText().optional(),
  })
  .strict();
export const toilSettingsSchema = z
  .object({
    teamId: idText(),
    sprintDays: z.number().int('must be whole days').min(7, 'must be at least 7 days').max(42, 'must be at most 42 days'),
    sprintAnchor: dayText(),
    engineeringHours: z.number().positive('must be more than 0').max(100_000).nullable(),
    pageMinutes: z.number().int().min(0).max(480, 'must be at most 480 minutes'),
    blockFeatureWork: z.boolean(),
  })
  .strict();
export const toilOverviewSchema = z.object({ sprints: z.number().int().min(1).max(26).default(8) }).strict();

export const deleteToilSchema = z.object({ id: idText() }).strict();

export type ToilSettingsDto = {
  sprintDays: number;
  sprintAnchor: string;
  engineeringHours: number | null;
  pageMinutes: number;
  blockFeatureWork: boolean;
  /** False while the team runs on the defaults. */
  configured: boolean;
};

export type SprintDto = {
  index: number;
  start: string;
  /** Last day of the sprint (inclusive). */
  end: string;
  loggedHours: number;
  pagesHandled: number;
  manualPages: number;
  /** Median minutes from page to a person's resolution, manual pages only. */
  medianManualMinutes: number | null;
  pageHours: number;
  toilHours: number;
  engineeringHours: number | null;
  percent: number | null;
  band: ToilBand;
};

export type ToilEntryDto = { id: string; teamId: string; teamName: string; day: string; hours: number; what: string; source: string; authorLabel: string; createdAt: Date };

export type TeamToilDto = {
  teamId: string;
  teamSlug: string;
  teamName: string;
  members: number;
  settings: ToilSettingsDto;
  current: SprintDto & { elapsedDays: number; projectedPercent: number | null };
  /** Oldest first, ending with the current sprint. */
  trend: SprintDto[];
  action: string | null;
  /** What the change gate does with this team's feature changes now. */
  gate: 'none' | 'flag' | 'block';
};

export type ToilOverviewDto = { at: string; teams: TeamToilDto[]; entries: ToilEntryDto[] };

/** One team's signal for the change gate (server/changes). */
export type ToilGateSignal = { teamId: string; teamName: string; percent: number; band: ToilBand; blocking: boolean; sprintEnd: string };
