import type { Metadata } from 'next';
import { ClustersView } from '@/components/clusters/ClustersView';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Clusters' };

export default async function ClustersPage() {
  const me = await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Clusters" description="Connected Kubernetes clusters: version, nodes, pods, zones and how current Runwell's copy of each is." />
      <ClustersView canManage={can(me, 'cluster.manage')} />
    </div>
  );
}
