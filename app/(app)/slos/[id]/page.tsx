import type { Metadata } from 'next';
import { getSlo } from '@/server/slo/slo.service';
import { orNotFound } from '@/app/(app)/not-found-guard';
import { SloDetailView } from '@/components/slo/SloDetailView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'SLO' };

export default async function SloPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('app.read');
  const { id } = await params;
  await orNotFound(getSlo({ actor: user, requestId: null }, { id }));
  return (
    <div className="page">
      <SloDetailView id={id} canManage={can(user, 'slo.manage')} />
    </div>
  );
}
