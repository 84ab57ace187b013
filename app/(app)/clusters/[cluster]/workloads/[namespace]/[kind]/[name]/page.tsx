import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getCluster } from '@/server/clusters/clusters.service';
import { orNotFound } from '@/app/(app)/not-found-guard';
import { WorkloadView } from '@/components/clusters/WorkloadView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { WORKLOAD_KINDS } from '@/server/inventory/inventory.schema';

export const metadata: Metadata = { title: 'Workload' };

export default async function WorkloadPage({ params }: { params: Promise<{ cluster: string; namespace: string; kind: string; name: string }> }) {
  const user = await requirePage('app.read');
  const p = await params;
  const kind = WORKLOAD_KINDS.find((k) => k === p.kind);
  if (!kind) notFound();
  const [cluster, namespace, name] = [p.cluster, p.namespace, p.name].map(decodeURIComponent) as [string, string, string];
  await orNotFound(getCluster({ actor: user, requestId: null }, { name: cluster }));
  return (
    <div className="page">
      <PageHeader title={`${kind} ${namespace}/${name}`} description={`In cluster ${cluster}.`} />
      <WorkloadView clusterName={cluster} namespace={namespace} kind={kind} name={name} />
    </div>
  );
}
