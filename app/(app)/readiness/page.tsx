import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Readiness' };

export default async function ReadinessPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Readiness" description="Production readiness of every workload, scored per service and team." />
      <EmptyState title="No readiness results yet">
        <p>Each workload will be checked against the production readiness checklist: probes, replicas and disruption budgets, resource requests and limits, image tags, security context and network policies. Results roll up into a score per service and team, with exemptions made by annotation.</p>
        <p>Checks run on the inventory collected from your clusters; the same checks can run in CI against manifests before they are deployed.</p>
      </EmptyState>
    </div>
  );
}
