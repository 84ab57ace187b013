'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Button } from '@/components/ui/Button';
import { HiddenHeader, Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import type { ExemptionDto, ExemptionState } from '@/server/readiness/readiness-api.schema';
import { When } from '@/components/format/When';

const STATE_TONE: Record<ExemptionState, Tone> = {
  pending: 'info',
  approved: 'success',
  rejected: 'neutral',
  revoked: 'neutral',
  expired: 'warning',
};

function scopeText(e: Pick<ExemptionDto, 'clusterName' | 'namespace' | 'kind' | 'name'>): string {
  if (e.name) return `${e.kind} ${e.clusterName}/${e.namespace}/${e.name}`;
  const where = [e.clusterName ? `cluster ${e.clusterName}` : 'every cluster', e.namespace ? `namespace ${e.namespace}` : null].filter(Boolean).join(', ');
  return `${e.kind ? `${e.kind}s` : 'All workloads'} in ${where}`;
}

export type Viewer = { id: string; canApprove: boolean; canRequest: boolean };

export function ExemptionsTable({ caption, exemptions, viewer, now }: { caption: string; exemptions: ExemptionDto[]; viewer: Viewer; now: Date }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const done = (message: string) => async () => {
    toast.show(message, 'success');
    await queryClient.invalidateQueries({ queryKey: trpc.readiness.pathKey() });
  };
  const onError = (error: unknown) => toast.show(errorMessage(error), 'danger');
  const approve = useMutation(trpc.readiness.exemptions.approve.mutationOptions({ onSuccess: done('Exemption approved; scores updated'), onError }));
  const reject = useMutation(trpc.readiness.exemptions.reject.mutationOptions({ onSuccess: done('Exemption rejected'), onError }));
  const revoke = useMutation(trpc.readiness.exemptions.revoke.mutationOptions({ onSuccess: done('Exemption revoked; scores updated'), onError }));

  if (exemptions.length === 0) return <p className="muted">None.</p>;
  return (
    <Table caption={caption} columns={['Check', 'Scope', 'Reason', 'Requested', 'Decision', 'Expires', 'State', <HiddenHeader>Actions</HiddenHeader>]}>
      {exemptions.map((e) => {
        const own = e.requestedById === viewer.id;
        const live = e.state === 'pending' || e.state === 'approved';
        return (
          <tr key={e.id}>
            <td className="mono">{e.checkId}</td>
            <td>{scopeText(e)}</td>
            <td>{e.reason}</td>
            <td>
              {e.requestedByLabel}
              <br />
              <When className="muted" at={e.createdAt} />
            </td>
            <td>
              {e.approverLabel ? (
                <>
                  {e.state === 'rejected' ? 'Rejected by ' : 'Approved by '}
                  {e.approverLabel}
                  <br />
                  <When className="muted" at={e.decidedAt} />
                </>
              ) : (
                <span className="muted">—</span>
              )}
              {e.revokedAt && (
                <>
                  <br />
                  Revoked by {e.revokedByLabel} <When className="muted" at={e.revokedAt} />
                </>
              )}
              {e.decisionNote && (
                <>
                  <br />
                  <span className="muted">“{e.decisionNote}”</span>
                </>
              )}
            </td>
            <td className="nowrap"><When at={e.expiresAt} mode="date" />{e.expiresAt <= now && e.state === 'expired' ? ' (past)' : ''}</td>
            <td>
              <Badge tone={STATE_TONE[e.state]}>{e.state}</Badge>
            </td>
            <td className="nowrap">
              {e.state === 'pending' && viewer.canApprove && !own && (
                <>
                  <Button size="sm" variant="primary" busy={approve.isPending} onClick={() => approve.mutate({ id: e.id })}>
                    Approve
                  </Button>{' '}
                  <Button size="sm" busy={reject.isPending} onClick={() => reject.mutate({ id: e.id })}>
                    Reject
                  </Button>{' '}
                </>
              )}
              {e.state === 'pending' && own && <span className="muted">Awaiting another approver </span>}
              {live && (viewer.canApprove || (own && viewer.canRequest)) && (
                <Button size="sm" variant="danger" busy={revoke.isPending} onClick={() => revoke.mutate({ id: e.id })}>
                  {e.state === 'pending' ? 'Withdraw' : 'Revoke'}
                </Button>
              )}
            </td>
          </tr>
        );
      })}
    </Table>
  );
}
