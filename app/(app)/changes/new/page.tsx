import type { Metadata } from 'next';
import { RecordChangeForm } from '@/components/changes/RecordChangeForm';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Record a change' };

export default async function NewChangePage() {
  await requirePage('change.submit');
  return (
    <div className="page">
      <PageHeader title="Record a change" description="The gate decides from the tier, the freeze calendar and the error budget of the services; CI records changes with POST /api/v1/changes." />
      <RecordChangeForm />
    </div>
  );
}
