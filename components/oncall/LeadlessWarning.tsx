import { leadlessSteps } from '@/server/oncall/escalation.compute';
import { Alert } from '../ui/Alert';
import type { Overview } from './useOncallOverview';

/** Says, before a page finds out, that a "team lead" step wakes nobody. */
export function LeadlessWarning({ steps, teamId, teams }: { steps: Parameters<typeof leadlessSteps>[0]; teamId: string; teams: Overview['teams'] }) {
  const missing = leadlessSteps(steps, teamId, teams);
  if (missing.length === 0) return null;
  return (
    <Alert tone="warning" title="A step pages nobody">
      {missing.map((m) => `Step ${m.step + 1} pages the team lead, but ${m.teamName} has no lead.`).join(' ')} Make someone lead in Settings → Teams, or page a schedule or a person at that step.
    </Alert>
  );
}
