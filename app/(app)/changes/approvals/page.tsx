import type { Metadata } from 'next';
import { ApprovalInbox } from '@/components/changes/ApprovalInbox';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Approvals' };

export default async function ApprovalsPage() {
  await requirePage('change.approve');
  return (
    <div className="page">
      <PageHeader title="Approvals" description="Changes waiting at the gate for your approval: T2 for team leads, T3 for the change advisory board, and VP/CISO when the error budget is low. Approvers are never the author." />
      <ApprovalInbox />
    </div>
  );
}
