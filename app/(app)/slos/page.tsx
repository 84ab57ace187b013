import type { Metadata } from 'next';
import { SloList } from '@/components/slo/SloList';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'SLOs' };

export default async function SlosPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <SloList canManage={can(user, 'slo.manage')} />
    </div>
  );
}
