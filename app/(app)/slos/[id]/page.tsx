import type { Metadata } from 'next';
import { SloDetailView } from '@/components/slo/SloDetailView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'SLO' };

export default async function SloPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('app.read');
  const { id } = await params;
  return (
    <div className="page">
      <SloDetailView id={id} canManage={can(user, 'slo.manage')} />
    </div>
  );
}
