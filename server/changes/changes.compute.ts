import { bandRank, type BandOrNoData } from '../lib/policy-bands';
import { activeFreezes, localLabel, type FreezeRule } from './freeze.compute';
import { ROLLBACK_SLA, type ApprovalKind, type ChangeStatus, type Decision, type Requirement, type Tier } from './changes.schema';

// The change gate (docs/changes.md): one pure decision for the UI, the API and
// the CLI. Inputs are facts gathered by the service (freeze rules, the budget
// band of each service from the SLO domain, overdue post-mortems, approvals);
// the answer is the decision, every reason, and what is still required.
//
// Precedence: block (budget) > hold (freeze window, overdue post-mortem) >
// needs_approval > allow. A break-glass override turns anything into allow
// and keeps the reasons it overrode.

type GateReason = { code: string; message: string };

export type ServiceBudget = { serviceId: string; serviceName: string; band: BandOrNoData; remainingPercent: number | null; slo?: string | null };

export type GateFacts = {
  tier: Tier;
  /** Reliability or security work: passes the budget's feature freeze and freeze windows. */
  reliability: boolean;
  /** When the change would ship. */
  at: number;
  services: readonly { id: string; name: string }[];
  freezes: readonly FreezeRule[];
  budgets: readonly ServiceBudget[];
  /** Services with an overdue P1/P2 post-mortem. */
  overduePostmortems: readonly { serviceId: string; serviceName: string }[];
  approvals?: readonly { kind: ApprovalKind; userId: string }[];
  authorId?: string | null;
  hasRunbook?: boolean;
  /** How many CAB approvals a T3 change needs. */
  cabSize?: number;
  override?: { reason: string; by: string } | null;
  /** Owning teams over their toil budget (> 50 %) this sprint (server/toil); `blocking` when the team opted in to blocking feature work. */
  toil?: readonly { teamName: string; percent: number; blocking: boolean; sprintEnd: string }[];
};

export type GateResult = {
  decision: Decision;
  tier: Tier;
  reasons: GateReason[];
  /** Everything the tier and budget require. */
  required: Requirement[];
  /** What is still missing. */
  requires: Requirement[];
  band: BandOrNoData;
  budgetRemaining: number | null;
  freeze: { name: string; until: number; untilLocal: string } | null;
  rollbackSla: string;
  overridden: boolean;
};

const DECISION_RANK: Record<Decision, number> = { allow: 0, needs_approval: 1, hold: 2, block: 3 };
const worse = (a: Decision, b: Decision): Decision => (DECISION_RANK[a] >= DECISION_RANK[b] ? a : b);

/** The worst band among the services' SLOs with data; no-data only when none has data. */
function worstBudget(budgets: readonly ServiceBudget[]): ServiceBudget | null {
  const withData = budgets.filter((b) => b.band !== 'no-data');
  if (withData.length === 0) return null;
  return [...withData].sort((a, b) => bandRank(a.band) - bandRank(b.band) || (a.remainingPercent ?? 0) - (b.remainingPercent ?? 0))[0] ?? null;
}

function tierRequirements(tier: Tier): Requirement[] {
  if (tier === 'T2') return ['team_lead'];
  if (tier === 'T3') return ['cab', 'runbook'];
  return [];
}

/** Which requirements the approvals meet. The author's own approvals never count. */
export function outstanding(required: readonly Requirement[], facts: Pick<GateFacts, 'approvals' | 'authorId' | 'hasRunbook' | 'cabSize'>): Requirement[] {
  const valid = (facts.approvals ?? []).filter((a) => !facts.authorId || a.userId !== facts.authorId);
  const approvers = (kind: ApprovalKind) => new Set(valid.filter((a) => a.kind === kind).map((a) => a.userId)).size;
  return required.filter((r) => {
    if (r === 'runbook') return !facts.hasRunbook;
    if (r === 'cab') return approvers('cab') < (facts.cabSize ?? 2);
    return approvers(r) < 1;
  });
}

const pct = (n: number | null) => (n === null ? 'unknown' : `${Math.round(n * 10) / 10} %`);

