'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import type { OpenPostmortem } from '@/server/postmortems/postmortems.service';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Select, TextInput } from '../ui/Field';

type Perms = { canWrite: boolean; canRespond: boolean; userId: string };

// The post-mortem's state and the moves open to this person: submit with a
// reviewer (not the owner), approve or send back (not the owner), publish
// (after an approval), reopen; "no post-mortem needed" where no rule requires one.
export function ReviewBar({ data, perms, onChange, beforeSubmit }: { data: OpenPostmortem; perms: Perms; onChange: () => void; beforeSubmit: () => Promise<boolean> }) {
  const trpc = useTRPC();
  const pm = data.postmortem;
  const opts = { onSuccess: onChange };
  const submit = useMutation(trpc.postmortems.submit.mutationOptions(opts));
  const withdraw = useMutation(trpc.postmortems.withdraw.mutationOptions(opts));
  const approve = useMutation(trpc.postmortems.approve.mutationOptions(opts));
  const requestChanges = useMutation(trpc.postmortems.requestChanges.mutationOptions(opts));
  const publish = useMutation(trpc.postmortems.publish.mutationOptions(opts));
  const reopen = useMutation(trpc.postmortems.reopen.mutationOptions(opts));
  const notNeeded = useMutation(trpc.postmortems.notNeeded.mutationOptions(opts));
  const request = useMutation(trpc.postmortems.request.mutationOptions(opts));
  const setOwner = useMutation(trpc.postmortems.setOwner.mutationOptions(opts));
  const [reviewer, setReviewer] = useState('');
  const [comment, setComment] = useState('');
  const [reason, setReason] = useState('');
  const failed = [submit, withdraw, approve, requestChanges, publish, reopen, notNeeded, request, setOwner].find((m) => m.isError)?.error;
  const isOwner = pm.owner?.id === perms.userId;
  const approved = pm.reviewers.some((r) => r.decision === 'approved' && r.userId !== pm.owner?.id);
  const candidates = data.people.filter((p) => p.id !== pm.owner?.id && p.role !== 'viewer' && p.role !== 'executive');

  return (
    <Card title="Review" aria-label="Review and publication" className="no-print">
      {failed && (
        <Alert tone="danger" title="Not done">
          {errorMessage(failed)}
        </Alert>
      )}
      <p>
        {pm.required ? (
          <>
            <Badge tone="warning">required</Badge> {pm.requiredReasons.join('; ')}
          </>
        ) : pm.notNeededReason ? (
          <>
            <Badge>not needed</Badge> {pm.notNeededReason}
          </>
        ) : (
          <Badge>optional</Badge>
        )}
      </p>
      {perms.canWrite ? (
        <Select label="Owner" value={pm.owner?.id ?? ''} onChange={(e) => e.target.value && setOwner.mutate({ id: pm.id, ownerId: e.target.value })}>
          <option value="">Nobody</option>
          {data.people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </Select>
      ) : (
        <p>Owner: {pm.owner?.name ?? 'nobody'}</p>
      )}
      {pm.reviewers.length > 0 && (
        <ul aria-label="Reviewers">
          {pm.reviewers.map((r) => (
            <li key={r.userId}>
              {r.name}: <Badge tone={r.decision === 'approved' ? 'success' : r.decision === 'changes_requested' ? 'warning' : 'neutral'}>{r.decision.replace('_', ' ')}</Badge>
              {r.decidedAt ? ` ${formatDateTime(new Date(r.decidedAt))}` : ''}
              {r.comment && <div className="muted">“{r.comment}”</div>}
            </li>
          ))}
        </ul>
      )}
      {(pm.state === 'draft' || pm.state === 'reopened') && perms.canWrite && (
        <div className="stack">
          <Select label="Reviewer" value={reviewer} onChange={(e) => setReviewer(e.target.value)} hint="Someone other than the owner approves it.">
            <option value="">Pick a reviewer</option>
            {candidates.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </Select>
          <Button
            variant="primary"
            disabled={!reviewer}
            busy={submit.isPending}
            onClick={async () => {
              if (await beforeSubmit()) submit.mutate({ id: pm.id, reviewerIds: [reviewer] });
            }}
          >
            Submit for review
          </Button>
        </div>
      )}
      {pm.state === 'in_review' && (
        <div className="stack">
          {perms.canRespond && !isOwner && (
            <>
              <TextInput label="Review comment" value={comment} onChange={(e) => setComment(e.target.value)} />
              <div className="row">
                <Button variant="primary" busy={approve.isPending} onClick={() => approve.mutate({ id: pm.id, comment })}>
                  Approve
                </Button>
                <Button busy={requestChanges.isPending} onClick={() => requestChanges.mutate({ id: pm.id, comment })}>
                  Request changes
                </Button>
              </div>
            </>
          )}
          {perms.canWrite && (
            <div className="row">
              <Button variant="primary" disabled={!approved} title={approved ? undefined : 'Needs an approval from someone other than the owner'} busy={publish.isPending} onClick={() => publish.mutate({ id: pm.id })}>
                Publish
              </Button>
              <Button variant="ghost" busy={withdraw.isPending} onClick={() => withdraw.mutate({ id: pm.id })}>
                Withdraw to draft
              </Button>
            </div>
          )}
        </div>
      )}
      {pm.state === 'published' && perms.canWrite && (
        <Button busy={reopen.isPending} onClick={() => reopen.mutate({ id: pm.id })}>
          Reopen
        </Button>
      )}
      {!pm.required && !pm.notNeededReason && pm.state === 'draft' && (
        <div className="stack">
          {perms.canRespond && (
            <Button size="sm" busy={request.isPending} onClick={() => request.mutate({ id: pm.id })}>
              Request a post-mortem (makes it required)
            </Button>
          )}
          {perms.canWrite && (
            <div className="row" style={{ alignItems: 'end' }}>
              <TextInput label="No post-mortem needed because" value={reason} onChange={(e) => setReason(e.target.value)} />
              <Button size="sm" disabled={reason.trim().length < 3} busy={notNeeded.isPending} onClick={() => notNeeded.mutate({ id: pm.id, reason })}>
                No post-mortem needed
              </Button>
            </div>
          )}
        </div>
      )}
    </Card>
  );
}
