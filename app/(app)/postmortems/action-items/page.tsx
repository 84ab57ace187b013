import type { Metadata } from 'next';
import { ActionItemList } from '@/components/postmortems/ActionItemList';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Action items' };

export default async function ActionItemsPage({ searchParams }: { searchParams: Promise<{ owner?: string }> }) {
  const user = await requirePage('postmortem.read');
  const { owner } = await searchParams;
  return (
    <div className="page">
      <PageHeader title="Action items" description="Every post-mortem's action items in one list, overdue first." />
      <ActionItemList me={user.id} initialOwner={owner === 'me' ? user.id : (owner ?? '')} />
    </div>
  );
}
