import type { Metadata } from 'next';
import { PerformanceView } from '@/components/domains/PerformanceView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Performance' };

export default async function PerformancePage({ searchParams }: { searchParams: Promise<{ focus?: string }> }) {
  await requirePage('app.read');
  const { focus } = await searchParams;
  return (
    <div className="page">
      <PageHeader
        title="Performance"
        description="Request p99 and saturation per service from its golden-signal queries, and the longest GC pause where the runtime exports it. Tuning signals: they alert during business hours; the latency SLO pages when its budget burns."
      />
      <PerformanceView focus={typeof focus === 'string' ? focus : undefined} />
    </div>
  );
}