export function gateDecision(facts: GateFacts): GateResult {
  const { tier, reliability } = facts;
  const reasons: GateReason[] = [];
  const required = new Set<Requirement>(tierRequirements(tier));
  let decision: Decision = 'allow';
  if (tier === 'T1') reasons.push({ code: 'tier_t1', message: 'T1: PR review and CI are the approval; no approval in Runwell' });

  // Error budget: the worst SLO of the change's services.
  const worst = worstBudget(facts.budgets);
  const band: BandOrNoData = worst?.band ?? 'no-data';
  const where = worst ? `${worst.serviceName}${worst.slo ? ` (${worst.slo})` : ''} has ${pct(worst.remainingPercent)} error budget left` : '';
  if (!worst) {
    reasons.push({ code: 'budget_unknown', message: 'No SLO with data for these services: the error budget does not block this change' });
  } else if (band === 'caution' && tier === 'T3') {
    required.add('extra_review');
    reasons.push({ code: 'budget_caution', message: `${where}: T3 changes need an extra review` });
  } else if (band === 'restricted' && tier === 'T3') {
    decision = 'block';
    reasons.push({ code: 'budget_restricted', message: `${where}: no T3 changes while the budget is 10-25 %` });
  } else if (band === 'restricted' && tier === 'T2') {
    required.add('executive');
    reasons.push({ code: 'budget_restricted', message: `${where}: T2 changes need VP/CISO approval` });
  } else if (band === 'freeze' || band === 'exhausted') {
    if (reliability) {
      reasons.push({ code: 'budget_reliability_pass', message: `${where}: feature freeze, but reliability/security work passes` });
    } else {
      decision = 'block';
      reasons.push({ code: `budget_${band}`, message: `${where}: feature freeze, only reliability/security work ships` });
    }
  }

  // Freeze windows.
  const active = activeFreezes(facts.freezes, tier, facts.at);
  const window = active[0] ?? null;
  if (window) {
    const until = `${localLabel(window.end, window.timeZone)} ${window.timeZone}`;
    if (reliability) {
      reasons.push({ code: 'freeze_reliability_pass', message: `${window.name} is in force until ${until}; reliability/security work passes` });
    } else {
      decision = worse(decision, 'hold');
      reasons.push({ code: `freeze_${window.kind}`, message: `${window.name}: ${tier} changes are frozen until ${until}` });
    }
  }

  // Overdue post-mortem of a P1/P2 on one of the services holds T2/T3 (the fix itself passes as reliability work).
  if (tier !== 'T1' && !reliability) {
    for (const pm of facts.overduePostmortems) {
      decision = worse(decision, 'hold');
      reasons.push({ code: 'postmortem_overdue', message: `${pm.serviceName} has an overdue P1/P2 post-mortem: ${tier} changes wait until it is published` });
    }
  }

  // Toil over budget (the seed: "halt feature work"): feature changes are flagged, or blocked where the team opted in.
  if (!reliability) {
    for (const t of facts.toil ?? []) {
      const head = `${t.teamName} spends ${t.percent} % of its engineering time on toil this sprint (over 50 %)`;
      if (t.blocking) {
        decision = worse(decision, 'block');
        reasons.push({ code: 'toil_over_budget_block', message: `${head}: the team halts feature work until its sprint ends on ${t.sprintEnd}; reliability and automation work passes` });
      } else {
        reasons.push({ code: 'toil_over_budget', message: `${head}: halt feature work and invest in automation (flagged, not blocked)` });
      }
    }
  }

  const requiredList = [...required];
  const requires = outstanding(requiredList, facts);
  if (requires.length > 0) decision = worse(decision, 'needs_approval');

  const overridden = !!facts.override && decision !== 'allow';
  if (facts.override) {
    reasons.push({ code: 'override', message: `Overridden by ${facts.override.by}: ${facts.override.reason}` });
    decision = 'allow';
  }

  return {
    decision,
    tier,
    reasons,
    required: requiredList,
    requires: facts.override ? [] : requires,
    band,
    budgetRemaining: worst?.remainingPercent ?? null,
    freeze: window ? { name: window.name, until: window.end, untilLocal: `${localLabel(window.end, window.timeZone)} ${window.timeZone}` } : null,
    rollbackSla: ROLLBACK_SLA[tier],
    overridden,
  };
}

/** The status a change takes from a fresh decision (before it starts). */
export function statusForDecision(decision: Decision): ChangeStatus {
  return ({ allow: 'approved', needs_approval: 'pending_approval', hold: 'held', block: 'blocked' } as const)[decision];
}

/** Statuses the gate still governs: a decision may move them. */
export const GATED_STATUSES: readonly ChangeStatus[] = ['planned', 'pending_approval', 'approved', 'held', 'blocked'];

const MOVES: Record<ChangeStatus, readonly ChangeStatus[]> = {
  planned: ['in_progress'],
  pending_approval: [],
  approved: ['in_progress', 'succeeded', 'failed'],
  held: [],
  blocked: [],
  in_progress: ['succeeded', 'failed', 'rolled_back'],
  succeeded: ['rolled_back'],
  failed: ['rolled_back'],
  rolled_back: [],
};

/** Why `from -> to` is refused, or null when allowed. Held, blocked and pending changes move by approval or override only. */
export function checkTransition(from: ChangeStatus, to: ChangeStatus): string | null {
  if (MOVES[from].includes(to)) return null;
  if (from === 'held' || from === 'blocked' || from === 'pending_approval') return `A ${from.replace('_', ' ')} change moves on by approval or a break-glass override, not by a status update`;
  return `A change cannot go from ${from} to ${to}`;
}

/** Exit code of `runwell change gate`: 0 allow/needs_approval (a PR's reviews enforce approvals), 1 hold/block. */
export function exitCodeFor(decision: Decision): 0 | 1 {
  return decision === 'hold' || decision === 'block' ? 1 : 0;
}
