import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { AlertingSettings } from '@/components/alerts/AlertingSettings';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Alerting' };

export default async function AlertingPage() {
  const user = await requirePage('app.read');
  // The URL Alertmanager should use: NEXTAUTH_URL when set (the public URL), else the one this page was reached at.
  const h = await headers();
  const baseUrl = process.env.NEXTAUTH_URL ?? `${h.get('x-forwarded-proto') ?? 'http'}://${h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost:3000'}`;
  return (
    <>
      <PageHeader title="Alerting" description="Receive alerts from Alertmanager: the receiver to paste, how alerts map to services, and the deliveries received." />
      <AlertingSettings baseUrl={baseUrl} canManage={can(user, 'settings.manage')} />
    </>
  );
}
