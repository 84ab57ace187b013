import type { Metadata } from 'next';
import { IncidentConsole } from '@/components/incidents/IncidentConsole';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';
import { getIncident } from '@/server/incidents/incidents.service';
import { orNotFound } from '@/app/(app)/not-found-guard';

export const metadata: Metadata = { title: 'Incident' };

export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('app.read');
  const { id } = await params;
  const { incident } = await orNotFound(getIncident({ actor: user, requestId: null }, id));
  return (
    <div className="page">
      <PageHeader title={`#${incident.number} ${incident.title}`} description={incident.summary || undefined} />
      <IncidentConsole id={id} canCommand={can(user, 'incident.command')} canRespond={can(user, 'incident.respond')} />
    </div>
  );
}
