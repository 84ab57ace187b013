import type { Metadata } from 'next';
import { OverviewBoard } from '@/components/overview/OverviewBoard';
import { SystemStatus } from '@/components/system/SystemStatus';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Overview' };

// Every signed-in role, executives included, sees the same page: it only reads.
export default async function OverviewPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Overview" description="How production is doing right now, on one screen." />
      <OverviewBoard />
      <SystemStatus compact />
    </div>
  );
}
