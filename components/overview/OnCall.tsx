'use client';

import { useQuery } from '@tanstack/react-query';
import { When } from '@/components/format/When';
import { useTRPC } from '@/components/trpc/client';
import { Table } from '@/components/ui/Table';
import { Empty, Failed, Loading, REFRESH_MS } from './Panel';

// The Overview's on-call card: who is on call now per schedule, and the next hand-off.

export function OnCall() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.oncall.overview.queryOptions({ days: 7 }), refetchInterval: REFRESH_MS });
  if (q.isPending) return <Loading what="on-call schedules" />;
  if (q.isError) return <Failed error={q.error} />;
  const { schedules, teams, people } = q.data;
  if (schedules.length === 0) return <Empty>No on-call schedule exists yet. Create one per team on the On-call page so pages reach a person.</Empty>;
  const name = (id: string | null | undefined) => (id ? (people.find((p) => p.id === id)?.name ?? 'unknown person') : null);
  const team = (id: string) => teams.find((t) => t.id === id)?.name ?? '—';
  return (
    <Table caption="Who is on call now">
      <thead>
        <tr>
          <th>Team</th>
          <th>On call now</th>
          <th>Next hand-off</th>
        </tr>
      </thead>
      <tbody>
        {schedules.map((s) => (
          <tr key={s.id}>
            <td>
              {team(s.teamId)}
              <div className="muted">{s.name}</div>
            </td>
            <td className="overview-figure">
              {s.problem ? <span className="text-danger">{s.problem}</span> : (name(s.now?.userId) ?? <span className="text-danger">nobody (gap)</span>)}
            </td>
            <td>
              {s.now?.next ? (
                <>
                  {name(s.now.next.userId) ?? 'nobody (gap)'}
                  {/* On a line of its own, as the schedule's name under the person: "Eli Engineerin 5 hours" otherwise. */}
                  <div>
                    <When className="muted" at={s.now.next.at} />
                  </div>
                </>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}
