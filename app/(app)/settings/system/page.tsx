import type { Metadata } from 'next';
import { SystemStatus } from '@/components/system/SystemStatus';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'System' };

export default async function SystemPage() {
  await requirePage('app.read');
  return (
    <>
      <PageHeader
        title="System"
        description="Health of Runwell itself: its database, its job queue and the background workers. Prometheus metrics are at /metrics."
      />
      <SystemStatus />
    </>
  );
}
