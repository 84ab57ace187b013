import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'SLOs' };

export default async function SlosPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="SLOs" description="Service level objectives, error budgets and burn rates." />
      <EmptyState title="No SLOs defined yet">
        <p>Each SLO will show its objective, the error budget left in the window, its budget timeline and multi-window burn rates, and the budget policy state that gates risky changes.</p>
        <p>Good and total event counts are sampled from Prometheus by Runwell’s workers and stored per time bucket; budgets are computed from those counts (errors over total, not averaged ratios).</p>
      </EmptyState>
    </div>
  );
}
