import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { ServiceActions } from '@/components/catalog/ServiceActions';
import { TierBadge } from '@/components/catalog/TierBadge';
import { Card } from '@/components/ui/Card';
import { EmptyState } from '@/components/ui/EmptyState';
import { PageHeader } from '@/components/ui/PageHeader';
import { can } from '@/server/lib/roles';
import { requirePage } from '@/server/auth/session';
import { TIER_LABELS } from '@/server/catalog/catalog.schema';
import { getService } from '@/server/catalog/catalog.service';
import { DomainError } from '@/server/errors';
import { slugSchema } from '@/server/teams/teams.schema';

type Props = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: (await params).slug };
}

export default async function ServicePage({ params }: Props) {
  const user = await requirePage('app.read');
  const { slug } = await params;
  if (!slugSchema.safeParse(slug).success) notFound();
  const service = await getService({ actor: user, requestId: null }, { slug }).catch((error) => {
    if (error instanceof DomainError && error.code === 'NOT_FOUND') notFound();
    throw error;
  });

  return (
    <>
      <p className="row">
        <Link href="/settings/services">← Services</Link>
        <Link href={`/services/${service.slug}`}>Service page →</Link>
      </p>
      <PageHeader
        title={service.name}
        description={service.description || undefined}
        actions={can(user, 'catalog.manage') ? <ServiceActions service={service} /> : undefined}
      />
      <div className="grid">
        <Card title="Details">
          <dl className="stack">
            <div>
              <dt className="muted">Slug</dt>
              <dd style={{ margin: 0 }} className="mono">{service.slug}</dd>
            </div>
            <div>
              <dt className="muted">Team</dt>
              <dd style={{ margin: 0 }}>
                <Link href={`/settings/services?team=${encodeURIComponent(service.teamId)}`}>{service.teamName}</Link>{' '}
                <span className="muted mono">{service.teamSlug}</span>
              </dd>
            </div>
            <div>
              <dt className="muted">Tier</dt>
              <dd style={{ margin: 0 }} className="row">
                <TierBadge tier={service.tier} /> {TIER_LABELS[service.tier]}
              </dd>
            </div>
          </dl>
        </Card>
        <Card title="Links">
          {service.links.length === 0 ? (
            <EmptyState title="No links yet">
              <p className="muted">Add the runbook, dashboards and repository so responders find them during an incident.</p>
            </EmptyState>
          ) : (
            <ul className="stack" style={{ margin: 0, paddingLeft: '1.2rem' }}>
              {service.links.map((link, i) => (
                <li key={i}>
                  <a href={link.url} target="_blank" rel="noopener noreferrer">
                    {link.label}
                  </a>{' '}
                  <span className="muted mono break">{link.url}</span>
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
