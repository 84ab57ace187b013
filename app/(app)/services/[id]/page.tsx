import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ServiceActions } from '@/components/catalog/ServiceActions';
import { ServicePageView } from '@/components/catalog/ServicePageView';
import { ServiceChains } from '@/components/postmortems/ChainView';
import { ServiceMaturity } from '@/components/maturity/ServiceMaturity';
import { DomainStrip } from '@/components/domains/DomainStrip';
import { PageHeader } from '@/components/ui/PageHeader';
import { requirePage } from '@/server/auth/session';
import { serviceKeySchema } from '@/server/catalog/service-page.schema';
import { getServicePage } from '@/server/catalog/service-page.service';
import { DomainError } from '@/server/errors';
import { can } from '@/server/lib/roles';

type Props = { params: Promise<{ id: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).id };
}

// /services/<slug or id>: every page that names a service links here.
export default async function ServicePage({ params }: Props) {
  const user = await requirePage('app.read');
  const { id } = await params;
  if (!serviceKeySchema.safeParse({ key: id }).success) notFound();
  const page = await getServicePage({ actor: user, requestId: null }, { key: id }).catch((error) => {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });
  const { service } = page;
  return (
    <div className="page">
      <PageHeader
        title={service.name}
        description={
          <>
            {service.description || 'No description yet.'}{' '}
            <Link href={`/settings/services/${service.slug}`} className="muted">
              Catalog entry
            </Link>
          </>
        }
        actions={can(user, 'catalog.manage') ? <ServiceActions service={service} /> : undefined}
      />
      <DomainStrip serviceId={service.id} title={`Operations domains of ${service.name}`} />
      <ServicePageView page={page} />
      <ServiceChains serviceId={service.id} />
      <ServiceMaturity serviceId={service.id} />
    </div>
  );
}
