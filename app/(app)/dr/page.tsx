import type { Metadata } from 'next';
import { DrView } from '@/components/domains/DrView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { can } from '@/server/lib/roles';

export const metadata: Metadata = { title: 'Disaster recovery' };

export default async function DrPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader
        title="Disaster recovery"
        description="Backup age against each Velero schedule, per namespace and service, and restore drills against the services' RTO and RPO. An untested restore procedure is not a DR plan: every tier-1 service (and every service with a target) is drilled each quarter."
      />
      <DrView canDrill={can(user, 'dr.drill')} canSetTargets={can(user, 'catalog.manage')} />
    </div>
  );
}
