import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Changes' };

export default async function ChangesPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Changes" description="The change ledger and the gate every change passes." />
      <EmptyState title="No changes recorded yet">
        <p>Every change (deployments, config edits, cluster upgrades) will be listed here with its risk tier and the gate decision: allowed, held by a freeze window, or blocked because the service has spent its error budget.</p>
        <p>Changes are submitted through the API (an API token with the changes scope), this UI, or read from GitOps history.</p>
      </EmptyState>
    </div>
  );
}
