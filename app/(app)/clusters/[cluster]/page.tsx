import type { Metadata } from 'next';
import { getCluster } from '@/server/clusters/clusters.service';
import { orNotFound } from '@/app/(app)/not-found-guard';
import { ClusterView } from '@/components/clusters/ClusterView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Cluster' };

export default async function ClusterPage({ params }: { params: Promise<{ cluster: string }> }) {
  const user = await requirePage('app.read');
  const { cluster } = await params;
  const name = decodeURIComponent(cluster);
  await orNotFound(getCluster({ actor: user, requestId: null }, { name }));
  return (
    <div className="page">
      <PageHeader title={name} description="Inventory, sync status, capacity and maintenance of this cluster." />
      <ClusterView name={name} />
    </div>
  );
}
