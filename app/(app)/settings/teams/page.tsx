import type { Metadata } from 'next';
import { TeamsView } from '@/components/catalog/TeamsView';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Teams' };

export default async function TeamsPage() {
  const user = await requirePage('app.read');
  return <TeamsView canManage={can(user, 'catalog.manage')} />;
}
