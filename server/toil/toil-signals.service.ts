import type { RequestContext } from '../lib/request-context';
import type { DomainAlert } from '../alerts/domain-alerts.compute';
import { runbooksForService } from '../runbooks/runbooks.service';
import { getToilOverview } from './toil.service';
import { TOIL_ALERT, TOIL_BUDGET_PERCENT, toilAlerts } from './toil-alerts.compute';

// The toil domain's signals for the domains.evaluate job (server/domains/
// evaluate.service.ts): ToilOverBudget per team over 50 % this sprint, and the
// day's figures for the trend. Kept apart from toil.service so the runbook
// lookup adds no import edge to what the change gate reads.

const SYSTEM: RequestContext = { actor: { kind: 'system', id: 'system', name: 'domains' }, requestId: null };

export async function toilSignals(now = Date.now()): Promise<{ alerts: DomainAlert[]; snapshots: { scopeKey: string; values: Record<string, number> }[] }> {
  const [overview, runbooks] = await Promise.all([getToilOverview(SYSTEM, { sprints: 1 }, now), runbooksForService(SYSTEM, { alertNames: [TOIL_ALERT] })]);
  const runbookUrl = runbooks.find((r) => r.alertName === TOIL_ALERT)?.url ?? undefined;
  const measured = overview.teams.map((t) => t.current.percent).filter((p): p is number => p !== null && Number.isFinite(p));
  return {
    alerts: toilAlerts(overview.teams, runbookUrl),
    snapshots: [{ scopeKey: 'org', values: { teamsMeasured: measured.length, teamsOver: measured.filter((p) => p > TOIL_BUDGET_PERCENT).length, maxPercent: measured.length ? Math.max(...measured) : 0 } }],
  };
}
