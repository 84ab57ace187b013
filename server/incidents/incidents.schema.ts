import { z } from 'zod';
import { idText, text } from '../lib/text';

// Incidents (docs/incidents.md, "Incident lifecycle"). Instants are epoch ms.

export const INCIDENT_STATES = ['triage', 'investigating', 'identified', 'mitigated', 'resolved', 'closed', 'declined', 'merged'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
const incidentStateSchema = z.enum(INCIDENT_STATES, { error: `must be one of ${INCIDENT_STATES.join(', ')}` });

export const STATE_LABELS: Record<IncidentState, string> = {
  triage: 'Triage',
  investigating: 'Investigating',
  identified: 'Identified',
  mitigated: 'Mitigated',
  resolved: 'Resolved',
  closed: 'Closed',
  declined: 'Declined',
  merged: 'Merged',
};

/** Same scale as the triage priorities (P1 wakes people, P3 waits for a business day). */
export const INCIDENT_SEVERITIES = ['P1', 'P2', 'P3'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];
const incidentSeveritySchema = z.enum(INCIDENT_SEVERITIES, { error: 'must be P1, P2 or P3' });

export const INCIDENT_ROLES = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
export const ROLE_LABELS: Record<IncidentRole, string> = {
  commander: 'Incident commander',
  communications: 'Communications lead',
  scribe: 'Scribe',
};

/** Who holds each role (user ids); one person may hold several in a small incident. */
export const incidentRolesSchema = z.object({
  commander: idText().nullable().default(null),
  communications: idText().nullable().default(null),
  scribe: idText().nullable().default(null),
});
export type IncidentRoles = z.output<typeof incidentRolesSchema>;

/**
 * The lifecycle timestamps. startedAt is when impact began (it may be moved
 * earlier once the timeline is known); detectedAt when the first alert fired or
 * someone noticed; acknowledgedAt when a responder took it (leaving triage).
 */
export type IncidentTimes = {
  startedAt: number;
  detectedAt: number | null;
  acknowledgedAt: number | null;
  identifiedAt: number | null;
  mitigatedAt: number | null;
  resolvedAt: number | null;
  closedAt: number | null;
};

const transitionSchema = z.object({
  to: incidentStateSchema,
  reason: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  /** Required when `to` is merged: the incident this one continues in. */
  mergedInto: idText().optional(),
});
export type TransitionRequest = z.output<typeof transitionSchema> & { at: number };

// ---------------------------------------------------------------------------
// Inputs of the incident service (forms and tRPC share them)

export const incidentIdSchema = z.object({ id: idText() });

export const declareIncidentSchema = z.object({
  title: z.string().trim().min(3, 'must be at least 3 characters').max(200, 'must be at most 200 characters'),
  severity: incidentSeveritySchema,
  summary: z.string().trim().max(5000).default(''),
  /** Alerts the incident is declared from: they are linked and set detectedAt / startedAt. */
  alertIds: z.array(idText()).max(500).default([]),
  serviceIds: z.array(idText()).max(50).default([]),
  /** When the impact began; defaults to the earliest linked alert's start, else now. */
  startedAt: z.coerce.date().optional(),
  /** Left out: the person declaring becomes commander. null: nobody yet. */
  commanderId: idText().nullable().optional(),
});
export type DeclareIncidentInput = z.input<typeof declareIncidentSchema>;

export const transitionInputSchema = transitionSchema.extend({ id: idText() });
export type TransitionInput = z.input<typeof transitionInputSchema>;

export const setRoleSchema = z.object({ id: idText(), role: z.enum(INCIDENT_ROLES), userId: idText().nullable() });
export const setSeveritySchema = z.object({ id: idText(), severity: incidentSeveritySchema });
export const addNoteSchema = z.object({ id: idText(), text: z.string().trim().min(1, 'write something').max(10_000), pinned: z.boolean().default(false) });
export const pinEntrySchema = z.object({ entryId: idText(), pinned: z.boolean() });
export const linkAlertsSchema = z.object({ id: idText(), alertIds: z.array(idText()).min(1).max(500) });

export const incidentFilterSchema = z
  .object({
    state: z.union([z.enum(['open', 'all']), incidentStateSchema]).default('open'),
    severity: incidentSeveritySchema.optional(),
    teamId: idText().optional(),
    /** Incidents that affect this catalog service. */
    serviceId: idText().optional(),
    search: text().trim().max(200).optional(),
  })
  .default({ state: 'open' });
export type IncidentFilter = z.input<typeof incidentFilterSchema>;

export const servicesSchema = z.object({ id: idText(), serviceIds: z.array(idText()).min(1, 'pick at least one service').max(50) });
export const unlinkServiceSchema = z.object({ id: idText(), serviceId: idText() });
export const statusUpdateSchema = z.object({ id: idText(), text: text().trim().min(3, 'write the update (at least 3 characters)').max(5000, 'must be at most 5000 characters') });

// page: written by the pager; update: a status update for stakeholders.
export const TIMELINE_KINDS = ['alert', 'status', 'role', 'severity', 'link', 'note', 'page', 'update'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];
