'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { EmptyState } from '@/components/ui/EmptyState';
import { NamedOptions, Select } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import type { SloListSort } from '@/server/slo/slo-api.schema';
import { BAND_LABELS, BackfillProgress, BandBadge, BudgetBar, downloadText, formatBurn, formatSli } from './bits';
import { BANDS_WITH_NO_DATA, type BandOrNoData } from '@/server/lib/policy-bands';
import { SloForm } from './SloForm';
import { SloImport } from './SloImport';
import { ServiceLink } from '@/components/catalog/ServiceLink';
import { Pager } from '@/components/clusters/Pager';

const PAGE_SIZE = 50;

export function SloList({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const router = useRouter();
  const toast = useToast();
  const [teamId, setTeamId] = useState('');
  const [band, setBand] = useState<BandOrNoData | ''>('');
  const [sort, setSort] = useState<SloListSort>('budget-asc');
  const [page, setPage] = useState(1);
  const [open, setOpen] = useState<'create' | 'import' | null>(null);
  // Filtered, sorted and paged on the server: 10,000 SLOs are one page at a time.
  const slos = useQuery({
    ...trpc.slo.page.queryOptions({ teamId: teamId || undefined, band: band || undefined, sort, page, pageSize: PAGE_SIZE }),
    placeholderData: (previous) => previous,
    // Budgets move as buckets arrive, and backfills report progress.
    refetchInterval: 30_000,
  });
  const teams = useQuery(trpc.teams.list.queryOptions());
  const items = slos.data?.items ?? [];
  const total = slos.data?.total ?? 0;
  const queryClient = useQueryClient();
  const fromClusters = useMutation(
    trpc.slo.importFromCluster.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries(trpc.slo.pathFilter());
        if (!r.ok) toast.show(`Cluster import refused: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ').slice(0, 300)}`, 'danger');
        else if (r.objects === 0) toast.show('No PrometheusServiceLevel objects found in the clusters’ inventory', 'info');
        else toast.show(`From ${r.objects} PrometheusServiceLevel object(s): ${r.created.length} new, ${r.updated.length} updated SLOs`);
      },
      onError: (e) => toast.show(errorMessage(e), 'danger'),
    }),
  );

  const downloadRules = async () => {
    try {
      const { yaml } = await client.slo.rules.query({ format: 'prometheus' });
      downloadText('runwell-slo-rules.yaml', yaml);
    } catch (e) {
      toast.show(errorMessage(e), 'danger');
    }
  };

  const actions = (
    <div className="row">
      {canManage && (
        <>
          <Button variant="primary" onClick={() => setOpen('create')}>
            Create SLO
          </Button>
          <Button onClick={() => setOpen('import')}>Import file</Button>
          <Button busy={fromClusters.isPending} onClick={() => fromClusters.mutate({})}>
            Import from clusters
          </Button>
        </>
      )}
      {total > 0 && <Button onClick={() => void downloadRules()}>Download all rules</Button>}
    </div>
  );

  return (
    <>
      <PageHeader title="SLOs" description="Service level objectives, the error budget left in each window, burn rates and the budget policy band." actions={actions} />
      <div className="form-row" role="search" aria-label="Filter SLOs">
        <Select label="Team" value={teamId} onChange={(e) => { setTeamId(e.target.value); setPage(1); }}>
          <NamedOptions items={teams.data} first="All teams" />
        </Select>
        <Select label="Policy band" value={band} onChange={(e) => { setBand(e.target.value as BandOrNoData | ''); setPage(1); }}>
          <option value="">All bands</option>
          {BANDS_WITH_NO_DATA.map((b) => (
            <option key={b} value={b}>
              {BAND_LABELS[b]}
            </option>
          ))}
        </Select>
        <Select label="Sort by" value={sort} onChange={(e) => { setSort(e.target.value as SloListSort); setPage(1); }}>
          <option value="budget-asc">Budget remaining, least first</option>
          <option value="budget-desc">Budget remaining, most first</option>
          <option value="service">Service</option>
        </Select>
      </div>
      {slos.error && <Alert tone="danger" title="SLOs could not be loaded">{errorMessage(slos.error)}</Alert>}
      {slos.isLoading && <p className="muted">Loading SLOs…</p>}
      {slos.data && items.length === 0 &&
        (teamId || band ? (
          <p className="muted">No SLO matches these filters.</p>
        ) : (
          <EmptyState title="No SLOs defined yet" action={canManage ? actions : undefined}>
            <p className="muted">Create an SLO or import a Sloth or OpenSLO file. Runwell samples good and total event counts from Prometheus every 5 minutes and computes the error budget from them.</p>
          </EmptyState>
        ))}
      {items.length > 0 && (
        <Table caption="SLOs">
          <thead>
            <tr>
              <th scope="col">Service</th>
              <th scope="col">SLO</th>
              <th scope="col">Objective</th>
              <th scope="col">Current SLI</th>
              <th scope="col">
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => { setSort(sort === 'budget-asc' ? 'budget-desc' : 'budget-asc'); setPage(1); }} aria-label="Sort by budget remaining">
                  Budget remaining {sort === 'budget-asc' ? '↑' : sort === 'budget-desc' ? '↓' : ''}
                </button>
              </th>
              <th scope="col">Burn rate (1 h)</th>
              <th scope="col">Policy</th>
            </tr>
          </thead>
          <tbody>
            {items.map((s) => (
              <tr key={s.id}>
                <td>
                  <ServiceLink id={s.serviceId} name={s.serviceName} />
                  <div className="muted">{s.teamName}</div>
                </td>
                <td>
                  <Link href={`/slos/${s.id}`}>
                    <strong>{s.name}</strong>
                  </Link>
                  <div className="muted">{s.windowLabel}</div>
                  <BackfillProgress status={s.backfill.status} percent={s.backfill.percent} lastError={s.backfill.lastError} />
                </td>
                <td className="nowrap">{s.objective} %</td>
                <td className="nowrap">{formatSli(s.sli)}</td>
                <td>
                  <BudgetBar percent={s.remainingPercent} noData={s.dataState === 'no-data'} />
                </td>
                <td className="nowrap">{formatBurn(s.burnRate1h)}</td>
                <td>
                  <BandBadge band={s.band} />
                </td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {total > PAGE_SIZE && <Pager page={slos.data?.page ?? page} pageSize={PAGE_SIZE} total={total} onPage={setPage} label="SLOs" />}
      <Dialog open={open === 'create'} onClose={() => setOpen(null)} title="Create SLO">
        {open === 'create' && (
          <SloForm
            onCancel={() => setOpen(null)}
            onDone={(saved) => {
              setOpen(null);
              toast.show(`SLO ${saved.name} created; backfill started`);
              router.push(`/slos/${saved.id}`);
            }}
          />
        )}
      </Dialog>
      <Dialog open={open === 'import'} onClose={() => setOpen(null)} title="Import SLOs">
        {open === 'import' && (
          <SloImport
            onCancel={() => setOpen(null)}
            onDone={(result) => {
              setOpen(null);
              toast.show(`Imported ${result.created.length} new and ${result.updated.length} updated SLOs`);
            }}
          />
        )}
      </Dialog>
    </>
  );
}
