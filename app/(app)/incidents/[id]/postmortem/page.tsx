import type { Metadata } from 'next';
import Link from 'next/link';
import { PostmortemEditor } from '@/components/postmortems/PostmortemEditor';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';
import { getIncident } from '@/server/incidents/incidents.service';

export const metadata: Metadata = { title: 'Post-mortem' };

// Writers (incident commanders, admins) get the editor; responders review;
// viewers and executives read it once published.
export default async function PostmortemPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('postmortem.read');
  const { id } = await params;
  const { incident } = await getIncident({ actor: user, requestId: null }, id);
  return (
    <div className="page">
      <PageHeader
        title={`Post-mortem: #${incident.number} ${incident.title}`}
        description={
          <>
            <Link href={`/incidents/${id}`}>Incident #{incident.number}</Link> · <Link href="/postmortems">All post-mortems</Link>
          </>
        }
      />
      <PostmortemEditor incidentId={id} perms={{ canWrite: can(user, 'postmortem.write'), canRespond: can(user, 'incident.respond'), userId: user.id }} />
    </div>
  );
}
