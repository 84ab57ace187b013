import type { Metadata } from 'next';
import { RunbookLint } from '@/components/runbooks/RunbooksView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'runbook_url lint' };

export default async function RunbookLintPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="runbook_url lint" description="Every alert rule Runwell knows that lacks a runbook_url: PrometheusRules from the inventory and Runwell's own SLO rules." />
      <RunbookLint />
    </div>
  );
}
