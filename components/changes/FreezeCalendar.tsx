'use client';

import { useQuery } from '@tanstack/react-query';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Table } from '../ui/Table';

// The freeze windows in force and the next one of each kind, per team in its
// own time zone (the weekend freeze starts at 15:00 local, wherever the team
// is). A weekly window is shown once, its next occurrence: five identical
// weekends per team made the table a wall.

type Interval = { name: string; kind: string; tiers: string[]; start: number; end: number; active: boolean };

/** Windows in force, then the earliest upcoming occurrence of each other window, by start. */
export function nextWindows(intervals: readonly Interval[]): Interval[] {
  const shown = new Map<string, Interval>();
  for (const i of [...intervals].sort((a, b) => a.start - b.start)) {
    const key = `${i.kind}:${i.name}`;
    if (i.active) shown.set(`${key}:${i.start}`, i);
    else if (![...shown.keys()].some((k) => k.startsWith(`${key}:`) || k === key)) shown.set(key, i);
  }
  return [...shown.values()].sort((a, b) => a.start - b.start);
}
export function FreezeCalendar({ days = 28 }: { days?: number }) {
  const trpc = useTRPC();
  const cal = useQuery(trpc.changes.freezes.queryOptions({ days }));
  return (
    <Card title={`Freeze calendar, next ${days} days`} flush>
      {cal.isError && (
        <div className="card-body">
          <Alert tone="danger">{errorMessage(cal.error)}</Alert>
        </div>
      )}
      {cal.data && cal.data.length === 0 && <p className="card-body muted">No teams yet: freeze windows follow each team's time zone.</p>}
      {cal.data && cal.data.length > 0 && (
        <Table caption="Freeze windows" columns={['Team', 'Window', 'Tiers', 'From', 'Until']}>
          {cal.data.flatMap(({ team, intervals }) =>
            nextWindows(intervals).map((i) => (
              <tr key={`${team.id}-${i.name}-${i.start}`} className={i.active ? 'freeze-active' : undefined}>
                <td>
                  {team.name}
                  <div className="muted">{team.timeZone}</div>
                </td>
                <td>
                  {i.name} {i.active && <Badge tone="warning">in force</Badge>}
                  <div className="muted">{i.kind === 'weekly' ? 'every week' : i.kind}</div>
                </td>
                <td>{i.tiers.join(', ')}</td>
                <td className="nowrap">{formatDateTime(new Date(i.start), '—', team.timeZone)}</td>
                <td className="nowrap">{formatDateTime(new Date(i.end), '—', team.timeZone)}</td>
              </tr>
            )),
          )}
        </Table>
      )}
    </Card>
  );
}
