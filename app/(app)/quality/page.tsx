import type { Metadata } from 'next';
import { QualityView } from '@/components/alerts/QualityView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Alert quality' };

export default async function QualityPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Alert quality" description="Per team over the last 4 weeks: pages per on-call shift, the share that needed action, P1 time to resolve, post-mortems and flapping alerts, with what to do next and the trend. Noisy paging wears on-call people out and hides the page that matters." />
      <QualityView />
    </div>
  );
}
