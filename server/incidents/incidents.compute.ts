import {
  INCIDENT_ROLES,
  STATE_LABELS,
  type IncidentRole,
  type IncidentRoles,
  type IncidentSeverity,
  type IncidentState,
  type IncidentTimes,
  type TransitionRequest,
} from './incidents.schema';

// The incident lifecycle (docs/incidents.md, "Incident lifecycle"):
//
//   triage -> investigating -> identified -> mitigated -> resolved -> closed
//      \-> declined (not an incident)      any open state -> merged (a duplicate)
//
// Forward moves may skip states (a rollback can mitigate before the cause is
// identified). Moves backwards - the hypothesis was wrong, the fix regressed, a
// resolved incident recurs, a declined one was real after all - need a reason,
// as do declining and merging, because the timeline must explain them later.

type Need = 'reason' | 'mergedInto';

export type AllowedTransition = { to: IncidentState; needs: Need[]; kind: 'forward' | 'back' | 'end' };

const FORWARD: IncidentState[] = ['triage', 'investigating', 'identified', 'mitigated', 'resolved', 'closed'];
const OPEN: IncidentState[] = ['triage', 'investigating', 'identified', 'mitigated'];

const TABLE: Record<IncidentState, AllowedTransition[]> = {
  triage: [
    { to: 'investigating', needs: [], kind: 'forward' },
    { to: 'identified', needs: [], kind: 'forward' },
    { to: 'mitigated', needs: [], kind: 'forward' },
    { to: 'resolved', needs: [], kind: 'forward' },
    { to: 'declined', needs: ['reason'], kind: 'end' },
    { to: 'merged', needs: ['mergedInto'], kind: 'end' },
  ],
  investigating: [
    { to: 'identified', needs: [], kind: 'forward' },
    { to: 'mitigated', needs: [], kind: 'forward' },
    { to: 'resolved', needs: [], kind: 'forward' },
    { to: 'merged', needs: ['mergedInto'], kind: 'end' },
  ],
  identified: [
    { to: 'mitigated', needs: [], kind: 'forward' },
    { to: 'resolved', needs: [], kind: 'forward' },
    { to: 'investigating', needs: ['reason'], kind: 'back' },
    { to: 'merged', needs: ['mergedInto'], kind: 'end' },
  ],
  mitigated: [
    { to: 'resolved', needs: [], kind: 'forward' },
    { to: 'investigating', needs: ['reason'], kind: 'back' },
    { to: 'identified', needs: ['reason'], kind: 'back' },
    { to: 'merged', needs: ['mergedInto'], kind: 'end' },
  ],
  resolved: [
    { to: 'closed', needs: [], kind: 'forward' },
    { to: 'investigating', needs: ['reason'], kind: 'back' },
  ],
  closed: [],
  declined: [{ to: 'triage', needs: ['reason'], kind: 'back' }],
  merged: [],
};

export function allowedTransitions(from: IncidentState): readonly AllowedTransition[] {
  return TABLE[from];
}

export function isOpen(state: IncidentState): boolean {
  return OPEN.includes(state);
}

export type Incident = { state: IncidentState; times: IncidentTimes; mergedInto?: string | null };

export type TransitionResult =
  | { ok: true; state: IncidentState; times: IncidentTimes; mergedInto: string | null; event: { from: IncidentState; to: IncidentState; at: number; reason: string | null } }
  | { ok: false; error: string; field: 'to' | 'reason' | 'mergedInto' };

/**
 * Apply a transition. Each milestone time (identified, mitigated, resolved,
 * closed) is when the incident reached it on the path that finally held: moving
 * back clears the milestones after the target state, so MTTR counts to the final
 * resolution. Leaving triage, in any direction, is the acknowledgement; it is
 * never cleared.
 */
export function transitionIncident(incident: Incident, request: TransitionRequest): TransitionResult {
  const from = incident.state;
  const rule = TABLE[from].find((t) => t.to === request.to);
  if (!rule) {
    const options = TABLE[from].map((t) => STATE_LABELS[t.to].toLowerCase());
    return {
      ok: false,
      field: 'to',
      error:
        from === request.to
          ? `the incident is already ${STATE_LABELS[from].toLowerCase()}`
          : `cannot go from ${STATE_LABELS[from].toLowerCase()} to ${STATE_LABELS[request.to].toLowerCase()}` +
            (options.length ? ` (possible: ${options.join(', ')})` : ` (${STATE_LABELS[from].toLowerCase()} is final)`),
    };
  }
  const reason = request.reason?.trim() || null;
  if (rule.needs.includes('reason') && !reason) {
    return { ok: false, field: 'reason', error: `say why the incident goes ${rule.kind === 'back' ? 'back ' : ''}to ${STATE_LABELS[request.to].toLowerCase()}` };
  }
  if (rule.needs.includes('mergedInto') && !request.mergedInto) {
    return { ok: false, field: 'mergedInto', error: 'pick the incident this one is merged into' };
  }

  const at = request.at;
  const t = { ...incident.times };
  if (from === 'triage' && t.acknowledgedAt === null) t.acknowledgedAt = at;
  if (rule.kind === 'back') {
    const target = FORWARD.indexOf(request.to);
    if (target < FORWARD.indexOf('identified')) t.identifiedAt = null;
    if (target < FORWARD.indexOf('mitigated')) t.mitigatedAt = null;
    t.resolvedAt = null;
    t.closedAt = null;
  }
  if (request.to === 'identified' && t.identifiedAt === null) t.identifiedAt = at;
  // Skipping ahead reaches the skipped impact milestones at the same instant:
  // resolving straight from investigating means the impact was mitigated then too.
  // (A skipped "identified" stays empty: the cause may never have been found.)
  const reached = FORWARD.indexOf(request.to);
  if (reached >= FORWARD.indexOf('mitigated') && t.mitigatedAt === null) t.mitigatedAt = at;
  if (reached >= FORWARD.indexOf('resolved') && t.resolvedAt === null) t.resolvedAt = at;
  if (request.to === 'closed') t.closedAt = at;
  return {
    ok: true,
    state: request.to,
    times: t,
    mergedInto: request.to === 'merged' ? request.mergedInto! : (incident.mergedInto ?? null),
    event: { from, to: request.to, at, reason: reason ?? (request.mergedInto ? `merged into ${request.mergedInto}` : null) },
  };
}

// ---------------------------------------------------------------------------
// Roles

/** Roles an incident of this severity should have filled (P1: all three; P2: a commander). */
const REQUIRED_ROLES: Record<IncidentSeverity, readonly IncidentRole[]> = {
  P1: INCIDENT_ROLES,
  P2: ['commander'],
  P3: [],
};

export function missingRoles(severity: IncidentSeverity, roles: IncidentRoles): IncidentRole[] {
  return REQUIRED_ROLES[severity].filter((r) => !roles[r]);
}
