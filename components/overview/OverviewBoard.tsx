'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { SyncBadge } from '@/components/clusters/SyncBadge';
import { formatAge, formatCount } from '@/components/format/resources';
import { When } from '@/components/format/When';
import { RunOutText } from '@/components/clusters/RunOutText';
import { formatDuration } from '@/components/incidents/format';
import { SeverityBadge, StateBadge } from '@/components/incidents/IncidentBadges';
import { BAND_LABELS, BandBadge, formatBurn } from '@/components/slo/bits';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Badge } from '@/components/ui/Badge';
import { Table } from '@/components/ui/Table';
import type { CapacityOverviewDto } from '@/server/capacity/capacity.schema';
import type { ClusterDto } from '@/server/clusters/clusters.schema';
import type { MaintenanceDto } from '@/server/maintenance/maintenance.schema';
import { BAND_ORDER, type BandOrNoData } from '@/server/lib/policy-bands';
import { headroomPercent, LIST_LIMIT, runOutVerdict, worstSlos } from './overview';
import { ServiceLink } from '@/components/catalog/ServiceLink';

// The first screen an SRE lead opens: one compact card per area, each linking to
// its page. Every card loads on its own (the tRPC link batches the calls into one
// request), so a slow area (readiness over many pods) never blanks the others.

const REFRESH_MS = 60_000;

function Panel({ title, href, linkLabel, summary, children }: { title: string; href: string; linkLabel: string; summary?: ReactNode; children: ReactNode }) {
  return (
    <section className="card overview-card" aria-labelledby={`ov-${href.slice(1)}`}>
      <div className="card-header">
        <h2 id={`ov-${href.slice(1)}`}>{title}</h2>
        <Link href={href} className="btn btn-sm">
          {linkLabel} <span aria-hidden="true">→</span>
        </Link>
      </div>
      <div className="card-body stack">
        {summary}
        {children}
      </div>
    </section>
  );
}

function Big({ value, label, tone }: { value: ReactNode; label: ReactNode; tone?: 'danger' | 'warning' | 'success' }) {
  return (
    <div className="metric">
      <span className={`metric-value${tone ? ` text-${tone}` : ''}`}>{value}</span>
      <span className="metric-label">{label}</span>
    </div>
  );
}

function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

function Failed({ error }: { error: unknown }) {
  return (
    <p className="text-danger" role="alert">
      {errorMessage(error)}
    </p>
  );
}

function Empty({ children }: { children: ReactNode }) {
  return <p className="muted overview-empty">{children}</p>;
}

