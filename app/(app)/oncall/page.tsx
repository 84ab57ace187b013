import type { Metadata } from 'next';
import { OncallView } from '@/components/oncall/OncallView';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'On-call' };

export default async function OncallPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePage('app.read');
  const { page } = await searchParams;
  return (
    <div className="page">
      <PageHeader title="On-call" description="Who is on call now and next, the coming weeks, escalation, and the pages to answer." />
      <OncallView canManage={can(user, 'catalog.manage')} canRespond={can(user, 'incident.respond')} focusPageId={typeof page === 'string' ? page : undefined} />
    </div>
  );
}
