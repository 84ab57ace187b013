import type { Metadata } from 'next';
import { getCluster } from '@/server/clusters/clusters.service';
import { orNotFound } from '@/app/(app)/not-found-guard';
import { WorkloadDetail } from '@/components/readiness/WorkloadDetail';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Workload readiness' };

type Params = { cluster: string; namespace: string; kind: string; name: string };

export default async function WorkloadReadinessPage({ params }: { params: Promise<Params> }) {
  const user = await requirePage('app.read');
  const p = await params;
  // "_" stands for the empty namespace of cluster-scoped objects (see workloadHref).
  const reference = {
    cluster: decodeURIComponent(p.cluster),
    namespace: p.namespace === '_' ? '' : decodeURIComponent(p.namespace),
    kind: decodeURIComponent(p.kind),
    name: decodeURIComponent(p.name),
  };
  await orNotFound(getCluster({ actor: user, requestId: null }, { name: reference.cluster }));
  return (
    <div className="page">
      <WorkloadDetail reference={reference} viewer={{ id: user.id, canApprove: can(user, 'readiness.approve'), canRequest: can(user, 'readiness.exempt') }} />
    </div>
  );
}
