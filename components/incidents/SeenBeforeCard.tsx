'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { PM_STATE_LABELS } from '@/server/postmortems/postmortems.schema';
import { When } from '../format/When';
import { useTRPC } from '../trpc/client';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { useRefetchWhen } from './useRefetchWhen';

const MATCH_WORDS = { both: 'same service and alert', alert: 'same alert', service: 'same service' } as const;

/**
 * "We have seen this before": past post-mortems of incidents with the same
 * service and alert signature, and what they left open. Renders nothing when
 * there is none, so a first-of-its-kind incident has no empty card.
 */
export function SeenBeforeCard({ incidentId, serviceKey }: { incidentId: string; serviceKey: string }) {
  const trpc = useTRPC();
  const seen = useQuery(trpc.postmortems.seenBefore.queryOptions({ incidentId }));
  // Linking a service changes what belongs here: ask again (not on the first render).
  useRefetchWhen(serviceKey, seen.refetch);
  if (!seen.data?.length) return null;
  return (
    <Card title="Seen before" aria-label="Seen before">
      <ul className="stack">
        {seen.data.map((s) => (
          <li key={s.postmortem.id}>
            <Link href={`/incidents/${s.incident.id}/postmortem`}>
              #{s.incident.number} {s.incident.title}
            </Link>{' '}
            <Badge tone={s.postmortem.state === 'published' ? 'success' : 'info'}>{PM_STATE_LABELS[s.postmortem.state]}</Badge>
            <div className="muted">
              {s.incident.severity} · <When at={s.incident.startedAt} mode="absolute" /> · {MATCH_WORDS[s.match]}
              {s.sharedServices.length + s.sharedAlerts.length > 0 && `: ${[...s.sharedServices, ...s.sharedAlerts].join(', ')}`}
            </div>
            {s.openActionItems > 0 && (
              <>
                <div>
                  {s.openActionItems} action item{s.openActionItems === 1 ? '' : 's'} still open:
                </div>
                <ul>
                  {s.actionItems.map((a) => (
                    <li key={a.id} className={a.overdue ? 'text-danger' : undefined}>
                      {a.title}
                      {a.overdue && ' (overdue)'}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
