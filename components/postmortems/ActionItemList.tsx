'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { ACTION_STATUS_LABELS, ACTION_STATUSES, ACTION_TYPES, type ActionStatus, type ActionType } from '@/server/postmortems/postmortems.schema';
import { Pager } from '../clusters/Pager';
import { formatDate } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Checkbox, NamedOptions, Select } from '../ui/Field';
import { Table } from '../ui/Table';

type Filter = { teamId?: string; ownerId?: string; status?: ActionStatus | 'unfinished'; type?: ActionType; overdue?: boolean; page: number };

// The org-wide list: overdue first, then unfinished by due date, then finished.
export function ActionItemList({ me, initialOwner }: { me: string; initialOwner: string }) {
  const trpc = useTRPC();
  const [f, setF] = useState<Filter>({ page: 1, status: 'unfinished', ownerId: initialOwner || undefined });
  const list = useQuery(trpc.postmortems.actionItems.queryOptions({ ...f, pageSize: 50 }));
  const teams = useQuery(trpc.teams.list.queryOptions());
  const set = (next: Partial<Filter>) => setF({ ...f, ...next, page: 1 });
  return (
    <Card title={list.data ? `${list.data.total.toLocaleString('en-US')} action items, ${list.data.overdue.toLocaleString('en-US')} overdue` : 'Action items'} flush>
      <div className="card-body">
        <div className="form-row" role="search" aria-label="Filter action items">
          <Select label="Team" value={f.teamId ?? ''} onChange={(e) => set({ teamId: e.target.value || undefined })}>
            <NamedOptions items={teams.data} first="All teams" />
          </Select>
          <Select label="Status" value={f.status ?? ''} onChange={(e) => set({ status: (e.target.value || undefined) as Filter['status'] })}>
            <option value="unfinished">Open or in progress</option>
            <option value="">Any</option>
            {ACTION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {ACTION_STATUS_LABELS[s]}
              </option>
            ))}
          </Select>
          <Select label="Type" value={f.type ?? ''} onChange={(e) => set({ type: (e.target.value || undefined) as ActionType })}>
            <option value="">Any</option>
            {ACTION_TYPES.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </Select>
          <div className="stack">
            <Checkbox label="Mine only" checked={f.ownerId === me} onChange={(e) => set({ ownerId: e.target.checked ? me : undefined })} />
            <Checkbox label="Overdue only" checked={!!f.overdue} onChange={(e) => set({ overdue: e.target.checked || undefined })} />
          </div>
        </div>
      </div>
      {list.isPending && <p className="card-body muted">Loading action items…</p>}
      {list.isError && (
        <div className="card-body">
          <Alert tone="danger">{errorMessage(list.error)}</Alert>
        </div>
      )}
      {list.data?.items.length === 0 && <p className="card-body muted">No action item matches.</p>}
      {list.data && list.data.items.length > 0 && (
        <>
          <Table caption="Action items" columns={['Action', 'Incident', 'Type', 'Priority', 'Owner', 'Due', 'Status']}>
            {list.data.items.map((a) => (
              <tr key={a.id}>
                <td>{a.trackerUrl ? <a href={a.trackerUrl}>{a.title}</a> : a.title}</td>
                <td>
                  <Link href={`/incidents/${a.incident.id}/postmortem`}>
                    #{a.incident.number} {a.incident.title}
                  </Link>
                </td>
                <td>{a.type}</td>
                <td>{a.priority}</td>
                <td>{a.owner?.name ?? '—'}</td>
                <td className="nowrap">
                  {a.dueAt ? formatDate(new Date(a.dueAt)) : '—'} {a.overdue && <Badge tone="danger">overdue</Badge>}
                </td>
                <td>{ACTION_STATUS_LABELS[a.status]}</td>
              </tr>
            ))}
          </Table>
          <div className="card-body">
            <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(page) => setF({ ...f, page })} label="action items" />
          </div>
        </>
      )}
    </Card>
  );
}
