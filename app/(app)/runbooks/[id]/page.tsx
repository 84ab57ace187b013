import type { Metadata } from 'next';
import { getRunbook } from '@/server/runbooks/runbooks.service';
import { orNotFound } from '@/app/(app)/not-found-guard';
import { RunbookDetail } from '@/components/runbooks/RunbooksView';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Runbook' };

export default async function RunbookPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('app.read');
  const { id } = await params;
  await orNotFound(getRunbook({ actor: user, requestId: null }, { id }));
  return (
    <div className="page">
      <PageHeader title="Runbook" />
      <RunbookDetail id={id} canManage={can(user, 'runbook.manage')} />
    </div>
  );
}
