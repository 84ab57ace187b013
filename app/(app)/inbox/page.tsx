import type { Metadata } from 'next';
import { InboxView } from '@/components/oncall/InboxView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { can } from '@/server/lib/roles';

export const metadata: Metadata = { title: 'Inbox' };

export default async function InboxPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Inbox" description="Pages that reached you through Runwell's built-in inbox channel, newest first. Acknowledge to stop the escalation." />
      <InboxView canRespond={can(user, 'incident.respond')} />
    </div>
  );
}
