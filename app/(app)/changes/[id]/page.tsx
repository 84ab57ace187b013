import type { Metadata } from 'next';
import { ChangeDetailView } from '@/components/changes/ChangeDetailView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { getChange } from '@/server/changes/changes.service';
import { orNotFound } from '@/app/(app)/not-found-guard';

export const metadata: Metadata = { title: 'Change' };

export default async function ChangePage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('app.read');
  const { id } = await params;
  const change = await orNotFound(getChange({ actor: user, requestId: null }, { id }));
  return (
    <div className="page">
      <PageHeader title={change.title} description={`${change.tier} change to ${change.services.map((s) => s.name).join(', ')}`} />
      <ChangeDetailView id={id} />
    </div>
  );
}
