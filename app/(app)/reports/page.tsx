import type { Metadata } from 'next';
import { ReportView } from '@/components/maturity/ReportView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { lastFullMonth, selectableMonths } from '@/server/reports/reports.compute';
import { monthSchema } from '@/server/reports/reports.schema';

export const metadata: Metadata = { title: 'Reports' };

export default async function ReportsPage({ searchParams }: { searchParams: Promise<{ month?: string }> }) {
  await requirePage('reports.view');
  const now = Date.now();
  const { month: asked } = await searchParams;
  const parsed = monthSchema.safeParse(asked);
  const month = parsed.success ? parsed.data : lastFullMonth(now).month;
  const months = selectableMonths(now);
  return (
    <div className="page">
      <PageHeader title="Reports" description="The month's reliability at a glance, against the month before: SLOs, incidents, post-mortems, readiness and maturity, and the risks to act on." />
      <ReportView month={month} months={months.includes(month) ? months : [month, ...months]} />
    </div>
  );
}
