import type { Metadata } from 'next';
import '@/components/maturity/print.css';
import { MaturityView } from '@/components/maturity/MaturityView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { can } from '@/server/lib/roles';

export const metadata: Metadata = { title: 'Maturity' };

export default async function MaturityPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page maturity-page">
      <PageHeader
        title="Maturity"
        description="Five levels, from Reactive to Optimising, assessed from what Runwell measures. A level counts only when every marker of it and of the levels below is met; “no data” counts as not met."
        actions={
          can(user, 'reports.view') ? (
            <a className="btn btn-primary no-print" href="/api/v1/reports/maturity.pdf" download="runwell-maturity.pdf">
              Download PDF
            </a>
          ) : undefined
        }
      />
      <MaturityView canAssess={can(user, 'maturity.assess')} />
    </div>
  );
}
