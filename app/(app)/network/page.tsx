import type { Metadata } from 'next';
import { NetworkView } from '@/components/domains/NetworkView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Network' };

export default async function NetworkPage({ searchParams }: { searchParams: Promise<{ focus?: string }> }) {
  await requirePage('app.read');
  const { focus } = await searchParams;
  return (
    <div className="page">
      <PageHeader
        title="Network"
        description="DNS latency (CoreDNS p99), connection errors at the ingress controller and CNI packet drops, from each Prometheus data source. Alerts when a threshold is crossed; critical ingress errors page the owning team."
      />
      <NetworkView focus={typeof focus === 'string' ? focus : undefined} />
    </div>
  );
}
