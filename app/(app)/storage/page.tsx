import type { Metadata } from 'next';
import { StorageView } from '@/components/domains/StorageView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Storage' };

export default async function StoragePage({ searchParams }: { searchParams: Promise<{ focus?: string }> }) {
  await requirePage('app.read');
  const { focus } = await searchParams;
  return (
    <div className="page">
      <PageHeader
        title="Storage"
        description="Pending PersistentVolumeClaims and bind time from the inventory, volume fill (kubelet volume stats) and disk IOPS saturation from each Prometheus data source, and the StorageClasses with their reclaim and binding modes. Alerts during business hours."
      />
      <StorageView focus={typeof focus === 'string' ? focus : undefined} />
    </div>
  );
}
