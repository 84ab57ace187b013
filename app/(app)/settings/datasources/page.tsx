import type { Metadata } from 'next';
import { DataSourcesView } from '@/components/settings/datasources/DataSourcesView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Data sources' };

export default async function DataSourcesPage() {
  const user = await requirePage('app.read');
  return <DataSourcesView canManage={can(user, 'settings.manage')} />;
}
