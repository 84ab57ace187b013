'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import type { InboxItemDto } from '@/server/paging/paging.schema';
import { When } from '../format/When';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { EmptyState } from '../ui/EmptyState';
import { useToast } from '../ui/Toast';
import { RunbookLink } from './PagesPanel';

// A person's pages, as they would read them on a phone: what fired, how urgent,
// the runbook, and the two buttons that matter at 3 a.m.

const STATUS_TONE: Record<string, Tone> = { triggered: 'danger', acknowledged: 'warning', resolved: 'success' };
const REFRESH_MS = 10_000;

function InboxItem({ item, canRespond }: { item: InboxItemDto; canRespond: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const ack = useMutation(trpc.paging.acknowledge.mutationOptions());
  const resolve = useMutation(trpc.paging.resolve.mutationOptions());
  const { page } = item;
  async function act(kind: 'ack' | 'resolve') {
    try {
      await (kind === 'ack' ? ack : resolve).mutateAsync({ id: page.id, actionable: kind === 'resolve' ? true : undefined });
      toast.show(kind === 'ack' ? 'Acknowledged: the escalation stopped' : 'Page resolved', 'success');
      await qc.invalidateQueries({ queryKey: trpc.paging.inbox.queryKey() });
    } catch (error) {
      toast.show(errorMessage(error), 'danger');
    }
  }
  return (
    <li className="card inbox-item" aria-label={`Page: ${page.summary}`}>
      <div className="card-body stack">
        <div className="row">
          <Badge tone={page.priority === 'P1' ? 'danger' : 'warning'}>{page.priority}</Badge>
          <Badge tone={STATUS_TONE[page.status] ?? 'neutral'}>{page.status}</Badge>
          <strong className="break">{page.summary}</strong>
        </div>
        <div className="muted">
          {item.step > 0 ? `Escalated to you (step ${item.step + 1})` : 'Paged you'} <When at={item.deliveredAt} />
          {page.teamName && <> · {page.teamName}</>}
          {page.acknowledgedBy && <> · acknowledged by {page.acknowledgedBy}</>}
        </div>
        <RunbookLink runbook={page.runbook} />
        <div className="row">
          {canRespond && page.status === 'triggered' && (
            <Button variant="primary" busy={ack.isPending} onClick={() => act('ack')}>
              Acknowledge
            </Button>
          )}
          {canRespond && page.status !== 'resolved' && (
            <Button busy={resolve.isPending} onClick={() => act('resolve')}>
              Resolve
            </Button>
          )}
          {page.incidentId ? (
            <Link href={`/incidents/${page.incidentId}`} className="btn">
              Open the incident
            </Link>
          ) : (
            page.alertId && (
              <Link href="/incidents" className="btn">
                Declare an incident
              </Link>
            )
          )}
          <Link href={`/oncall?page=${page.id}`} className="btn btn-ghost">
            Deliveries
          </Link>
        </div>
      </div>
    </li>
  );
}

export function InboxView({ canRespond }: { canRespond: boolean }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.paging.inbox.queryOptions(), refetchInterval: REFRESH_MS });
  if (q.isPending) return <p className="muted">Loading your inbox…</p>;
  if (q.isError)
    return (
      <Alert tone="danger" title="The inbox could not be loaded">
        {errorMessage(q.error)}
      </Alert>
    );
  if (q.data.length === 0)
    return (
      <EmptyState title="Nothing for you">
        <p className="muted">
          When an alert pages you (you are on call, or a policy step names you) and an inbox channel exists (Settings → Alerting), the page shows up here.
        </p>
      </EmptyState>
    );
  const open = q.data.filter((i) => i.page.status !== 'resolved').length;
  return (
    <>
      <p className="muted" role="status">
        {open} open of {q.data.length} page{q.data.length === 1 ? '' : 's'}
      </p>
      <ul className="plain-list inbox-list">
        {q.data.map((item) => (
          <InboxItem key={item.page.id} item={item} canRespond={canRespond} />
        ))}
      </ul>
    </>
  );
}
