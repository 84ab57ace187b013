'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { POSTMORTEM_STATES, PM_STATE_LABELS, type PostmortemState } from '@/server/postmortems/postmortems.schema';
import type { Band } from '@/server/postmortems/metrics.compute';
import { Pager } from '../clusters/Pager';
import { formatDateTime } from '../format/time';
import { SeverityBadge } from '../incidents/IncidentBadges';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Checkbox, NamedOptions, Select } from '../ui/Field';
import { Table } from '../ui/Table';
import './postmortems.css';
import { ServiceLink } from '@/components/catalog/ServiceLink';

const BAND_TONE: Record<Band, Tone> = { healthy: 'success', watch: 'warning', warning: 'danger', 'no-data': 'neutral' };
const pct = (v: number | null) => (v === null ? 'no data' : `${v.toFixed(0)} %`);

type Filter = { teamId?: string; severity?: 'P1' | 'P2' | 'P3'; state?: PostmortemState; overdue?: boolean; page: number };

export function PostmortemList({ initialOverdue = false }: { initialOverdue?: boolean }) {
  const trpc = useTRPC();
  const [f, setF] = useState<Filter>({ page: 1, overdue: initialOverdue || undefined });
  const list = useQuery(trpc.postmortems.list.queryOptions({ ...f, pageSize: 25 }));
  const completion = useQuery(trpc.postmortems.completion.queryOptions({ days: 28 }));
  const teams = useQuery(trpc.teams.list.queryOptions());
  const set = (next: Partial<Filter>) => setF({ ...f, ...next, page: 1 });

  return (
    <>
      <Card title="Completion, last 28 days" aria-label="Completion">
        {completion.isError && <Alert tone="danger">{errorMessage(completion.error)}</Alert>}
        {completion.data && (
          <Table caption="Post-mortem completion per team" columns={['Team', 'P1/P2 filed', 'Band', 'Action items done', 'Median open age']}>
            <tr>
              <td>
                <strong>All teams</strong>
              </td>
              <td data-testid="pm-completion-all">
                {pct(completion.data.overall.rate)} <div className="muted">{completion.data.overall.detail}</div>
              </td>
              <td>
                <Badge tone={BAND_TONE[completion.data.overall.band]}>{completion.data.overall.band}</Badge>
              </td>
              <td>
                {pct(completion.data.overall.actions.completionRate)} <span className="muted">({completion.data.overall.actions.done} of {completion.data.overall.actions.total - completion.data.overall.actions.wontDo})</span>
              </td>
              <td>{completion.data.overall.actions.medianOpenAgeDays === null ? '—' : `${completion.data.overall.actions.medianOpenAgeDays.toFixed(1)} d`}</td>
            </tr>
            {completion.data.teams.map((t) => (
              <tr key={t.teamId ?? 'none'}>
                <td>{t.team}</td>
                <td>
                  {pct(t.rate)} <div className="muted">{t.detail}</div>
                </td>
                <td>
                  <Badge tone={BAND_TONE[t.band]}>{t.band}</Badge>
                </td>
                <td>{pct(t.actions.completionRate)}</td>
                <td>{t.actions.medianOpenAgeDays === null ? '—' : `${t.actions.medianOpenAgeDays.toFixed(1)} d`}</td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title="Post-mortems" flush>
        <div className="card-body">
          <div className="form-row" role="search" aria-label="Filter post-mortems">
            <Select label="Team" value={f.teamId ?? ''} onChange={(e) => set({ teamId: e.target.value || undefined })}>
              <NamedOptions items={teams.data} first="All teams" />
            </Select>
            <Select label="Severity" value={f.severity ?? ''} onChange={(e) => set({ severity: (e.target.value || undefined) as Filter['severity'] })}>
              <option value="">Any</option>
              <option>P1</option>
              <option>P2</option>
              <option>P3</option>
            </Select>
            <Select label="State" value={f.state ?? ''} onChange={(e) => set({ state: (e.target.value || undefined) as PostmortemState })}>
              <option value="">Any</option>
              {POSTMORTEM_STATES.map((s) => (
                <option key={s} value={s}>
                  {PM_STATE_LABELS[s]}
                </option>
              ))}
            </Select>
            <Checkbox label="Overdue only" checked={!!f.overdue} onChange={(e) => set({ overdue: e.target.checked || undefined })} />
          </div>
        </div>
        {list.isPending && <p className="card-body muted">Loading post-mortems…</p>}
        {list.isError && (
          <div className="card-body">
            <Alert tone="danger">{errorMessage(list.error)}</Alert>
          </div>
        )}
        {list.data?.items.length === 0 && <p className="card-body muted">No post-mortem matches. They start when an incident resolves.</p>}
        {list.data && list.data.items.length > 0 && (
          <>
            <Table caption="Post-mortems" columns={['Incident', 'Severity', 'State', 'Owner', 'Due', 'Action items']}>
              {list.data.items.map((p) => (
                <tr key={p.id}>
                  <td>
                    <Link href={`/incidents/${p.incidentId}/postmortem`}>
                      #{p.incident.number} {p.incident.title}
                    </Link>
                    <div className="muted">
                      {p.incident.team?.name}
                      {p.incident.services.map((s, i) => (
                        <span key={s.id}>
                          {i > 0 || p.incident.team ? ' · ' : ''}
                          <ServiceLink id={s.id} name={s.name} />
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>
                    <SeverityBadge severity={p.incident.severity} />
                  </td>
                  <td>
                    <Badge tone={p.state === 'published' ? 'success' : p.state === 'in_review' ? 'info' : 'neutral'}>{p.stateLabel}</Badge>
                    {!p.required && <div className="muted">{p.notNeededReason ? 'not needed' : 'optional'}</div>}
                  </td>
                  <td>{p.owner?.name ?? '—'}</td>
                  <td className="nowrap">
                    {p.dueAt ? formatDateTime(new Date(p.dueAt)) : '—'} {p.overdue && <Badge tone="danger">overdue</Badge>}
                  </td>
                  <td>{p.actionItemCount}</td>
                </tr>
              ))}
            </Table>
            <div className="card-body">
              <Pager page={list.data.page} pageSize={list.data.pageSize} total={list.data.total} onPage={(page) => setF({ ...f, page })} label="post-mortems" />
            </div>
          </>
        )}
      </Card>
    </>
  );
}
