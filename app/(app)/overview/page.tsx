import type { Metadata } from 'next';
import { SystemStatus } from '@/components/system/SystemStatus';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Overview' };

export default async function OverviewPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Overview" description="How production is doing right now, on one screen." />
      <SystemStatus compact />
      <EmptyState title="Nothing to summarise yet">
        <p>Once clusters are connected and SLOs are defined, this page shows error budgets left, services burning budget fastest, firing alerts and open incidents, who is on call, and the changes going out today.</p>
        <p>It reads the same data as the other pages: inventory from the Kubernetes collectors, SLI samples from Prometheus, alerts from the Alertmanager webhook, and the change ledger.</p>
      </EmptyState>
    </div>
  );
}
