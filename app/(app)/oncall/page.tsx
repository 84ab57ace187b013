import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'On-call' };

export default async function OncallPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="On-call" description="Who is on call now, and who is next." />
      <EmptyState title="No on-call schedules yet">
        <p>Rotations will appear here with their layers, hand-off times and time zones, overrides, and the person on call right now for each team.</p>
        <p>Schedules are defined per team in Runwell; pages raised by incidents go to whoever is on call at that moment.</p>
      </EmptyState>
    </div>
  );
}
