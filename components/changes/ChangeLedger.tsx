'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { CHANGE_STATUSES, STATUS_LABELS, TIERS, type ChangeStatus, type Tier } from '@/server/changes/changes.schema';
import { Pager } from '../clusters/Pager';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/Card';
import { NamedOptions, Select } from '../ui/Field';
import { Table } from '../ui/Table';
import { ChangeStateCells } from './ChangeBadges';
import './changes.css';

// The ledger, newest first. Filters live in the URL (?service=&team=&status=&tier=)
// so that a filtered view can be linked from a service or an incident.
export function ChangeLedger() {
  const trpc = useTRPC();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const f = {
    service: params.get('service') || undefined,
    team: params.get('team') || undefined,
    status: (CHANGE_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as ChangeStatus) : undefined,
    tier: (TIERS as readonly string[]).includes(params.get('tier') ?? '') ? (params.get('tier') as Tier) : undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  const list = useQuery(trpc.changes.list.queryOptions({ ...f, pageSize: 25 }));
  const services = useQuery(trpc.catalog.list.queryOptions({}));
  const teams = useQuery(trpc.teams.list.queryOptions());

  const set = (key: string, value: string | undefined) => {
    const next = new URLSearchParams(params.toString());
    if (value) next.set(key, value);
    else next.delete(key);
    if (key !== 'page') next.delete('page');
    router.replace(`${pathname}${next.size ? `?${next}` : ''}`, { scroll: false });
  };

  return (
    <Card title="Ledger" flush>
      <div className="card-body">
        <div className="form-row" role="search" aria-label="Filter changes">
          <Select label="Service" value={f.service ?? ''} onChange={(e) => set('service', e.target.value || undefined)}>
            <option value="">All services</option>
            {services.data?.map((s) => (
              <option key={s.id} value={s.slug}>
                {s.name}
              </option>
            ))}
          </Select>
          <Select label="Team" value={f.team ?? ''} onChange={(e) => set('team', e.target.value || undefined)}>
            <NamedOptions items={teams.data} first="All teams" />
          </Select>
          <Select label="Status" value={f.status ?? ''} onChange={(e) => set('status', e.target.value || undefined)}>
            <option value="">Any</option>
            {CHANGE_STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
          <Select label="Tier" value={f.tier ?? ''} onChange={(e) => set('tier', e.target.value || undefined)}>
            <option value="">Any</option>
            {TIERS.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
        </div>
      </div>
      {list.isPending && <p className="card-body muted">Loading changes…</p>}
      {list.isError && (
        <div className="card-body">
          <Alert tone="danger">{errorMessage(list.error)}</Alert>
        </div>
      )}
      {list.data?.items.length === 0 && <p className="card-body muted">No change matches. Record one with the form, POST /api/v1/changes from CI, or let GitOps sync history fill the ledger.</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <Table caption="Changes" columns={['Requested', 'Change', 'Services', 'Tier', 'Status', 'Gate']}>
            {list.data.items.map((c) => (
              <tr key={c.id}>
                <td className="nowrap">{formatDateTime(new Date(c.requestedAt))}</td>
                <td>
                  <Link href={`/changes/${c.id}`}>{c.title}</Link>
                  <div className="muted">
                    {c.source} · {c.author.label}
                    {c.commitSha ? ` · ${c.commitSha.slice(0, 7)}` : ''}
                    {c.reliability ? ' · reliability' : ''}
                  </div>
                </td>
                <td>{c.services.map((s) => s.name).join(', ')}</td>
                <ChangeStateCells change={c} />
              </tr>
            ))}
          </Table>
          <div className="card-body">
            <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(page) => set('page', String(page))} label="changes" />
          </div>
        </>
      )}
    </Card>
  );
}
