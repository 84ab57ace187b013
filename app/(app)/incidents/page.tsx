import type { Metadata } from 'next';
import { IncidentsView } from '@/components/incidents/IncidentsView';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Incidents' };

export default async function IncidentsPage() {
  const user = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Incidents" description="Declare from a firing alert or by hand; run it from its page: status, roles, timeline, runbooks." />
      <IncidentsView canCommand={can(user, 'incident.command')} />
    </div>
  );
}
