import { z } from 'zod';

// Incidents (docs/incidents.md, "Incident lifecycle"). Instants are epoch ms.

export const INCIDENT_STATES = ['triage', 'investigating', 'identified', 'mitigated', 'resolved', 'closed', 'declined', 'merged'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];
export const incidentStateSchema = z.enum(INCIDENT_STATES, { error: `must be one of ${INCIDENT_STATES.join(', ')}` });

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
export const incidentSeveritySchema = z.enum(INCIDENT_SEVERITIES, { error: 'must be P1, P2 or P3' });

export const INCIDENT_ROLES = ['commander', 'communications', 'scribe'] as const;
export type IncidentRole = (typeof INCIDENT_ROLES)[number];
export const ROLE_LABELS: Record<IncidentRole, string> = {
  commander: 'Incident commander',
  communications: 'Communications lead',
  scribe: 'Scribe',
};

/** Who holds each role (user ids); one person may hold several in a small incident. */
export const incidentRolesSchema = z.object({
  commander: z.string().min(1).nullable().default(null),
  communications: z.string().min(1).nullable().default(null),
  scribe: z.string().min(1).nullable().default(null),
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

export const transitionSchema = z.object({
  to: incidentStateSchema,
  reason: z.string().trim().max(2000, 'must be at most 2000 characters').optional(),
  /** Required when `to` is merged: the incident this one continues in. */
  mergedInto: z.string().min(1).optional(),
});
export type TransitionRequest = z.output<typeof transitionSchema> & { at: number };
