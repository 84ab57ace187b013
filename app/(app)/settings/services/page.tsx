import type { Metadata } from 'next';
import { ServicesView } from '@/components/catalog/ServicesView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage({ searchParams }: { searchParams: Promise<{ team?: string | string[] }> }) {
  const user = await requirePage('app.read');
  const { team } = await searchParams;
  return <ServicesView canManage={can(user, 'catalog.manage')} initialTeamId={typeof team === 'string' ? team : undefined} />;
}
