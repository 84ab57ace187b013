'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ServiceLink } from '@/components/catalog/ServiceLink';
import { formatDuration } from '@/components/incidents/format';
import { SeverityBadge, StateBadge } from '@/components/incidents/IncidentBadges';
import { useTRPC } from '@/components/trpc/client';
import { Badge } from '@/components/ui/Badge';
import { Table } from '@/components/ui/Table';
import { LIST_LIMIT } from './overview';
import { Big, Empty, Failed, REFRESH_MS } from './Panel';

// The Overview's incident card: open incidents, firing alerts and overdue
// post-mortems, with the newest incidents and alerts listed.

export function IncidentsAndAlerts({ now }: { now: Date }) {
  const trpc = useTRPC();
  const incidents = useQuery({ ...trpc.incidents.list.queryOptions({ state: 'open' }), refetchInterval: REFRESH_MS });
  const alerts = useQuery({ ...trpc.alerts.firing.queryOptions({ newest: LIST_LIMIT }), refetchInterval: REFRESH_MS });
  const people = useQuery({ ...trpc.oncall.overview.queryOptions({ days: 7 }), refetchInterval: REFRESH_MS });
  const overduePms = useQuery({ ...trpc.postmortems.list.queryOptions({ overdue: true, pageSize: 1 }), refetchInterval: REFRESH_MS });
  const nameOf = (id: string | null) => (id ? (people.data?.people.find((p) => p.id === id)?.name ?? 'someone') : null);
  const open = incidents.data ? [...incidents.data].sort((a, b) => +new Date(b.times.startedAt) - +new Date(a.times.startedAt)) : [];
  const firing = alerts.data?.newest ?? [];
  const firingTotal = alerts.data?.total ?? 0;
  const p1 = open.filter((i) => i.severity === 'P1').length;
  return (
    <>
      <div className="overview-metrics">
        <Big value={incidents.data ? open.length : '…'} label="Open incidents" tone={open.length ? 'danger' : 'success'} />
        <Big value={incidents.data ? p1 : '…'} label="P1 open" tone={p1 ? 'danger' : undefined} />
        <Big value={alerts.data ? firingTotal : '…'} label="Firing alerts" tone={firingTotal ? 'warning' : 'success'} />
        <Big
          value={overduePms.data ? <Link href="/postmortems?overdue=1">{overduePms.data.total}</Link> : '…'}
          label="Post-mortems overdue"
          tone={overduePms.data?.total ? 'danger' : overduePms.data ? 'success' : undefined}
        />
      </div>
      {incidents.isError && <Failed error={incidents.error} />}
      {incidents.data && open.length === 0 && <Empty>No incident is open.</Empty>}
      {open.length > 0 && (
        <Table caption="Open incidents, newest first">
          <thead>
            <tr>
              <th>Incident</th>
              <th>Severity</th>
              <th>Status</th>
              <th>Age</th>
              <th>Commander</th>
            </tr>
          </thead>
          <tbody>
            {open.slice(0, LIST_LIMIT).map((i) => (
              <tr key={i.id}>
                <td>
                  <Link href={`/incidents/${i.id}`}>
                    #{i.number} {i.title}
                  </Link>
                </td>
                <td>
                  <SeverityBadge severity={i.severity} />
                </td>
                <td>
                  <StateBadge state={i.state}>{i.stateLabel}</StateBadge>
                </td>
                <td className="nowrap">{formatDuration(now.getTime() - new Date(i.times.startedAt).getTime())}</td>
                <td>{nameOf(i.roles.commander) ?? <span className="text-danger">nobody</span>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {alerts.isError && <Failed error={alerts.error} />}
      {alerts.data && firingTotal === 0 && <Empty>No alert is firing. Alerts arrive from Alertmanager (Settings → Alerting).</Empty>}
      {firing.length > 0 && (
        <Table caption="Firing alerts, newest first">
          <thead>
            <tr>
              <th>Alert</th>
              <th>Priority</th>
              <th>Age</th>
            </tr>
          </thead>
          <tbody>
            {firing.map((a) => (
              <tr key={a.id}>
                <td>
                  {a.incidentId ? <Link href={`/incidents/${a.incidentId}`}>{a.alertname}</Link> : a.alertname}
                  {a.service && (
                    <div className="muted">
                      <ServiceLink id={a.service.id} name={a.service.name} />
                    </div>
                  )}
                </td>
                <td>{a.priority ? <Badge tone={a.priority === 'P1' ? 'danger' : a.priority === 'P2' ? 'warning' : 'info'}>{a.priority}</Badge> : '—'}</td>
                <td className="nowrap">{formatDuration(now.getTime() - new Date(a.startsAt).getTime())}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
      {firingTotal > firing.length && <p className="muted">and {firingTotal - firing.length} more firing alerts on the Incidents page.</p>}
    </>
  );
}
