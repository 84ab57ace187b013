'use client';

import './maturity.css';
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { levelName, type ServiceAssessment } from '@/server/maturity/maturity.schema';
import { MarkerBadge } from './MaturityView';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Card } from '../ui/Card';

// A service's own maturity (docs/maturity.md "Per service"): its level next to
// its team's, and the criteria it does not meet, lowest level first, each with
// how to meet it and a link to the evidence.

function Unmet({ a }: { a: ServiceAssessment }) {
  const unmet = a.markers.filter((m) => m.status !== 'met');
  if (!unmet.length) return <p>Every criterion is met.</p>;
  const target = Math.min(a.level + 1, 5);
  return (
    <>
      <p className="muted">
        {unmet.length} criteri{unmet.length === 1 ? 'on' : 'a'} not met. {a.level < 5 && `Level ${target} (${levelName(target)}) needs the ${a.next.length} listed first.`}
      </p>
      <ol className="maturity-next" aria-label={`Criteria ${a.service} does not meet`}>
        {[...a.next, ...unmet.filter((m) => !a.next.some((n) => n.id === m.id))].map((m) => (
          <li key={m.id}>
            <MarkerBadge status={m.status} source={m.source} /> <strong>L{m.level} {m.title}</strong>: {m.how}. <span className="muted">Now: {m.detail}.</span> <Link href={m.href}>Evidence</Link>
          </li>
        ))}
      </ol>
    </>
  );
}

export function ServiceMaturity({ serviceId }: { serviceId: string }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.maturity.service.queryOptions({ serviceId }, { staleTime: 60_000 }));
  const a = q.data;
  return (
    <Card title="Operations maturity" aria-label="Operations maturity" id="maturity" actions={<Link href="/maturity">Maturity of every team</Link>}>
      {q.error && <p className="muted">Maturity unavailable: {errorMessage(q.error)}</p>}
      {q.isLoading && <p className="muted" aria-busy="true">Assessing the service…</p>}
      {a && (
        <>
          <p className="service-maturity-level">
            <strong data-testid="service-level">
              L{a.level} {levelName(a.level)}
            </strong>{' '}
            <span className="muted">
              (team {a.team}: L{a.teamLevel} {levelName(a.teamLevel)})
            </span>
          </p>
          <Unmet a={a} />
        </>
      )}
    </Card>
  );
}
