'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { INCIDENT_ROLES, INCIDENT_SEVERITIES, ROLE_LABELS, STATE_LABELS, type IncidentRole } from '@/server/incidents/incidents.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card, Metric } from '../ui/Card';
import { Checkbox, Select, TextInput, Textarea } from '../ui/Field';
import { Table } from '../ui/Table';
import { Markdown } from '../runbooks/Markdown';
import { formatDuration } from './format';
import { SeverityBadge, StateBadge } from './IncidentBadges';
import { MergeControl, PostmortemCard, ServicesCard, StatusUpdateForm } from './ConsoleExtras';
import { RecentChangesCard } from './RecentChangesCard';
import { SeenBeforeCard } from './SeenBeforeCard';
import { IncidentChainCard } from '../postmortems/ChainView';
import { When } from '../format/When';
import { ServiceLink } from '@/components/catalog/ServiceLink';

// The page for the person running the incident: status and the moves allowed
// from it, roles, response times, the timeline with a note box, and the linked
// alerts with their runbooks, on one screen.
export function IncidentConsole({ id, canCommand, canRespond }: { id: string; canCommand: boolean; canRespond: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const detail = useQuery(trpc.incidents.get.queryOptions({ id }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.incidents.get.queryKey({ id }) });
  const transition = useMutation(trpc.incidents.transition.mutationOptions({ onSuccess: refresh }));
  const setRole = useMutation(trpc.incidents.setRole.mutationOptions({ onSuccess: refresh }));
  const setSeverity = useMutation(trpc.incidents.setSeverity.mutationOptions({ onSuccess: refresh }));
  const addNote = useMutation(trpc.incidents.addNote.mutationOptions({ onSuccess: refresh }));
  const pin = useMutation(trpc.incidents.pin.mutationOptions({ onSuccess: refresh }));
  const [reason, setReason] = useState('');

  if (detail.isPending) return <p className="muted">Loading incident…</p>;
  if (detail.isError) {
    return (
      <Alert tone="danger" title="Incident could not be loaded">
        {errorMessage(detail.error)}
      </Alert>
    );
  }
  const { incident, allowed, timeline, alerts, people } = detail.data;
  const name = (userId: string | null) => (userId ? (people.find((p) => p.id === userId)?.name ?? userId) : null);
  const mutationError = [transition, setRole, setSeverity, addNote, pin].find((m) => m.isError)?.error;
  const pinned = timeline.filter((e) => e.pinned);

  function onNote(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    addNote.mutate({ id, text: String(data.get('note') ?? ''), pinned: data.get('pin') === 'on' }, { onSuccess: () => form.reset() });
  }

  return (
    <>
      <div className="row" style={{ gap: '0.5rem', alignItems: 'center', flexWrap: 'wrap' }}>
        <SeverityBadge severity={incident.severity} />
        <StateBadge state={incident.state}>
          <span data-testid="incident-state">{incident.stateLabel}</span>
        </StateBadge>
        {incident.services.map((s) => (
          <Badge key={s.id}>
            <ServiceLink id={s.id} name={s.name} />
          </Badge>
        ))}
      </div>
      {mutationError && (
        <Alert tone="danger" title="Not saved">
          {errorMessage(mutationError)}
        </Alert>
      )}
      <div className="grid">
        <Card title="Status">
          {allowed.length === 0 && <p className="muted">{STATE_LABELS[incident.state]} is final.</p>}
          {allowed.some((a) => a.needs.includes('reason')) && canCommand && (
            <TextInput label="Reason (for moves back or declining)" value={reason} onChange={(e) => setReason(e.target.value)} />
          )}
          <div className="row" style={{ gap: '0.5rem', flexWrap: 'wrap' }} role="group" aria-label="Move the incident to">
            {allowed
              .filter((a) => a.to !== 'merged')
              .map((a) => {
                const acknowledging = incident.state === 'triage' && a.to === 'investigating';
                const may = canCommand || (acknowledging && canRespond);
                return (
                  <Button
                    key={a.to}
                    variant={a.kind === 'forward' ? 'primary' : 'secondary'}
                    disabled={!may || transition.isPending}
                    title={may ? undefined : 'Needs the incident commander role'}
                    onClick={() => transition.mutate({ id, to: a.to, reason: reason || undefined })}
                  >
                    {acknowledging ? 'Acknowledge (investigating)' : `→ ${STATE_LABELS[a.to]}`}
                  </Button>
                );
              })}
          </div>
          {canCommand && allowed.some((a) => a.to === 'merged') && <MergeControl id={id} targets={detail.data.mergeTargets} onChange={refresh} />}
          {canCommand && (
            <Select label="Severity" value={incident.severity} onChange={(e) => setSeverity.mutate({ id, severity: e.target.value as 'P1' | 'P2' | 'P3' })}>
              {INCIDENT_SEVERITIES.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </Select>
          )}
        </Card>
        <Card title="Response times">
          <div className="response-times">
            <Metric label="MTTD" value={formatDuration(incident.durations.mttd)} />
            <Metric label="MTTA" value={formatDuration(incident.durations.mtta)} />
            <Metric label="MTTR" value={<span data-testid="mttr">{formatDuration(incident.durations.mttr)}</span>} />
          </div>
          <p className="muted">
            Impact started <When at={incident.times.startedAt} mode="absolute" />. {detail.data.budgetNote}
          </p>
          {incident.durations.problems.map((p) => (
            <Alert key={p} tone="warning" title="Check the times">
              {p}
            </Alert>
          ))}
        </Card>
        <Card title="Roles">
          {incident.missingRoles.length > 0 && (
            <p className="muted">
              Missing for a {incident.severity}: {incident.missingRoles.map((r) => ROLE_LABELS[r]).join(', ')}
            </p>
          )}
          {INCIDENT_ROLES.map((role: IncidentRole) =>
            canCommand ? (
              <Select key={role} label={ROLE_LABELS[role]} value={incident.roles[role] ?? ''} onChange={(e) => setRole.mutate({ id, role, userId: e.target.value || null })}>
                <option value="">Nobody</option>
                {people.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name} ({p.email})
                  </option>
                ))}
              </Select>
            ) : (
              <p key={role}>
                {ROLE_LABELS[role]}: {name(incident.roles[role]) ?? <span className="muted">nobody</span>}
              </p>
            ),
          )}
        </Card>
        <ServicesCard id={id} services={incident.services} canCommand={canCommand} onChange={refresh} />
        <PostmortemCard id={id} postmortem={detail.data.postmortem} resolved={incident.times.resolvedAt !== null} />
        <RecentChangesCard incidentId={id} serviceKey={incident.services.map((s) => s.id).join(',')} />
        <SeenBeforeCard incidentId={id} serviceKey={incident.services.map((s) => s.id).join(',')} />
      </div>
      <IncidentChainCard incidentId={id} />
      {detail.data.budget.length > 0 && (
        <Card title="Error budget consumed" flush>
          <Table caption="Error budget consumed by this incident" columns={['SLO', 'Consumed', { label: 'Budget left after', className: 'num' }]}>
            {detail.data.budget.map((b) => (
              <tr key={b.sloId}>
                <td className="break">{b.slo}</td>
                <td data-testid="budget-consumed">
                  {b.dataState === 'no-data' ? 'no data' : `${b.consumedPercent.toFixed(1)} % (${b.consumedMinutes.toFixed(1)} of ${b.totalMinutes.toFixed(1)} min)`}
                  {b.clippedAtWindowStart ? ' - counted from the window start' : ''}
                </td>
                <td className="num">{b.dataState === 'no-data' ? '-' : `${b.remainingPercentAfter.toFixed(1)} %`}</td>
              </tr>
            ))}
          </Table>
        </Card>
      )}
      {pinned.length > 0 && (
        <Card title="Pinned">
          <ul>
            {pinned.map((e) => (
              <li key={e.id}>
                <strong><When at={e.at} mode="absolute" /></strong> {e.text}
              </li>
            ))}
          </ul>
        </Card>
      )}
      <Card title="Timeline">
        {canRespond && <StatusUpdateForm id={id} onChange={refresh} />}
        {canRespond && (
          <form className="form" onSubmit={onNote}>
            <Textarea label="Note" name="note" rows={2} required placeholder="What happened, what was tried (Ctrl+Enter to add)" onKeyDown={(e) => e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.currentTarget.form?.requestSubmit()} />
            <div className="form-actions">
              <Checkbox label="Pin" name="pin" />
              <Button type="submit" busy={addNote.isPending}>
                Add note
              </Button>
            </div>
          </form>
        )}
        <ol className="timeline" aria-label="Timeline">
          {[...timeline].reverse().map((e) => (
            <li key={e.id}>
              <When className="nowrap mono" at={e.at} mode="absolute" /> <Badge tone={e.kind === 'note' ? 'info' : e.kind === 'alert' ? 'danger' : e.kind === 'update' ? 'warning' : 'neutral'}>{e.kind}</Badge> {e.text}{' '}
              <span className="muted">— {e.authorLabel}</span>{' '}
              {canRespond && (
                <button type="button" className="btn btn-ghost btn-sm" onClick={() => pin.mutate({ entryId: e.id, pinned: !e.pinned })}>
                  {e.pinned ? 'Unpin' : 'Pin'}
                </button>
              )}
            </li>
          ))}
        </ol>
      </Card>
      <Card id="alerts" title={`Alerts (${alerts.length})`}>
        {alerts.length === 0 && <p className="muted">No alert is linked. Declare from a firing alert on the Incidents page to link it.</p>}
        {alerts.map((a) => (
          <details key={a.id} open={alerts.length <= 3}>
            <summary>
              <Badge tone={a.status === 'firing' ? 'danger' : 'success'}>{a.status}</Badge> {a.alertname}{' '}
              {a.service && (
                <>
                  · <ServiceLink id={a.service.slug} name={a.service.name} />
                </>
              )}{' '}
              · since <When at={a.startsAt} mode="absolute" />
            </summary>
            {a.runbook ? (
              <div>
                <h3>Runbook: {a.runbook.title}</h3>
                {/* Rendered safely: no raw HTML, no script URLs (components/runbooks/Markdown). */}
                <Markdown text={a.runbook.markdown} />
              </div>
            ) : a.runbookUrl ? (
              <p>
                Runbook:{' '}
                <a href={a.runbookUrl} rel="noreferrer noopener" target="_blank">
                  {a.runbookUrl}
                </a>
              </p>
            ) : (
              <p className="muted">No runbook_url on this alert.</p>
            )}
          </details>
        ))}
      </Card>
    </>
  );
}
