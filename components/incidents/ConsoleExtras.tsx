'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { PM_STATE_LABELS, type PostmortemState } from '@/server/postmortems/postmortems.schema';
import { When } from '../format/When';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button, ButtonLink } from '../ui/Button';
import { Card } from '../ui/Card';
import { Select, Textarea } from '../ui/Field';
import { ServiceLink } from '@/components/catalog/ServiceLink';

// The commander's console beyond status and roles: services (a P1/P2 pages
// their on-call), the post-mortem, stakeholder updates, merging a duplicate.

export function ServicesCard({ id, services, canCommand, onChange }: { id: string; services: { id: string; name: string }[]; canCommand: boolean; onChange: () => void }) {
  const trpc = useTRPC();
  const all = useQuery({ ...trpc.catalog.list.queryOptions({}), enabled: canCommand });
  const add = useMutation(trpc.incidents.addServices.mutationOptions({ onSuccess: onChange }));
  const remove = useMutation(trpc.incidents.removeService.mutationOptions({ onSuccess: onChange }));
  const [pick, setPick] = useState('');
  const linked = new Set(services.map((s) => s.id));
  return (
    <Card title="Services" aria-label="Affected services">
      {services.length === 0 ? <p className="muted">No service linked: no budget is attributed and nobody is paged.</p> : null}
      <ul>
        {services.map((s) => (
          <li key={s.id}>
            <ServiceLink id={s.id} name={s.name} />{' '}
            {canCommand && (
              <button type="button" className="btn btn-ghost btn-sm" aria-label={`Remove ${s.name}`} onClick={() => remove.mutate({ id, serviceId: s.id })}>
                Remove
              </button>
            )}
          </li>
        ))}
      </ul>
      {canCommand && (
        <div className="row" style={{ alignItems: 'end' }}>
          <Select label="Add a service" value={pick} onChange={(e) => setPick(e.target.value)}>
            <option value="">Pick a service</option>
            {(all.data ?? [])
              .filter((s) => !linked.has(s.id))
              .map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
          </Select>
          <Button disabled={!pick} busy={add.isPending} onClick={() => add.mutate({ id, serviceIds: [pick] }, { onSuccess: () => setPick('') })}>
            Add
          </Button>
        </div>
      )}
      {add.data && add.data.pagesOpened > 0 && <p className="muted">Paging the on-call of {add.data.pagesOpened} team(s).</p>}
      {(add.isError || remove.isError) && <Alert tone="danger">{errorMessage(add.error ?? remove.error)}</Alert>}
    </Card>
  );
}

type PmSummary = { id: string; state: PostmortemState; required: boolean; dueAt: number | null; overdue: boolean } | null;

export function PostmortemCard({ id, postmortem, resolved }: { id: string; postmortem: PmSummary; resolved: boolean }) {
  return (
    <Card title="Post-mortem" aria-label="Post-mortem">
      {postmortem ? (
        <>
          <p>
            <Badge tone={postmortem.state === 'published' ? 'success' : postmortem.overdue ? 'danger' : 'info'}>{PM_STATE_LABELS[postmortem.state]}</Badge> {postmortem.required ? 'required' : 'optional'}
            {postmortem.dueAt && (
              <span className={postmortem.overdue ? 'text-danger' : 'muted'}>
                {' '}
                · {postmortem.overdue ? 'overdue since' : 'due'} <When at={postmortem.dueAt} mode="absolute" />
              </span>
            )}
          </p>
          <ButtonLink href={`/incidents/${id}/postmortem`} variant="primary">
            Open post-mortem
          </ButtonLink>
        </>
      ) : (
        <>
          <p className="muted">{resolved ? 'Not started yet.' : 'The draft starts, pre-filled, when the incident is resolved.'}</p>
          <Link href={`/incidents/${id}/postmortem`}>Start it now</Link>
        </>
      )}
    </Card>
  );
}

export function StatusUpdateForm({ id, onChange }: { id: string; onChange: () => void }) {
  const trpc = useTRPC();
  const post = useMutation(trpc.incidents.statusUpdate.mutationOptions({ onSuccess: onChange }));
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    post.mutate({ id, text: String(new FormData(form).get('update') ?? '') }, { onSuccess: () => form.reset() });
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Post a status update">
      <Textarea label="Status update for stakeholders" name="update" rows={2} required placeholder="What is affected, what we are doing, when the next update comes" hint="Written by the communications lead or the commander; kept on the timeline and sent to the services' team channels." />
      <div className="form-actions">
        <Button type="submit" busy={post.isPending}>
          Post update
        </Button>
      </div>
      {post.isError && <Alert tone="danger">{errorMessage(post.error)}</Alert>}
      {post.data && (
        <p className="muted" role="status">
          {post.data.sent.length ? `Sent to ${post.data.sent.join(', ')}` : 'On the timeline (no team channel configured)'}
          {post.data.failed.length ? `; failed: ${post.data.failed.join('; ')}` : ''}
        </p>
      )}
    </form>
  );
}

export function MergeControl({ id, targets, onChange }: { id: string; targets: { id: string; number: number; title: string }[]; onChange: () => void }) {
  const trpc = useTRPC();
  const merge = useMutation(trpc.incidents.transition.mutationOptions({ onSuccess: onChange }));
  const [into, setInto] = useState('');
  if (targets.length === 0) return null;
  return (
    <div className="row" style={{ alignItems: 'end' }}>
      <Select label="Duplicate of" value={into} onChange={(e) => setInto(e.target.value)} hint="Its timeline, alerts and services move there.">
        <option value="">Pick the incident that continues</option>
        {targets.map((t) => (
          <option key={t.id} value={t.id}>
            #{t.number} {t.title}
          </option>
        ))}
      </Select>
      <Button variant="danger" disabled={!into} busy={merge.isPending} onClick={() => window.confirm('Merge this incident into the one picked?') && merge.mutate({ id, to: 'merged', mergedInto: into })}>
        Merge
      </Button>
      {merge.isError && <Alert tone="danger">{errorMessage(merge.error)}</Alert>}
    </div>
  );
}
