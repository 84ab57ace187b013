import type { Metadata } from 'next';
import { RunbookEditor } from '@/components/runbooks/RunbooksView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'New runbook' };

export default async function NewRunbookPage() {
  await requirePage('runbook.manage');
  return (
    <div className="page">
      <PageHeader title="New runbook" description="Markdown in the runbook template (Summary, Severity, Diagnosis Steps, Resolution Steps, Escalation, Post-Incident); the preview renders it safely (no raw HTML)." />
      <RunbookEditor initial={null} />
    </div>
  );
}
