'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { CAUSE_LABELS, STATUS_LABELS, type ChangeCause, type ChangeStatus } from '@/server/changes/changes.schema';
import { When } from '../format/When';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { useRefetchWhen } from './useRefetchWhen';

/**
 * The seed's triage step 2, "Check recent changes": the changes to the
 * incident's services in the 24 h before impact, newest first, each markable
 * as the suspected or confirmed cause (a confirmed cause counts in DORA's
 * change failure rate and is named in the post-mortem).
 */
export function RecentChangesCard({ incidentId, serviceKey }: { incidentId: string; serviceKey: string }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const changes = useQuery(trpc.changes.forIncident.queryOptions({ incidentId }));
  // Linking a service changes what belongs here: ask again (not on the first render).
  useRefetchWhen(serviceKey, changes.refetch);
  const mark = useMutation(trpc.changes.markCause.mutationOptions({ onSuccess: () => client.invalidateQueries({ queryKey: trpc.changes.forIncident.queryKey() }) }));
  const data = changes.data;
  return (
    <Card title="Recent changes" aria-label="Recent changes">
      {changes.isError && <Alert tone="danger">{errorMessage(changes.error)}</Alert>}
      {mark.isError && <Alert tone="danger">{errorMessage(mark.error)}</Alert>}
      {data && data.items.length === 0 && <p className="muted">No change to the affected services in the {data.windowHours} h before impact began.</p>}
      {data && data.items.length > 0 && (
        <ul className="stack">
          {data.items.map((c) => (
            <li key={c.id}>
              <Link href={`/changes/${c.id}`}>{c.title}</Link>{' '}
              {c.cause && <Badge tone={c.cause === 'confirmed' ? 'danger' : 'warning'}>{CAUSE_LABELS[c.cause]}</Badge>}
              <div className="muted">
                {c.tier} · {STATUS_LABELS[c.status as ChangeStatus] ?? c.status} · {c.source} · <When at={c.at} /> · {c.services.join(', ')}
              </div>
              {data.canMark && (
                <div className="form-row" role="group" aria-label={`Mark "${c.title}"`}>
                  {(['suspected', 'confirmed'] as ChangeCause[]).map((cause) => (
                    <Button key={cause} size="sm" variant={c.cause === cause ? 'primary' : 'ghost'} aria-pressed={c.cause === cause} busy={mark.isPending} onClick={() => mark.mutate({ incidentId, changeId: c.id, cause: c.cause === cause ? null : cause })}>
                      {cause === 'suspected' ? 'Suspected' : 'Confirmed cause'}
                    </Button>
                  ))}
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
