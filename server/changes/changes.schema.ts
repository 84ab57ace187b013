import { z } from 'zod';
import { idText, searchText, text } from '../lib/text';

// The change ledger's vocabulary and every input it accepts (UI form, tRPC,
// REST, CLI): one set of zod schemas, so a bad field is named the same way
// wherever it came from.

export const TIERS = ['T1', 'T2', 'T3'] as const;
export type Tier = (typeof TIERS)[number];

export const CHANGE_SOURCES = ['api', 'ui', 'gitops'] as const;
export type ChangeSource = (typeof CHANGE_SOURCES)[number];

export const CHANGE_STATUSES = ['planned', 'pending_approval', 'approved', 'held', 'blocked', 'in_progress', 'succeeded', 'failed', 'rolled_back'] as const;
export type ChangeStatus = (typeof CHANGE_STATUSES)[number];

export const DECISIONS = ['allow', 'needs_approval', 'hold', 'block'] as const;
export type Decision = (typeof DECISIONS)[number];

/** What a change may need before it ships (the seed's approval table and budget policy). */
export const REQUIREMENTS = ['team_lead', 'extra_review', 'executive', 'cab', 'runbook'] as const;
export type Requirement = (typeof REQUIREMENTS)[number];
export const APPROVAL_KINDS = ['team_lead', 'extra_review', 'executive', 'cab'] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

export const STATUS_LABELS: Record<ChangeStatus, string> = {
  planned: 'Planned',
  pending_approval: 'Pending approval',
  approved: 'Approved',
  held: 'Held',
  blocked: 'Blocked',
  in_progress: 'In progress',
  succeeded: 'Succeeded',
  failed: 'Failed',
  rolled_back: 'Rolled back',
};

export const DECISION_LABELS: Record<Decision, string> = { allow: 'Allowed', needs_approval: 'Needs approval', hold: 'Held', block: 'Blocked' };

export const REQUIREMENT_LABELS: Record<Requirement, string> = {
  team_lead: 'Team lead approval',
  extra_review: 'Extra review (budget 25-50 %)',
  executive: 'VP / CISO approval (budget 10-25 %)',
  cab: 'Change advisory board',
  runbook: 'Runbook link',
};

/** DORA performance band of a figure (dora.compute.ts). */
export type DoraBand = 'elite' | 'high' | 'medium' | 'low' | 'no-data';

/** The seed's rollback SLA per tier. */
export const ROLLBACK_SLA: Record<Tier, string> = {
  T1: '< 5 min automated rollback',
  T2: '< 15 min via GitOps revert',
  T3: 'Manual restore procedure + RTO target',
};

const httpUrl = (what: string) =>
  text()
    .trim()
    .max(2000)
    .refine((v) => /^https?:\/\/[^\s]+$/i.test(v), `${what} must be an http(s) URL`);
const optionalUrl = (what: string) => z.union([z.literal('').transform(() => undefined), httpUrl(what)]).optional();
const instant = z.union([z.date(), text().datetime({ offset: true, message: 'must be an ISO-8601 time with a zone, e.g. 2026-12-05T15:00:00Z' }).transform((v) => new Date(v))]);

/** The tier assistant in the form: two manifest sets as YAML/JSON text (`runwell change classify` reads files). */
export const classifyInputSchema = z.object({
  before: text().max(2_000_000, 'at most 2 MB of manifests'),
  after: text().max(2_000_000, 'at most 2 MB of manifests'),
});

