import { DECISION_LABELS, STATUS_LABELS, type ChangeStatus, type Decision, type Tier } from '@/server/changes/changes.schema';
import { Badge, type Tone } from '../ui/Badge';

const DECISION_TONE: Record<Decision, Tone> = { allow: 'success', needs_approval: 'info', hold: 'warning', block: 'danger' };
const STATUS_TONE: Record<ChangeStatus, Tone> = {
  planned: 'neutral',
  pending_approval: 'info',
  approved: 'success',
  held: 'warning',
  blocked: 'danger',
  in_progress: 'info',
  succeeded: 'success',
  failed: 'danger',
  rolled_back: 'warning',
};

const TIER_TONE: Record<Tier, Tone> = { T1: 'neutral', T2: 'warning', T3: 'danger' };

/** A change's risk tier, coloured by risk (T3 red). */
export function TierBadge({ tier }: { tier: Tier }) {
  return <Badge tone={TIER_TONE[tier]}>{tier}</Badge>;
}

export function StatusBadge({ status }: { status: ChangeStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABELS[status]}</Badge>;
}

/** The gate's decision with its first blocking reason (the rest are on the change page). */
export function DecisionChip({ decision, reason }: { decision: Decision; reason?: string }) {
  return (
    <span className="change-decision">
      <Badge tone={DECISION_TONE[decision]}>{DECISION_LABELS[decision]}</Badge>
      {reason && <span className="muted change-reason">{reason}</span>}
    </span>
  );
}

/** The reason worth showing first: what holds or blocks, else what is required, else the first. */
function leadReason(reasons: readonly { code: string; message: string }[]): string | undefined {
  const blocking = reasons.find((r) => /^(budget_(restricted|freeze|exhausted)|freeze_(weekly|holiday|adhoc)|postmortem_overdue|override)$/.test(r.code));
  return (blocking ?? reasons.find((r) => r.code !== 'budget_unknown' && r.code !== 'tier_t1') ?? reasons[0])?.message;
}

/** The tier, status and gate cells of a change's row (ledger and approvals inbox). */
export function ChangeStateCells({ change }: { change: { tier: Tier; status: ChangeStatus; decision: Decision; reasons: readonly { code: string; message: string }[] } }) {
  return (
    <>
      <td>
        <TierBadge tier={change.tier} />
      </td>
      <td>
        <StatusBadge status={change.status} />
      </td>
      <td>
        <DecisionChip decision={change.decision} reason={leadReason(change.reasons)} />
      </td>
    </>
  );
}
