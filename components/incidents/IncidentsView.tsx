'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { INCIDENT_SEVERITIES, INCIDENT_STATES, STATE_LABELS } from '@/server/incidents/incidents.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Checkbox, Fieldset, Select, TextInput, Textarea } from '../ui/Field';
import { Table } from '../ui/Table';
import { formatDuration } from './format';
import { SeverityBadge, StateBadge } from './IncidentBadges';
import { When } from '../format/When';
import { ServiceLink } from '@/components/catalog/ServiceLink';

type Filter = { state?: 'open' | 'all' | (typeof INCIDENT_STATES)[number]; severity?: 'P1' | 'P2' | 'P3'; search?: string };

export function IncidentsView({ canCommand }: { canCommand: boolean }) {
  const trpc = useTRPC();
  const [filter, setFilter] = useState<Filter>({ state: 'open' });
  const incidents = useQuery(trpc.incidents.list.queryOptions(filter));
  const alerts = useQuery(trpc.alerts.list.queryOptions({ status: 'firing', limit: 50 }));
  const [declareFrom, setDeclareFrom] = useState<{ alertId: string; title: string } | null>(null);

  return (
    <>
      {canCommand && <DeclareForm from={declareFrom} onClear={() => setDeclareFrom(null)} />}
      <Card title="Incidents" flush>
        <div className="card-body">
          <div className="form-row" role="search" aria-label="Filter incidents">
            <Select label="Status" value={filter.state ?? 'open'} onChange={(e) => setFilter({ ...filter, state: e.target.value as Filter['state'] })}>
              <option value="open">Open</option>
              <option value="all">All</option>
              {INCIDENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {STATE_LABELS[s]}
                </option>
              ))}
            </Select>
            <Select label="Severity" value={filter.severity ?? ''} onChange={(e) => setFilter({ ...filter, severity: (e.target.value || undefined) as Filter['severity'] })}>
              <option value="">Any</option>
              {INCIDENT_SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
            <TextInput label="Search" placeholder="Title" value={filter.search ?? ''} onChange={(e) => setFilter({ ...filter, search: e.target.value })} />
          </div>
        </div>
        {incidents.isPending && <p className="card-body muted">Loading incidents…</p>}
        {incidents.isError && (
          <div className="card-body">
            <Alert tone="danger" title="Incidents could not be loaded">
              {errorMessage(incidents.error)}
            </Alert>
          </div>
        )}
        {incidents.data?.length === 0 && <p className="card-body muted">No incident matches these filters.</p>}
        {incidents.data && incidents.data.length > 0 && (
          <Table caption="Incidents" columns={['#', 'Title', 'Severity', 'Status', 'Started', 'MTTA', 'MTTR', 'Missing roles', 'Post-mortem']}>
            {incidents.data.map((i) => (
              <tr key={i.id}>
                <td className="mono">{i.number}</td>
                <td>
                  <Link href={`/incidents/${i.id}`}>{i.title}</Link>
                  {i.services.length > 0 && (
                    <div className="muted">
                      {i.services.map((s, n) => (
                        <span key={s.id}>
                          {n > 0 && ', '}
                          <ServiceLink id={s.id} name={s.name} />
                        </span>
                      ))}
                    </div>
                  )}
                </td>
                <td>
                  <SeverityBadge severity={i.severity} />
                </td>
                <td>
                  <StateBadge state={i.state}>{i.stateLabel}</StateBadge>
                </td>
                <td className="nowrap"><When at={i.times.startedAt} /></td>
                <td>{formatDuration(i.durations.mtta)}</td>
                <td>{formatDuration(i.durations.mttr)}</td>
                <td>{i.missingRoles.length ? i.missingRoles.join(', ') : '—'}</td>
                <td>
                  {i.postmortemOverdue ? (
                    <Link href={`/incidents/${i.id}/postmortem`} className="text-danger">
                      <Badge tone="danger">overdue</Badge>
                    </Link>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
      <Card title="Firing alerts" flush>
        {alerts.data?.length === 0 && <p className="card-body muted">No alert is firing. Alerts arrive from Alertmanager (Settings → Alerting).</p>}
        {alerts.data && alerts.data.length > 0 && (
          <Table caption="Firing alerts" columns={['Alert', 'Service', 'Priority', 'Since', 'Incident']}>
            {alerts.data.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.alertname}
                  {(a.annotations as Record<string, string>).summary && <div className="muted">{(a.annotations as Record<string, string>).summary}</div>}
                </td>
                <td>{a.service ? <ServiceLink id={a.service.id} name={a.service.name} /> : '—'}</td>
                <td title={((a.triage as { reasons?: string[] } | null)?.reasons ?? []).join('\n')}>{a.priority ?? '—'}</td>
                <td className="nowrap"><When at={a.startsAt} /></td>
                <td>
                  {a.incidentId ? (
                    <Link href={`/incidents/${a.incidentId}`}>Open incident</Link>
                  ) : canCommand ? (
                    <Button size="sm" onClick={() => setDeclareFrom({ alertId: a.id, title: `${a.alertname}${a.service ? ` on ${a.service.name}` : ''}` })}>
                      Declare incident
                    </Button>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </Table>
        )}
      </Card>
    </>
  );
}

function DeclareForm({ from, onClear }: { from: { alertId: string; title: string } | null; onClear: () => void }) {
  const trpc = useTRPC();
  const services = useQuery(trpc.catalog.list.queryOptions({}));
  const people = useQuery(trpc.incidents.people.queryOptions());
  const router = useRouter();
  const queryClient = useQueryClient();
  const declare = useMutation(
    trpc.incidents.declare.mutationOptions({
      onSuccess: async (incident) => {
        await queryClient.invalidateQueries({ queryKey: trpc.incidents.list.queryKey() });
        router.push(`/incidents/${incident.id}`);
      },
    }),
  );
  const errors = declare.error ? fieldErrorsFrom(declare.error) : {};
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    declare.mutate({
      title: String(form.get('title') ?? ''),
      severity: String(form.get('severity')) as 'P1' | 'P2' | 'P3',
      summary: String(form.get('summary') ?? ''),
      alertIds: from ? [from.alertId] : [],
      serviceIds: form.getAll('serviceIds').map(String),
      // Empty: the person declaring commands it.
      ...(form.get('commanderId') ? { commanderId: String(form.get('commanderId')) } : {}),
    });
  }
  return (
    <Card title={from ? 'Declare an incident from an alert' : 'Declare an incident'}>
      <form className="form" onSubmit={submit} key={from?.alertId ?? 'manual'} aria-label="Declare an incident">
        {from && (
          <Alert tone="info" title="From alert">
            {from.title} — <button type="button" className="btn btn-ghost btn-sm" onClick={onClear}>declare by hand instead</button>
          </Alert>
        )}
        <div className="form-row">
          <TextInput label="Title" name="title" required defaultValue={from?.title ?? ''} error={errors.title} />
          <Select label="Severity" name="severity" defaultValue="P2" error={errors.severity}>
            {INCIDENT_SEVERITIES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </Select>
        </div>
        <Textarea label="Summary" name="summary" rows={2} error={errors.summary} />
        <div className="form-row">
          <Fieldset legend="Services" hint="A P1/P2 pages their on-call; their SLOs count the budget consumed." error={errors.serviceIds}>
            <div className="check-list">
              {(services.data ?? []).map((s) => (
                <Checkbox key={s.id} label={s.name} name="serviceIds" value={s.id} />
              ))}
              {services.data?.length === 0 && <span className="muted">No services in the catalog yet.</span>}
            </div>
          </Fieldset>
          <Select label="Incident commander" name="commanderId" defaultValue="" error={errors.commanderId}>
            <option value="">Me</option>
            {(people.data ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
        </div>
        {declare.isError && !Object.keys(errors).length && (
          <Alert tone="danger" title="Not declared">
            {errorMessage(declare.error)}
          </Alert>
        )}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={declare.isPending}>
            Declare incident
          </Button>
        </div>
      </form>
    </Card>
  );
}
