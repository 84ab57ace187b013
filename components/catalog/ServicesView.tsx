'use client';

import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useDeferredValue, useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { EmptyState } from '@/components/ui/EmptyState';
import { NamedOptions, Select, TextInput } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { RowActions, Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import { SERVICE_TIERS, TIER_LABELS, type ServiceDto, type ServiceTier } from '@/server/catalog/catalog.schema';
import { ConfirmDelete } from './ConfirmDelete';
import { ServiceForm } from './ServiceForm';
import { TierBadge } from './TierBadge';

type Open = { kind: 'create' } | { kind: 'edit' | 'delete'; service: ServiceDto } | null;

export function ServicesView({ canManage, initialTeamId }: { canManage: boolean; initialTeamId?: string }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [teamId, setTeamId] = useState(initialTeamId ?? '');
  const [tier, setTier] = useState<ServiceTier | ''>('');
  const [search, setSearch] = useState('');
  const deferredSearch = useDeferredValue(search.trim());
  const filter = { teamId: teamId || undefined, tier: tier || undefined, search: deferredSearch || undefined };
  const services = useQuery({ ...trpc.catalog.list.queryOptions(filter), placeholderData: (previous) => previous });
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [open, setOpen] = useState<Open>(null);
  const close = () => setOpen(null);
  const filtered = Boolean(filter.teamId || filter.tier || filter.search);

  const createButton = canManage && (
    <Button variant="primary" onClick={() => setOpen({ kind: 'create' })}>
      Create service
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Services"
        description="The catalog: what runs in production, who owns it, how critical it is, and where its runbooks and dashboards live."
        actions={createButton}
      />
      {/* Filter labels avoid the words "Team" and "Tier", which name the form's fields. */}
      <div className="form-row" role="search" aria-label="Filter services">
        <Select label="Owner" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          <NamedOptions items={teams.data} first="All teams" />
        </Select>
        <Select label="Criticality" value={tier} onChange={(e) => setTier(e.target.value as ServiceTier | '')}>
          <option value="">All tiers</option>
          {SERVICE_TIERS.map((t) => (
            <option key={t} value={t}>
              {TIER_LABELS[t]}
            </option>
          ))}
        </Select>
        <TextInput label="Search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Slug, name, description" />
      </div>
      {services.error && <Alert tone="danger" title="Services could not be loaded">{errorMessage(services.error)}</Alert>}
      {services.isLoading && <p className="muted">Loading services…</p>}
      {services.data && services.data.length === 0 &&
        (filtered ? (
          <p className="muted">No service matches these filters.</p>
        ) : (
          <EmptyState title="No services yet" action={createButton}>
            <p className="muted">Add the services your teams run, with their tier and their runbook and dashboard links.</p>
          </EmptyState>
        ))}
      {services.data && services.data.length > 0 && (
        <Table caption="Services" columns={['Name', 'Slug', 'Team', 'Tier', 'Links', canManage && 'Actions']}>
          {services.data.map((service) => (
            <tr key={service.id}>
              <td>
                <Link href={`/services/${service.slug}`}>
                  <strong>{service.name}</strong>
                </Link>
                {service.description && <div className="muted">{service.description}</div>}
              </td>
              <td className="mono nowrap">
                <Link href={`/settings/services/${service.slug}`} title="Catalog entry: links, tier and owner">
                  {service.slug}
                </Link>
              </td>
              <td>{service.teamName}</td>
              <td>
                <TierBadge tier={service.tier} />
              </td>
              <td>
                <div className="row">
                  {service.links.map((link, i) => (
                    <a key={i} href={link.url} target="_blank" rel="noopener noreferrer" title={link.url}>
                      {link.label}
                    </a>
                  ))}
                </div>
              </td>
              {canManage && (
                <RowActions>
                  <Button size="sm" onClick={() => setOpen({ kind: 'edit', service })} aria-label={`Edit ${service.name}`}>
                    Edit
                  </Button>
                  <Button
                    size="sm"
                    variant="danger"
                    onClick={() => setOpen({ kind: 'delete', service })}
                    aria-label={`Delete ${service.name}`}
                  >
                    Delete
                  </Button>
                </RowActions>
              )}
            </tr>
          ))}
        </Table>
      )}

      <Dialog open={open?.kind === 'create'} onClose={close} title="Create service">
        <ServiceForm
          defaultTeamId={teamId || undefined}
          onCancel={close}
          onDone={(service) => {
            close();
            toast.show(`Service ${service.name} created`);
          }}
        />
      </Dialog>
      {open?.kind === 'edit' && (
        <Dialog open onClose={close} title={`Edit service ${open.service.name}`}>
          <ServiceForm
            service={open.service}
            onCancel={close}
            onDone={(service) => {
              close();
              toast.show(`Service ${service.name} saved`);
            }}
          />
        </Dialog>
      )}
      {open?.kind === 'delete' && (
        <DeleteService
          service={open.service}
          onCancel={close}
          onConfirm={() => client.catalog.delete.mutate({ id: open.service.id })}
          onDone={async () => {
            close();
            toast.show(`Service ${open.service.name} deleted`);
            await queryClient.invalidateQueries(trpc.catalog.pathFilter());
            await queryClient.invalidateQueries(trpc.teams.pathFilter());
          }}
        />
      )}
    </>
  );
}

export function DeleteService({
  service,
  onConfirm,
  onDone,
  onCancel,
}: {
  service: ServiceDto;
  onConfirm: () => Promise<unknown>;
  onDone: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDelete title={`Delete service ${service.name}?`} confirmLabel="Yes, delete" onConfirm={onConfirm} onDone={onDone} onCancel={onCancel}>
      <p>
        <strong>{service.slug}</strong> leaves the catalog. The audit log keeps a copy of its last state.
      </p>
    </ConfirmDelete>
  );
}
