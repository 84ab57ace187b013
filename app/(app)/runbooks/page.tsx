import type { Metadata } from 'next';
import { RunbookList } from '@/components/runbooks/RunbooksView';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Runbooks' };

export default async function RunbooksPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Runbooks" description="One runbook per alert, with the same sections every time, so the person paged knows where to look. Alerts link here by runbook_url or alert name." />
      <RunbookList canManage={can(user, 'runbook.manage')} />
    </div>
  );
}
