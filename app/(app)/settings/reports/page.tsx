import type { Metadata } from 'next';
import { ReportScheduleView } from '@/components/settings/reports/ReportScheduleView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportSettingsPage() {
  await requirePage('settings.manage');
  return (
    <>
      <PageHeader title="Reports" description="Who receives the monthly executive report by e-mail, when, and every send so far." />
      <ReportScheduleView />
    </>
  );
}
