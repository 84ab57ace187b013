'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { PageDto } from '@/server/paging/paging.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Select } from '../ui/Field';
import { HiddenHeader, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { When } from '../format/When';

// Pages and their delivery record: who was paged at which escalation step,
// through which channel, with what outcome (and the error, and the attempts).
// Responders acknowledge (stops the escalation) or resolve from here.

const STATUS_TONE: Record<string, Tone> = { triggered: 'danger', acknowledged: 'warning', resolved: 'success' };
const OUTCOME_TONE: Record<string, Tone> = { sent: 'success', failed: 'danger', pending: 'warning', skipped: 'neutral' };

export function PagesPanel({ canRespond, teamId, focusPageId }: { canRespond: boolean; teamId?: string; focusPageId?: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<'open' | 'all' | 'resolved'>('open');
  const [mine, setMine] = useState(false);
  const pages = useQuery({ ...trpc.paging.pages.queryOptions({ status, teamId, mine, limit: 50 }), refetchInterval: 15_000 });
  return (
    <Card title="Pages" flush>
      <div className="card-body form-row" role="search" aria-label="Filter pages">
        <Select label="Pages" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="open">Open</option>
          <option value="resolved">Resolved</option>
          <option value="all">All</option>
        </Select>
        <Select label="Paged" value={mine ? 'mine' : 'anyone'} onChange={(e) => setMine(e.target.value === 'mine')}>
          <option value="anyone">Anyone</option>
          <option value="mine">Me</option>
        </Select>
      </div>
      {pages.isError && (
        <div className="card-body">
          <Alert tone="danger" title="Pages could not be loaded">
            {errorMessage(pages.error)}
          </Alert>
        </div>
      )}
      {pages.data?.length === 0 && <p className="card-body muted">No {status === 'open' ? 'open ' : ''}pages. Firing alerts that triage marks P1/P2 page the owning team here.</p>}
      {pages.data && pages.data.length > 0 && (
        <Table caption="Pages" columns={['Priority', 'Page', 'Status', 'Paged', 'Escalation', <HiddenHeader>Actions</HiddenHeader>]}>
          {pages.data.map((p) => (
            <PageRow key={p.id} page={p} canRespond={canRespond} open={p.id === focusPageId} />
          ))}
        </Table>
      )}
    </Card>
  );
}

/** The page's runbook: Runwell's own page, or the alert's external runbook_url in a new tab. */
export function RunbookLink({ runbook }: { runbook: PageDto['runbook'] }) {
  if (!runbook) return <div className="muted">Runbook: none linked to this alert</div>;
  return (
    <div>
      Runbook:{' '}
      {runbook.id ? (
        <Link href={runbook.href}>{runbook.title}</Link>
      ) : (
        <a href={runbook.href} rel="noreferrer noopener" target="_blank" style={{ overflowWrap: 'anywhere' }}>
          {runbook.title}
        </a>
      )}
    </div>
  );
}

function PageRow({ page, canRespond, open }: { page: PageDto; canRespond: boolean; open: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [details, setDetails] = useState(open);
  const ack = useMutation(trpc.paging.acknowledge.mutationOptions());
  const resolve = useMutation(trpc.paging.resolve.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.paging.pages.queryKey() });
  async function act(kind: 'ack' | 'resolve', actionable?: boolean) {
    try {
      await (kind === 'ack' ? ack : resolve).mutateAsync({ id: page.id, actionable });
      toast.show(kind === 'ack' ? 'Page acknowledged: escalation stopped' : 'Page resolved', 'success');
      await refresh();
    } catch (error) {
      toast.show(errorMessage(error), 'danger');
    }
  }
  const failed = page.notifications.filter((n) => n.outcome === 'failed').length;
  return (
    <>
      <tr>
        <td>
          <Badge tone={page.priority === 'P1' ? 'danger' : 'warning'}>{page.priority}</Badge>
        </td>
        <td>
          {page.summary}
          {page.teamName && <div className="muted">{page.teamName}</div>}
          <RunbookLink runbook={page.runbook} />
          {page.recipients.length > 0 && <div className="muted">Paged: {page.recipients.map((r) => r.name).join(', ')}</div>}
        </td>
        <td>
          <Badge tone={STATUS_TONE[page.status] ?? 'neutral'}>{page.status}</Badge>
          {page.acknowledgedBy && <div className="muted">by {page.acknowledgedBy}</div>}
          {failed > 0 && <div className="muted">{failed} delivery failed</div>}
        </td>
        <td className="nowrap"><When at={page.pagedAt} /></td>
        <td>
          step {Math.max(page.lastStep + 1, 0)} of {page.stepCount}
          {page.nextStepAt && <div className="muted"><When at={page.nextStepAt} prefix="next step " /></div>}
        </td>
        <td>
          <div className="row">
            {canRespond && page.status === 'triggered' && (
              <Button size="sm" variant="primary" busy={ack.isPending} onClick={() => act('ack')}>
                Acknowledge
              </Button>
            )}
            {canRespond && page.status !== 'resolved' && (
              <>
                <Button size="sm" busy={resolve.isPending} onClick={() => act('resolve', true)}>
                  Resolve
                </Button>
                <Button size="sm" variant="ghost" busy={resolve.isPending} onClick={() => act('resolve', false)}>
                  Resolve: not actionable
                </Button>
              </>
            )}
            <Button size="sm" variant="ghost" aria-expanded={details} onClick={() => setDetails(!details)}>
              {details ? 'Hide deliveries' : 'Show deliveries'}
            </Button>
          </div>
        </td>
      </tr>
      {details && (
        <tr>
          <td colSpan={6}>
            {page.notifications.length === 0 ? (
              <p className="muted">Nothing sent yet: the pager runs every minute and right after an alert arrives.</p>
            ) : (
              <table className="table">
                <caption className="visually-hidden">Deliveries of this page</caption>
                <thead>
                  <tr>
                    <th scope="col">Step</th>
                    <th scope="col">Person</th>
                    <th scope="col">Channel</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Attempts</th>
                    <th scope="col">Detail</th>
                    <th scope="col">At</th>
                  </tr>
                </thead>
                <tbody>
                  {page.notifications.map((n) => (
                    <tr key={n.id}>
                      <td>{n.step + 1}</td>
                      <td>{n.userName ?? '—'}</td>
                      <td>{n.channelName ? `${n.channelName} (${n.channelKind})` : n.channelKind === 'none' ? '—' : n.channelKind}</td>
                      <td>
                        <Badge tone={OUTCOME_TONE[n.outcome] ?? 'neutral'}>{n.outcome === 'sent' ? 'ok' : n.outcome}</Badge>
                      </td>
                      <td>{n.attempts}</td>
                      <td>{n.detail}</td>
                      <td className="nowrap"><When at={n.at} /></td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </td>
        </tr>
      )}
    </>
  );
}
