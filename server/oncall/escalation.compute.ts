import type { EscalationPolicy, EscalationTarget } from './oncall.schema';

// Escalation (docs/incidents.md, "Escalation"): step i fires `afterMinutes` after
// the page unless the page was acknowledged (or resolved) first. The seed's
// runbook: after 15 min unresolved page the team lead, after 30 min the VP.
// An acknowledgement at the very minute a step is due stops that step: a person
// answered, so nobody else needs waking.

const MINUTE_MS = 60_000;

export type EscalationInput = {
  policy: Pick<EscalationPolicy, 'steps'>;
  pagedAt: number;
  acknowledgedAt: number | null;
  resolvedAt?: number | null;
  now: number;
};

type FiredStep = { step: number; at: number; targets: EscalationTarget[] };

export type EscalationStatus = {
  state: 'escalating' | 'acknowledged' | 'resolved' | 'exhausted';
  fired: FiredStep[];
  /** The step that fires next if nobody acknowledges; null once stopped or exhausted. */
  next: (FiredStep & { inMs: number }) | null;
  /** Steps that will never fire because the page was answered first. */
  cancelled: FiredStep[];
  reason: string;
};

export function escalationStatus(input: EscalationInput): EscalationStatus {
  const { policy, pagedAt, now } = input;
  // Times after `now` are not known yet (a clock skew or a replay): ignore them.
  const known = (t: number | null | undefined) => (t !== null && t !== undefined && t <= now ? t : null);
  const ack = known(input.acknowledgedAt);
  const resolved = known(input.resolvedAt);
  const stopAt = Math.min(ack ?? Infinity, resolved ?? Infinity);
  const stoppedBy = stopAt === Infinity ? null : ack !== null && ack === stopAt ? 'acknowledged' : 'resolved';

  const steps = policy.steps.map((s, i) => ({ step: i, at: pagedAt + s.afterMinutes * MINUTE_MS, targets: s.targets }));
  const fired = steps.filter((s) => s.at < stopAt && s.at <= now);
  const cancelled = steps.filter((s) => s.at >= stopAt);
  const upcoming = stoppedBy ? undefined : steps.find((s) => s.at > now);
  const minutes = (ms: number) => `${Math.round(ms / MINUTE_MS)} min`;

  if (stoppedBy) {
    return {
      state: stoppedBy,
      fired,
      next: null,
      cancelled,
      reason: `${stoppedBy} ${minutes(stopAt - pagedAt)} after the page; ${fired.length} of ${steps.length} steps fired`,
    };
  }
  if (!upcoming) {
    return { state: 'exhausted', fired, next: null, cancelled: [], reason: `all ${steps.length} steps fired and nobody has acknowledged` };
  }
  return {
    state: 'escalating',
    fired,
    next: { ...upcoming, inMs: upcoming.at - now },
    cancelled: [],
    reason: `${fired.length} of ${steps.length} steps fired; step ${upcoming.step + 1} fires in ${minutes(upcoming.at - now)} unless acknowledged`,
  };
}

export type TargetContext = {
  /** Who is on call now on each schedule (from onCallAt); null for a gap. */
  onCall: Readonly<Record<string, string | null>>;
  teamLeads: Readonly<Record<string, string | null>>;
  /** The team owning the paged service, for team-lead targets without a team. */
  owningTeamId: string | null;
  /** Team and schedule names by id, so notes name them as people know them. */
  names?: Readonly<Record<string, string>>;
};

/** Targets -> people to notify, with a note for every target that names nobody. */
export function resolveTargets(targets: readonly EscalationTarget[], ctx: TargetContext): { userIds: string[]; unresolved: string[] } {
  const userIds: string[] = [];
  const unresolved: string[] = [];
  const named = (id: string) => ctx.names?.[id] ?? id;
  for (const t of targets) {
    if (t.type === 'user') userIds.push(t.userId);
    else if (t.type === 'schedule') {
      const who = ctx.onCall[t.scheduleId];
      if (who) userIds.push(who);
      else unresolved.push(`schedule ${named(t.scheduleId)} has nobody on call`);
    } else {
      const team = t.teamId ?? ctx.owningTeamId;
      const lead = team ? ctx.teamLeads[team] : null;
      if (lead) userIds.push(lead);
      else unresolved.push(team ? `team ${named(team)} has no lead` : 'the paged service has no owning team, so there is no team lead');
    }
  }
  return { userIds: [...new Set(userIds)], unresolved };
}

/**
 * Steps that page "the team lead" of a team that has none: at that step nobody
 * is woken, which the policy editor and the team list say before a page finds out.
 * A team-lead target without a team means the policy's own team.
 */
export function leadlessSteps(
  steps: readonly { targets: readonly EscalationTarget[] }[],
  policyTeamId: string,
  teams: readonly { id: string; name: string; leadIds: readonly string[] }[],
): { step: number; teamName: string }[] {
  const byId = new Map(teams.map((t) => [t.id, t]));
  const out: { step: number; teamName: string }[] = [];
  steps.forEach((s, i) => {
    for (const t of s.targets) {
      if (t.type !== 'team-lead') continue;
      const team = byId.get(t.teamId ?? policyTeamId);
      if (team && team.leadIds.length === 0) out.push({ step: i, teamName: team.name });
    }
  });
  return out;
}
