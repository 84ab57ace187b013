import type { Metadata } from 'next';
import { ReportView } from '@/components/maturity/ReportView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { lastFullMonth, parsePeriod, selectablePeriods } from '@/server/reports/period.compute';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ month?: string; period?: string }> }) {
  await requirePage('reports.view');
  const now = Date.now();
  const { month: oldSpelling, period: asked } = await searchParams;
  const period = parsePeriod(asked ?? oldSpelling ?? '')?.key ?? lastFullMonth(now).key;
  const periods = selectablePeriods(now);
  return (
    <div className="page">
      <PageHeader title="Reports" description="A month's or quarter's reliability at a glance, against the period before: SLOs, incidents, post-mortems, delivery, readiness and maturity, and the risks to act on." />
      <ReportView period={period} periods={periods.includes(period) ? periods : [period, ...periods]} />
    </div>
  );
}
