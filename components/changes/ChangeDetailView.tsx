'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { CAUSE_LABELS, overrideSchema, REQUIREMENT_LABELS, ROLLBACK_SLA, type ChangeStatus } from '@/server/changes/changes.schema';
import { validate } from '../forms/validate';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Textarea } from '../ui/Field';
import { useToast } from '../ui/Toast';
import { DecisionChip, StatusBadge } from './ChangeBadges';
import './changes.css';

const NEXT: Partial<Record<ChangeStatus, ChangeStatus[]>> = {
  approved: ['in_progress'],
  in_progress: ['succeeded', 'failed', 'rolled_back'],
  succeeded: ['rolled_back'],
  failed: ['rolled_back'],
};
const MOVE_LABEL: Record<string, string> = { in_progress: 'Start', succeeded: 'Mark succeeded', failed: 'Mark failed', rolled_back: 'Mark rolled back' };

export function ChangeDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const q = useQuery(trpc.changes.get.queryOptions({ id }));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const refresh = () => queryClient.invalidateQueries(trpc.changes.pathFilter());
  const onError = (e: unknown) => toast.show(errorMessage(e), 'danger');
  const approve = useMutation(trpc.changes.approve.mutationOptions({ onSuccess: refresh, onError }));
  const override = useMutation(trpc.changes.override.mutationOptions({ onSuccess: async () => (setReason(''), refresh()), onError: (e) => setErrors(fieldErrorsFrom(e)) }));
  const transition = useMutation(trpc.changes.transition.mutationOptions({ onSuccess: refresh, onError }));

  if (q.isPending) return <p className="muted">Loading the change…</p>;
  if (q.isError) return <Alert tone="danger">{errorMessage(q.error)}</Alert>;
  const c = q.data;

  function submitOverride(event: FormEvent) {
    event.preventDefault();
    const r = validate(overrideSchema, { id, reason });
    if (!r.ok) return setErrors(r.errors);
    setErrors({});
    override.mutate(r.data);
  }

  return (
    <div className="stack">
      <div className="change-grid">
        <Card title="Gate decision" aria-label="Gate decision">
          <p className="row">
            <span className="muted">Gate</span> <DecisionChip decision={c.decision} /> <span className="muted">Status</span> <StatusBadge status={c.status} /> <span className="muted">Tier</span> <Badge>{c.tier}</Badge>
          </p>
          <ul className="change-reasons" aria-label="Reasons">
            {c.reasons.map((r, i) => (
              <li key={i}>{r.message}</li>
            ))}
          </ul>
          {c.requires.length > 0 && <p>Still required: {c.requires.map((r) => REQUIREMENT_LABELS[r]).join(', ')}</p>}
          <p className="muted">
            Rollback SLA: {ROLLBACK_SLA[c.tier]} · decided {formatDateTime(new Date(c.decidedAt))}
          </p>
          {c.override && (
            <Alert tone="warning" title="Break-glass override">
              {c.override.reason} — {c.override.by}
            </Alert>
          )}
          {c.viewer.canTransition && (NEXT[c.status] ?? []).length > 0 && (
            <div className="row">
              {(NEXT[c.status] ?? []).map((s) => (
                <Button key={s} onClick={() => transition.mutate({ id, status: s })} busy={transition.isPending && transition.variables?.status === s}>
                  {MOVE_LABEL[s]}
                </Button>
              ))}
            </div>
          )}
        </Card>
        <Card title="Change" aria-label="Change facts">
          <dl className="change-facts">
            <dt>Services</dt>
            <dd>
              {c.services.map((s, i) => (
                <span key={s.id}>
                  {i > 0 && ', '}
                  <Link href={`/changes?service=${s.slug}`}>{s.name}</Link> <span className="muted">({s.team.name})</span>
                </span>
              ))}
            </dd>
            <dt>Environment</dt>
            <dd>
              {c.environment}
              {c.cluster ? ` · ${c.cluster}` : ''}
            </dd>
            <dt>Requested</dt>
            <dd>{formatDateTime(new Date(c.requestedAt))}</dd>
            <dt>Author</dt>
            <dd>
              {c.author.label} <span className="muted">via {c.source}</span>
            </dd>
            {c.commitSha && (
              <>
                <dt>Commit</dt>
                <dd>
                  <code>{c.commitSha}</code>
                </dd>
              </>
            )}
            {c.prUrl && (
              <>
                <dt>Pull request</dt>
                <dd>
                  <a href={c.prUrl} rel="noreferrer noopener" target="_blank">
                    {c.prUrl}
                  </a>
                </dd>
              </>
            )}
            <dt>Runbook</dt>
            <dd>
              {c.runbookUrl ? (
                <a href={c.runbookUrl} rel="noreferrer noopener" target="_blank">
                  {c.runbookUrl}
                </a>
              ) : (
                '—'
              )}
            </dd>
            <dt>Rollback plan</dt>
            <dd>{c.rollbackPlan || '—'}</dd>
            {c.reliability && (
              <>
                <dt>Kind</dt>
                <dd>Reliability / security work</dd>
              </>
            )}
          </dl>
          {c.description && <p>{c.description}</p>}
        </Card>
      </div>
      <div className="change-grid">
        <Card title="Approvals" aria-label="Approvals">
          {c.approvals.length === 0 && <p className="muted">No approvals yet.</p>}
          <ul className="change-reasons">
            {c.approvals.map((a) => (
              <li key={a.id}>
                {REQUIREMENT_LABELS[a.kind]}: <strong>{a.userName}</strong> <span className="muted">{formatDateTime(new Date(a.at))}</span>
                {a.comment && <div className="muted">{a.comment}</div>}
              </li>
            ))}
          </ul>
          {c.viewer.canApprove.length > 0 && (
            <div className="row">
              {c.viewer.canApprove.map((kind) => (
                <Button key={kind} variant="primary" onClick={() => approve.mutate({ id, kind })} busy={approve.isPending && approve.variables?.kind === kind}>
                  Approve ({REQUIREMENT_LABELS[kind]})
                </Button>
              ))}
            </div>
          )}
          {c.viewer.canOverride && (
            <form onSubmit={submitOverride} noValidate aria-label="Override the gate" className="change-override">
              <Textarea label="Break-glass override reason" hint="Incident commanders and admins; recorded on the change and in the audit log." value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason ?? errors['']} rows={2} />
              <Button type="submit" variant="danger" busy={override.isPending}>
                Override the gate
              </Button>
            </form>
          )}
        </Card>
        {c.incidents.length > 0 && (
          <Card title="Linked incidents" aria-label="Linked incidents">
            <ul className="stack">
              {c.incidents.map((l) => (
                <li key={l.incident.id}>
                  <Link href={`/incidents/${l.incident.id}`}>
                    #{l.incident.number} {l.incident.title}
                  </Link>{' '}
                  <Badge tone={l.cause === 'confirmed' ? 'danger' : 'warning'}>{CAUSE_LABELS[l.cause]}</Badge>
                  <div className="muted">
                    {l.incident.severity} · marked by {l.markedBy} · {formatDateTime(new Date(l.markedAt))}
                  </div>
                </li>
              ))}
            </ul>
          </Card>
        )}
        <Card title="Timeline" aria-label="Timeline">
          <ol className="change-timeline">
            {c.timeline.map((e) => (
              <li key={e.id}>
                <span className="muted nowrap">{formatDateTime(new Date(e.at))}</span>
                <span>
                  {e.message} {e.actor && <span className="muted">— {e.actor}</span>}
                </span>
              </li>
            ))}
          </ol>
        </Card>
      </div>
    </div>
  );
}