function ErrorBudgets() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.slo.list.queryOptions({}), refetchInterval: REFRESH_MS });
  if (q.isPending) return <Loading what="error budgets" />;
  if (q.isError) return <Failed error={q.error} />;
  const items = q.data;
  if (items.length === 0) return <Empty>No SLO is defined yet. Create one or import a file on the SLOs page to track error budgets here.</Empty>;
  const counts = new Map<BandOrNoData, number>();
  for (const s of items) counts.set(s.band, (counts.get(s.band) ?? 0) + 1);
  const worst = worstSlos(items);
  return (
    <>
      <div className="overview-metrics">
        {BAND_ORDER.filter((b) => counts.get(b) || b === 'normal').map((b) => (
          <Big key={b} value={counts.get(b) ?? 0} label={BAND_LABELS[b]} tone={b === 'exhausted' || b === 'freeze' ? 'danger' : b === 'restricted' ? 'warning' : undefined} />
        ))}
      </div>
      {worst.length === 0 ? (
        <Empty>Every SLO with data is in the normal band: releases may go out as usual.</Empty>
      ) : (
        <Table caption="SLOs burning their budget, worst first">
          <thead>
            <tr>
              <th>SLO</th>
              <th>Band</th>
              <th className="num">Budget left</th>
              <th className="num">Burn (1 h)</th>
            </tr>
          </thead>
          <tbody>
            {worst.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/slos/${s.id}`}>{s.name}</Link>
                  <div className="muted">
                    <ServiceLink id={s.serviceId} name={s.serviceName} />
                  </div>
                </td>
                <td>
                  <BandBadge band={s.band} />
                </td>
                <td className="num overview-figure">{s.remainingPercent.toFixed(1)} %</td>
                <td className="num overview-figure">{formatBurn(s.burnRate1h)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function Response({ now }: { now: Date }) {
  const trpc = useTRPC();
  const incidents = useQuery({ ...trpc.incidents.list.queryOptions({ state: 'open' }), refetchInterval: REFRESH_MS });
  const alerts = useQuery({ ...trpc.alerts.list.queryOptions({ status: 'firing', limit: 200 }), refetchInterval: REFRESH_MS });
  const people = useQuery({ ...trpc.oncall.overview.queryOptions({ days: 7 }), refetchInterval: REFRESH_MS });
  const overduePms = useQuery({ ...trpc.postmortems.list.queryOptions({ overdue: true, pageSize: 1 }), refetchInterval: REFRESH_MS });
  const nameOf = (id: string | null) => (id ? (people.data?.people.find((p) => p.id === id)?.name ?? 'someone') : null);
  const open = incidents.data ? [...incidents.data].sort((a, b) => +new Date(b.times.startedAt) - +new Date(a.times.startedAt)) : [];
  const firing = alerts.data ?? [];
  const p1 = open.filter((i) => i.severity === 'P1').length;
  return (
    <>
      <div className="overview-metrics">
        <Big value={incidents.data ? open.length : '…'} label="Open incidents" tone={open.length ? 'danger' : 'success'} />
        <Big value={incidents.data ? p1 : '…'} label="P1 open" tone={p1 ? 'danger' : undefined} />
        <Big value={alerts.data ? firing.length : '…'} label="Firing alerts" tone={firing.length ? 'warning' : 'success'} />
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
      {alerts.data && firing.length === 0 && <Empty>No alert is firing. Alerts arrive from Alertmanager (Settings → Alerting).</Empty>}
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
            {firing.slice(0, LIST_LIMIT).map((a) => (
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
      {firing.length > LIST_LIMIT && <p className="muted">and {firing.length - LIST_LIMIT} more firing alerts on the Incidents page.</p>}
    </>
  );
}

function OnCall() {
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
                  <When className="muted" at={s.now.next.at} />
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

function Readiness() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.readiness.overview.queryOptions({ days: 7 }), refetchInterval: REFRESH_MS });
  if (q.isPending) return <Loading what="readiness" />;
  if (q.isError) return <Failed error={q.error} />;
  const d = q.data;
  if (d.total.workloads === 0) return <Empty>No workload has been checked yet. Scores appear once a cluster is connected and its inventory is synced.</Empty>;
  const failing = d.gates.filter((g) => g.status === 'fail');
  return (
    <>
      <div className="overview-metrics">
        <Big value={d.total.score} label="Overall score (of 100)" tone={d.total.score >= 80 ? 'success' : d.total.score >= 60 ? 'warning' : 'danger'} />
        <Big value={failing.length} label={`of ${d.gates.length} launch gates failing`} tone={failing.length ? 'danger' : 'success'} />
        <Big value={formatCount(d.total.failedDangers)} label="Danger checks failing" tone={d.total.failedDangers ? 'danger' : undefined} />
      </div>
      {failing.length > 0 && (
        <p>
          <strong>Gates failing:</strong> {failing.slice(0, LIST_LIMIT).map((g, i) => (
            <span key={g.serviceId}>
              {i > 0 && ', '}
              <ServiceLink id={g.serviceId} name={g.serviceName} />
            </span>
          ))}
          {failing.length > LIST_LIMIT ? ` and ${failing.length - LIST_LIMIT} more` : ''}
        </p>
      )}
      {d.offenders.length > 0 && (
        <Table caption="Worst offenders">
          <thead>
            <tr>
              <th>Workload</th>
              <th className="num">Score</th>
              <th className="num">Dangers</th>
            </tr>
          </thead>
          <tbody>
            {d.offenders.slice(0, LIST_LIMIT).map((o) => (
              <tr key={`${o.clusterName}/${o.namespace}/${o.kind}/${o.name}`}>
                <td>
                  <Link href={`/clusters/${encodeURIComponent(o.clusterName)}/workloads/${encodeURIComponent(o.namespace)}/${o.kind}/${encodeURIComponent(o.name)}`}>{o.name}</Link>
                  <div className="muted">
                    {o.kind} in {o.clusterName}/{o.namespace}
                  </div>
                </td>
                <td className="num overview-figure">{o.score}</td>
                <td className="num overview-figure">{o.failedDangers}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}

function Clusters({ now }: { now: Date }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.clusters.list.queryOptions(), refetchInterval: REFRESH_MS });
  const clusters: ClusterDto[] = (list.data ?? []).filter((c) => !c.disabled);
  const capacity = useQueries({ queries: clusters.map((c) => ({ ...trpc.capacity.overview.queryOptions({ clusterId: c.id }), refetchInterval: REFRESH_MS })) });
  const maintenance = useQueries({ queries: clusters.map((c) => ({ ...trpc.maintenance.get.queryOptions({ clusterId: c.id, pageSize: 10 }), refetchInterval: REFRESH_MS })) });
  if (list.isPending) return <Loading what="clusters" />;
  if (list.isError) return <Failed error={list.error} />;
  if (clusters.length === 0) return <Empty>No cluster is connected yet. Add one on the Clusters page (a kubeconfig or an in-cluster service account) to see sync state, capacity and version skew here.</Empty>;
  const synced = clusters.filter((c) => c.syncState === 'synced').length;
  const violations = maintenance.reduce((n, m) => n + ((m.data as MaintenanceDto | undefined)?.summary.skew.violation ?? 0), 0);
  return (
    <>
      <div className="overview-metrics">
        <Big value={`${synced}/${clusters.length}`} label="Clusters in sync" tone={synced === clusters.length ? 'success' : 'warning'} />
        <Big value={formatCount(clusters.reduce((n, c) => n + (c.objectCounts.Node ?? 0), 0))} label="Nodes" />
        <Big value={formatCount(clusters.reduce((n, c) => n + (c.objectCounts.Pod ?? 0), 0))} label="Pods" />
        <Big value={violations} label="Version-skew violations" tone={violations ? 'danger' : 'success'} />
      </div>
      <Table caption="Clusters">
        <thead>
          <tr>
            <th>Cluster</th>
            <th>Sync</th>
            <th className="num">Nodes / pods</th>
            <th className="num">Headroom CPU / mem</th>
            <th>Runs out</th>
          </tr>
        </thead>
        <tbody>
          {clusters.map((c, i) => {
            const cap = capacity[i]?.data as CapacityOverviewDto | undefined;
            const skew = (maintenance[i]?.data as MaintenanceDto | undefined)?.summary.skew;
            const runOut = runOutVerdict(cap);
            const cpu = headroomPercent(cap?.cluster ?? null, 'cpu');
            const mem = headroomPercent(cap?.cluster ?? null, 'memory');
            return (
              <tr key={c.id}>
                <td>
                  <Link href={`/clusters/${encodeURIComponent(c.name)}`}>{c.name}</Link>
                  {c.serverGitVersion && <div className="muted">{c.serverGitVersion}</div>}
                  {skew && skew.violation > 0 && (
                    <div>
                      <Badge tone="danger">
                        {skew.violation} node{skew.violation === 1 ? '' : 's'} skewed
                      </Badge>
                    </div>
                  )}
                </td>
                <td>
                  <SyncBadge state={c.syncState} />
                  <div className="muted">{c.lastSyncedAt ? `data ${formatAge((now.getTime() - new Date(c.lastSyncedAt).getTime()) / 1000)}` : 'no data yet'}</div>
                </td>
                <td className="num overview-figure">
                  {formatCount(c.objectCounts.Node ?? 0)} / {formatCount(c.objectCounts.Pod ?? 0)}
                </td>
                <td className="num overview-figure">{cap?.cluster ? `${cpu ?? '—'} % / ${mem ?? '—'} %` : '—'}</td>
                <td>
                  <RunOutText verdict={runOut} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </Table>
    </>
  );
}

export function OverviewBoard() {
  // One clock for the whole render; ages are coarse (minutes), so it need not tick.
  const now = new Date();
  return (
    <div className="overview-grid">
      <div className="overview-column">
        <Panel title="Incidents and alerts" href="/incidents" linkLabel="All incidents">
          <Response now={now} />
        </Panel>
        <Panel title="On call now" href="/oncall" linkLabel="Schedules">
          <OnCall />
        </Panel>
      </div>
      <div className="overview-column">
        <Panel title="Error budgets" href="/slos" linkLabel="All SLOs">
          <ErrorBudgets />
        </Panel>
        <Panel title="Production readiness" href="/readiness" linkLabel="Full report">
          <Readiness />
        </Panel>
      </div>
      <div className="overview-wide">
        <Panel title="Clusters" href="/clusters" linkLabel="All clusters">
          <Clusters now={now} />
        </Panel>
      </div>
    </div>
  );
}
