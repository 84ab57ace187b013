import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Incidents' };

export default async function IncidentsPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Incidents" description="Alerts, pages and incidents, from first signal to post-mortem." />
      <EmptyState title="No incidents">
        <p>Alerts received from Alertmanager are triaged here into pages and incidents. Each incident will have a status, a commander and other roles, a timeline, and a post-mortem with action items once it is resolved.</p>
        <p>Alerts arrive through the Alertmanager webhook (an API token with the alerts scope); triage uses the error budget state of the affected service.</p>
      </EmptyState>
    </div>
  );
}
