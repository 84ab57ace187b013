import type { Metadata } from 'next';
import { AuditLog } from '@/components/settings/audit/AuditLog';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage() {
  await requirePage('audit.view');
  return (
    <>
      <PageHeader
        title="Audit log"
        description="Every change made in Runwell, by people and by API tokens, newest first. Secrets are never recorded."
      />
      <AuditLog />
    </>
  );
}
