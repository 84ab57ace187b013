import type { Metadata } from 'next';
import { QualityView } from '@/components/alerts/QualityView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Alert quality' };

export default async function QualityPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Alert quality" description="The seed's alert-quality table per team: pages per shift, actionable share, P1 MTTR, post-mortems, flapping; with the suggested action and the trend." />
      <QualityView />
    </div>
  );
}
