'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { ButtonLink } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { PageHeader } from '@/components/ui/PageHeader';
import { ExemptionsTable, type Viewer } from './ExemptionsTable';

export function ExemptionsView({ viewer }: { viewer: Viewer }) {
  const trpc = useTRPC();
  const list = useQuery(trpc.readiness.exemptions.list.queryOptions({}));
  const now = new Date();
  const all = list.data ?? [];
  return (
    <>
      <PageHeader
        title="Readiness exemptions"
        description="Time-bound exceptions to readiness checks. Engineers request them from a workload's page with a reason and an expiry (at most 90 days); an incident commander or admin other than the requester approves. Expired exemptions stop applying at once."
        actions={<ButtonLink href="/readiness">Back to readiness</ButtonLink>}
      />
      {list.error && <Alert tone="danger" title="Exemptions could not be loaded">{errorMessage(list.error)}</Alert>}
      {list.isLoading && <p className="muted">Loading exemptions…</p>}
      {list.data && (
        <div className="stack">
          <Card title="Waiting for approval" flush>
            <ExemptionsTable caption="Pending exemptions" exemptions={all.filter((e) => e.state === 'pending')} viewer={viewer} now={now} />
          </Card>
          <Card title="In force" flush>
            <ExemptionsTable caption="Active exemptions" exemptions={all.filter((e) => e.state === 'approved')} viewer={viewer} now={now} />
          </Card>
          <Card title="Ended" flush>
            <ExemptionsTable caption="Ended exemptions" exemptions={all.filter((e) => e.state !== 'pending' && e.state !== 'approved')} viewer={viewer} now={now} />
          </Card>
        </div>
      )}
    </>
  );
}
