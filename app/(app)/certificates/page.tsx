import type { Metadata } from 'next';
import { CertificatesView } from '@/components/domains/CertificatesView';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';

export const metadata: Metadata = { title: 'Certificates' };

export default async function CertificatesPage({ searchParams }: { searchParams: Promise<{ focus?: string }> }) {
  await requirePage('app.read');
  const { focus } = await searchParams;
  return (
    <div className="page">
      <PageHeader
        title="Certificates"
        description="Days to expiry of every certificate, from cert-manager and the TLS secrets Ingresses use. Alerts at 30, 14 and 7 days and when a renewal fails; the last week pages the owning team."
      />
      <CertificatesView focus={typeof focus === 'string' ? focus : undefined} />
    </div>
  );
}
