import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { GoldenSignalsView } from '@/components/slo/GoldenSignalsView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';
import { serviceName } from '@/server/slo/golden-signals.service';

export const metadata: Metadata = { title: 'Golden signals' };

export default async function GoldenSignalsPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePage('app.read');
  const { id } = await params;
  const name = await serviceName(id);
  if (!name) notFound();
  return (
    <div className="page">
      <GoldenSignalsView serviceId={id} serviceName={name} canManage={can(user, 'slo.manage')} />
    </div>
  );
}
