import type { DomainAlert } from '../alerts/domain-alerts.compute';
import type { TeamToilDto } from './toil.schema';

// ToilOverBudget (docs/domains.md "Toil"): a team's toil share of the current
// sprint above 50 %, the seed's "halt feature work" line. One alert per team
// and sprint (the sprint's first day is in the key): it cannot clear during the
// sprint (the percentage only grows), and a next sprint still over budget is a
// new alert. Internal, never customer-visible: triage keeps it for business
// hours instead of paging anyone at night about toil.

export const TOIL_ALERT = 'ToilOverBudget';
/** The seed's budget: toil above this share of engineering time halts feature work. */
export const TOIL_BUDGET_PERCENT = 50;

type TeamSprint = Pick<TeamToilDto, 'teamId' | 'teamSlug' | 'teamName'> & { current: Pick<TeamToilDto['current'], 'start' | 'end' | 'percent' | 'toilHours' | 'engineeringHours'> };

export function toilAlerts(teams: readonly TeamSprint[], runbookUrl?: string): DomainAlert[] {
  const out: DomainAlert[] = [];
  for (const t of teams) {
    const { percent } = t.current;
    if (percent === null || !Number.isFinite(percent) || percent <= TOIL_BUDGET_PERCENT) continue;
    out.push({
      key: `${t.teamId}/${t.current.start}`,
      alertname: TOIL_ALERT,
      severity: 'warning',
      customerVisible: false,
      labels: { team: t.teamSlug, sprint: t.current.start },
      summary: `Toil of ${t.teamName} is ${Math.round(percent)} % of engineering time in the sprint ${t.current.start} to ${t.current.end} (budget ${TOIL_BUDGET_PERCENT} %)`,
      description: `${t.current.toilHours} h of toil against ${t.current.engineeringHours ?? '?'} h of engineering time. Halt feature work and invest in automation.`,
      ...(runbookUrl ? { runbookUrl } : {}),
      href: '/toil',
    });
  }
  return out;
}
