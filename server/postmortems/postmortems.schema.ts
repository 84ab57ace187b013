import { z } from 'zod';
import { idText, text } from '../lib/text';

// Post-mortems and action items (docs/postmortems.md). Instants are epoch ms in
// the compute layer; inputs accept ISO strings or dates.

export const POSTMORTEM_STATES = ['draft', 'in_review', 'published', 'reopened'] as const;
export type PostmortemState = (typeof POSTMORTEM_STATES)[number];
const postmortemStateSchema = z.enum(POSTMORTEM_STATES, { error: `must be one of ${POSTMORTEM_STATES.join(', ')}` });
export const PM_STATE_LABELS: Record<PostmortemState, string> = { draft: 'Draft', in_review: 'In review', published: 'Published', reopened: 'Reopened' };

/**
 * The document's sections: the seed's runbook "Post-incident" step plus the
 * Google SRE post-mortem template. Action items are their own records, listed
 * under the document; the timeline section is pre-filled from the incident.
 */
export const SECTIONS = [
  { key: 'summary', title: 'Summary', hint: 'Two or three sentences: what broke, for whom, for how long.' },
  { key: 'impact', title: 'Impact', hint: 'Users and requests affected, error budget consumed, revenue or data at risk.' },
  { key: 'detection', title: 'Detection', hint: 'How we found out: which alert, how long after the impact began.' },
  { key: 'response', title: 'Response', hint: 'Who did what, paging and escalation, what slowed us down.' },
  { key: 'rootCause', title: 'Root cause and trigger', hint: 'The conditions that made it possible, and the change or event that set it off. Describe systems and decisions, not people.' },
  { key: 'contributing', title: 'Contributing factors', hint: 'What made it worse or longer.' },
  { key: 'resolution', title: 'Resolution', hint: 'What stopped the impact, and how we knew it had stopped.' },
  { key: 'wentWell', title: 'What went well', hint: '' },
  { key: 'wentWrong', title: 'What went wrong', hint: '' },
  { key: 'gotLucky', title: 'Where we got lucky', hint: '' },
  { key: 'timeline', title: 'Timeline', hint: 'Pre-filled from the incident, pinned entries first. Edit freely.' },
  { key: 'lessons', title: 'Lessons learned', hint: '' },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];
export const SECTION_KEYS = SECTIONS.map((s) => s.key) as SectionKey[];
export type Sections = Record<SectionKey, string>;

const sectionText = text().max(100_000, 'must be at most 100,000 characters');
export const ACTION_TYPES = ['mitigate', 'prevent', 'detect', 'process'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];
export const ACTION_STATUSES = ['open', 'in_progress', 'done', 'wont_do'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const ACTION_STATUS_LABELS: Record<ActionStatus, string> = { open: 'Open', in_progress: 'In progress', done: 'Done', wont_do: "Won't do" };
export const ACTION_PRIORITIES = ['P1', 'P2', 'P3'] as const;

/** Hours from resolution to the due time, per incident severity (the seed's runbook: 48 h). */
export type DuePolicy = Record<'P1' | 'P2' | 'P3', number>;
export const DEFAULT_DUE_POLICY: DuePolicy = { P1: 48, P2: 48, P3: 48 };

// ---------------------------------------------------------------------------
// Inputs

export const incidentRefSchema = z.object({ incidentId: idText() });
export const postmortemIdSchema = z.object({ id: idText() });

export const saveSectionsSchema = z.object({
  id: idText(),
  /** The version the editor started from. */
  baseVersion: z.number().int().min(1),
  /** Only the sections the editor changed; the others stay as stored. */
  sections: z.partialRecord(z.enum(SECTION_KEYS as [SectionKey, ...SectionKey[]]), sectionText),
});
export const submitSchema = z.object({ id: idText(), reviewerIds: z.array(idText()).min(1, 'name at least one reviewer').max(10) });
export const reviewSchema = z.object({ id: idText(), decision: z.enum(['approved', 'changes_requested']), comment: text().trim().max(5000).default('') });
export const reasonSchema = z.object({ id: idText(), reason: text().trim().min(3, 'say why (at least 3 characters)').max(2000) });
export const setOwnerSchema = z.object({ id: idText(), ownerId: idText() });

const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((u) => /^https?:\/\/[^\s]+$/i.test(u), 'must be an http(s) URL');

const actionItemInputSchema = z.object({
  title: text().trim().min(3, 'must be at least 3 characters').max(300, 'must be at most 300 characters'),
  type: z.enum(ACTION_TYPES, { error: `must be one of ${ACTION_TYPES.join(', ')}` }),
  priority: z.enum(ACTION_PRIORITIES, { error: 'must be P1, P2 or P3' }).default('P2'),
  ownerId: idText().nullable().default(null),
  dueAt: z.coerce.date().nullable().default(null),
  trackerUrl: z.union([httpUrl, z.literal('')]).nullable().default(null),
});
export const createActionItemSchema = actionItemInputSchema.extend({ postMortemId: idText() });
export const updateActionItemSchema = z.object({
  id: idText(),
  title: actionItemInputSchema.shape.title.optional(),
  type: actionItemInputSchema.shape.type.optional(),
  priority: z.enum(ACTION_PRIORITIES).optional(),
  ownerId: idText().nullable().optional(),
  dueAt: z.coerce.date().nullable().optional(),
  trackerUrl: z.union([httpUrl, z.literal('')]).nullable().optional(),
  status: z.enum(ACTION_STATUSES).optional(),
  wontDoReason: text().trim().max(2000).optional(),
});

export const postmortemFilterSchema = z
  .object({
    teamId: idText().optional(),
    serviceId: idText().optional(),
    severity: z.enum(['P1', 'P2', 'P3']).optional(),
    state: postmortemStateSchema.optional(),
    overdue: z.boolean().optional(),
    page: z.number().int().min(1).max(10_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  })
  .default({ page: 1, pageSize: 50 });
export type PostmortemFilter = z.input<typeof postmortemFilterSchema>;

export const actionItemFilterSchema = z
  .object({
    teamId: idText().optional(),
    ownerId: idText().optional(),
    status: z.union([z.enum(ACTION_STATUSES), z.literal('unfinished')]).optional(),
    type: z.enum(ACTION_TYPES).optional(),
    overdue: z.boolean().optional(),
    page: z.number().int().min(1).max(100_000).default(1),
    pageSize: z.number().int().min(1).max(200).default(50),
  })
  .default({ page: 1, pageSize: 50 });
export type ActionItemFilter = z.input<typeof actionItemFilterSchema>;

/** The linked timeline (chain.service): one incident, or a service's last `limit` incidents. */
export const chainRefSchema = z.object({ incidentId: idText() });
export const serviceChainsSchema = z.object({ serviceId: idText(), limit: z.number().int().min(1).max(10).default(5) });
