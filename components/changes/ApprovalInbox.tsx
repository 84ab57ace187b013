'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { REQUIREMENT_LABELS } from '@/server/changes/changes.schema';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { Table } from '../ui/Table';
import { ChangeStateCells } from './ChangeBadges';
import './changes.css';

// The approvals inbox: what waits on me at the gate, oldest first, with the
// approval each change needs from me as one button (the change page has the
// reasons and the rest of the story).
export function ApprovalInbox() {
  const trpc = useTRPC();
  const client = useQueryClient();
  const inbox = useQuery(trpc.changes.inbox.queryOptions());
  const approve = useMutation(trpc.changes.approve.mutationOptions({ onSuccess: () => client.invalidateQueries({ queryKey: trpc.changes.inbox.queryKey() }) }));
  if (inbox.isPending) return <p className="muted">Loading your approvals…</p>;
  if (inbox.isError) return <Alert tone="danger">{errorMessage(inbox.error)}</Alert>;
  if (inbox.data.items.length === 0) {
    return (
      <EmptyState title="Nothing waits on you">
        <p>Changes that need your approval (as a team lead, the change advisory board or VP/CISO for the error-budget band) appear here. <Link href="/changes">The ledger</Link> has every change.</p>
      </EmptyState>
    );
  }
  return (
    <Card title={`Waiting on you (${inbox.data.items.length}${inbox.data.truncated ? '+' : ''})`} flush>
      {approve.isError && (
        <div className="card-body">
          <Alert tone="danger">{errorMessage(approve.error)}</Alert>
        </div>
      )}
      <Table caption="Changes waiting for your approval" columns={['Requested', 'Change', 'Tier', 'Status', 'Gate', 'Your approval']}>
        {inbox.data.items.map((c) => (
          <tr key={c.id}>
            <td className="nowrap">{formatDateTime(new Date(c.requestedAt))}</td>
            <td>
              <Link href={`/changes/${c.id}`}>{c.title}</Link>
              <div className="muted">
                {c.services.map((s) => s.name).join(', ')} · {c.author.label}
              </div>
            </td>
            <ChangeStateCells change={c} />
            <td>
              <div className="form-row">
                {c.yours.map((kind) => (
                  <Button key={kind} size="sm" variant="primary" busy={approve.isPending && approve.variables?.id === c.id && approve.variables?.kind === kind} onClick={() => approve.mutate({ id: c.id, kind })}>
                    Approve: {REQUIREMENT_LABELS[kind]}
                  </Button>
                ))}
              </div>
            </td>
          </tr>
        ))}
      </Table>
    </Card>
  );
}