export const createChangeSchema = z
  .object({
    title: text().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
    description: text().max(10_000).default(''),
    services: z.array(idText().max(100)).min(1, 'name at least one service').max(50),
    /** Omitted: the tier assistant classifies `manifests` (the API's "suggest the tier when none is given"). */
    tier: z.enum(TIERS, { message: 'must be T1, T2 or T3' }).optional(),
    manifests: classifyInputSchema.optional(),
    environment: text().trim().min(1).max(100).default('production'),
    cluster: text().trim().max(200).optional(),
    commitSha: text()
      .trim()
      .regex(/^[0-9a-f]{7,64}$/i, 'must be a hex commit SHA (7-64 characters)')
      .optional()
      .or(z.literal('').transform(() => undefined)),
    /** When the commit was made (DORA's lead time starts here). */
    committedAt: instant.optional(),
    prUrl: optionalUrl('The PR URL'),
    runbookUrl: optionalUrl('The runbook link'),
    rollbackPlan: text().max(10_000).default(''),
    reliability: z.boolean().default(false),
    requestedAt: instant.optional(),
    externalId: text().trim().min(1).max(200).optional(),
  })
  .strict()
  .refine((v) => v.tier !== undefined || v.manifests !== undefined, {
    message: 'give the tier (T1, T2 or T3), or manifests {before, after} for the tier assistant to classify',
    path: ['tier'],
  });

export const changeIdSchema = z.object({ id: idText().max(100) });

export const approveSchema = z.object({ id: idText().max(100), kind: z.enum(APPROVAL_KINDS).optional(), comment: text().max(2000).default('') }).strict();

export const overrideSchema = z
  .object({ id: idText().max(100), reason: text().trim().min(10, 'say why in at least 10 characters (it is audited)').max(2000) })
  .strict();

export const transitionSchema = z.object({ id: idText().max(100), status: z.enum(CHANGE_STATUSES), at: instant.optional() }).strict();

export const listChangesSchema = z.object({
  service: idText().max(100).optional(),
  team: idText().max(100).optional(),
  status: z.enum(CHANGE_STATUSES).optional(),
  tier: z.enum(TIERS).optional(),
  source: z.enum(CHANGE_SOURCES).optional(),
  q: searchText().optional(),
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(50),
});

/** A change that is not recorded yet: the CI and CLI question "may I ship this now?". */
export const gateQuerySchema = z
  .object({
    services: z.array(idText().max(100)).min(1, 'name at least one service').max(50),
    tier: z.enum(TIERS, { message: 'must be T1, T2 or T3' }),
    at: instant.optional(),
    reliability: z.boolean().default(false),
  })
  .strict();

export const CHANGE_CAUSES = ['suspected', 'confirmed'] as const;
export type ChangeCause = (typeof CHANGE_CAUSES)[number];
export const CAUSE_LABELS: Record<ChangeCause, string> = { suspected: 'Suspected cause', confirmed: 'Confirmed cause' };

export const incidentChangesSchema = z.object({ incidentId: idText().max(100) });
/** Mark a change as the suspected or confirmed cause of an incident; `cause: null` clears the mark. */
export const markCauseSchema = z.object({
  incidentId: idText().max(100),
  changeId: idText().max(100),
  cause: z.enum(CHANGE_CAUSES, { message: 'must be suspected, confirmed or null' }).nullable(),
});

/** Declare a freeze (settings.manage): an ad-hoc window (e.g. a sale weekend) or a holiday with its margin. */
export const declareFreezeSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('adhoc'),
      name: text().trim().min(3, 'must be at least 3 characters').max(120),
      teamId: idText().max(100).nullable().default(null),
      tiers: z.array(z.enum(TIERS)).min(1, 'pick at least one tier').max(3),
      startsAt: instant,
      endsAt: instant,
    })
    .strict()
    .refine((v) => v.endsAt.getTime() > v.startsAt.getTime(), { message: 'must be after the start', path: ['endsAt'] })
    .refine((v) => v.endsAt.getTime() - v.startsAt.getTime() <= 31 * 86_400_000, { message: 'a freeze may last at most 31 days', path: ['endsAt'] }),
  z
    .object({
      kind: z.literal('holiday'),
      name: text().trim().min(3, 'must be at least 3 characters').max(120),
      teamId: idText().max(100).nullable().default(null),
      tiers: z.array(z.enum(TIERS)).min(1, 'pick at least one tier').max(3).default(['T2', 'T3']),
      date: text().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-12-25'),
      marginHours: z.coerce.number().int().min(0).max(168).default(48),
    })
    .strict(),
]);
export const freezeIdSchema = z.object({ id: idText().max(100) });
