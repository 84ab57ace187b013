import type { Metadata } from 'next';
import { OverviewBoard } from '@/components/overview/OverviewBoard';
import { DomainStrip } from '@/components/domains/DomainStrip';
import { SystemStatus } from '@/components/system/SystemStatus';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { ButtonLink } from '@/components/ui/Button';
import { Alert } from '@/components/ui/Alert';

export const metadata: Metadata = { title: 'Overview' };

// Every signed-in role sees the same board (it only reads); executives also get a pointer to their report.
export default async function OverviewPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Overview" description="How production is doing right now, on one screen." />
      {user.role === 'executive' && (
        <Alert title="Made for you: the monthly reliability report">
          <p>Last month against the month before in five minutes: SLOs, incidents and MTTR, post-mortems, readiness, maturity and the top risks; printable as a PDF.</p>
          <p>
            <ButtonLink href="/reports" variant="primary" size="sm">
              Open the report
            </ButtonLink>{' '}
            <ButtonLink href="/maturity" size="sm">
              Maturity per team
            </ButtonLink>
          </p>
        </Alert>
      )}
      <DomainStrip />
      <OverviewBoard />
      <SystemStatus compact />
    </div>
  );
}
