import type { Metadata } from 'next';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Clusters' };

export default async function ClustersPage() {
  await requirePage('app.read');
  return (
    <div className="page">
      <PageHeader title="Clusters" description="Connected Kubernetes clusters and what runs on them." />
      <EmptyState title="No clusters connected yet">
        <p>Connected clusters will be listed here with their Kubernetes version, nodes, namespaces and workloads, and capacity per node: allocatable CPU and memory against the sum of pod requests and limits.</p>
        <p>Runwell’s collectors read each cluster through the Kubernetes API (paginated lists plus watches) with a read-only service account, and keep the inventory in Runwell’s database. Engineers and admins connect clusters.</p>
      </EmptyState>
    </div>
  );
}
