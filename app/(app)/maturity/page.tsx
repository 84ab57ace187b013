import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Maturity' };

export default async function MaturityPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Maturity" description="Operational maturity per team, from Reactive to Optimising." />
      <EmptyState title="No assessment yet">
        <p>Teams and services will be placed on the five maturity levels (Reactive, Managed, Defined, Measured, Optimising). A level is reached only when every criterion of that level and the levels below it is met, and each criterion links to its evidence.</p>
        <p>Evidence is gathered from everything Runwell already knows: readiness results, SLOs and budgets, incidents and post-mortems, on-call coverage and the change ledger.</p>
      </EmptyState>
    </div>
  );
}
