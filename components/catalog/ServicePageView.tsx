'use client';

import Link from 'next/link';
import { DoraPanel } from '../changes/DoraPanel';
import './catalog.css';
import type { ReactNode } from 'react';
import { When } from '@/components/format/When';
import { SeverityBadge, StateBadge } from '@/components/incidents/IncidentBadges';
import { ScoreBadge, workloadHref } from '@/components/readiness/ScoreBadge';
import { BandBadge, BudgetBar, formatBurn, formatSli } from '@/components/slo/bits';
import { Badge } from '@/components/ui/Badge';
import { Card } from '@/components/ui/Card';
import { Table } from '@/components/ui/Table';
import { TierBadge } from '@/components/catalog/TierBadge';
import { TIER_LABELS } from '@/server/catalog/catalog.schema';
import type { ServicePageDto, ServicePageIncident } from '@/server/catalog/service-page.schema';

// The page an SRE lead opens first about one service: is it healthy (budget,
// readiness), who answers for it now, what is burning or broken, and where the
// runbooks and past lessons are. Every block links to its own page for detail.

function None({ children }: { children: ReactNode }) {
  return <p className="muted" style={{ margin: 0 }}>{children}</p>;
}

function Summary({ page }: { page: ServicePageDto }) {
  const { service, budget, readiness, incidents, oncall } = page;
  const primary = oncall[0];
  return (
    <div className="service-summary">
      <div className="metric">
        <span className="metric-label">Error budget</span>
        <span>{budget.worst ? <BandBadge band={budget.worst} /> : <span className="muted">no SLO yet</span>}</span>
      </div>
      <div className="metric">
        <span className="metric-label">Readiness</span>
        <span>{readiness.score === null ? <span className="muted">no workloads mapped</span> : <ScoreBadge score={readiness.score} />}</span>
      </div>
      <div className="metric">
        <span className="metric-label">Open incidents</span>
        <span className={incidents.open.length ? 'text-danger' : undefined}>{incidents.open.length}</span>
      </div>
      <div className="metric">
        <span className="metric-label">On call now</span>
        <span>{primary ? (primary.person ?? <span className="text-danger">nobody</span>) : <span className="muted">no schedule</span>}</span>
      </div>
      <div className="metric">
        <span className="metric-label">Owner</span>
        <span>
          <Link href="/settings/teams">{service.teamName}</Link>
        </span>
      </div>
      <div className="metric">
        <span className="metric-label">Tier</span>
        <span title={TIER_LABELS[service.tier]}>
          <TierBadge tier={service.tier} />
        </span>
      </div>
    </div>
  );
}

function Slos({ page }: { page: ServicePageDto }) {
  return (
    <Card title="SLOs and error budget" flush actions={<Link href={`/slos/services/${page.service.id}`} className="btn btn-sm">Golden signals</Link>}>
      {page.slos.length === 0 ? (
        <div className="card-body">
          <None>
            No SLO yet. <Link href="/slos">Define one</Link> so the team knows how much unreliability it can spend.
          </None>
        </div>
      ) : (
        <Table caption={`SLOs of ${page.service.name}`} columns={['SLO', 'Objective', 'SLI', 'Budget left', 'Burn 1 h', 'Band']}>
          {page.slos.map((s) => (
            <tr key={s.id}>
              <td>
                <Link href={`/slos/${s.id}`}>{s.name}</Link>
              </td>
              <td className="nowrap">
                {s.objective} % <span className="muted">/ {s.windowLabel}</span>
              </td>
              <td className="nowrap">{formatSli(s.sli)}</td>
              <td>
                <BudgetBar percent={s.remainingPercent} noData={s.band === 'no-data'} />
              </td>
              <td className="num">{formatBurn(s.burnRate1h)}</td>
              <td>
                <BandBadge band={s.band} />
              </td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

function Readiness({ page }: { page: ServicePageDto }) {
  const { gate, workloads } = page.readiness;
  const gateTone = gate.status === 'pass' ? 'success' : gate.status === 'fail' ? 'danger' : 'neutral';
  return (
    <Card
      title="Readiness"
      flush
      actions={
        <Badge tone={gateTone}>
          Launch gate: {gate.status === 'unknown' ? 'not evaluated' : gate.status}
        </Badge>
      }
    >
      {workloads.length === 0 ? (
        <div className="card-body">
          <None>
            No workload is mapped to this service. Label its Deployments with the service key (see <Link href="/readiness">Readiness</Link>) so their checks count here.
          </None>
        </div>
      ) : (
        <Table caption={`Workloads of ${page.service.name}`} columns={['Workload', 'Cluster', 'Score', { label: 'Dangers', className: 'num' }, { label: 'Warnings', className: 'num' }]}>
          {workloads.map((w) => (
            <tr key={`${w.clusterId}/${w.kind}/${w.namespace}/${w.name}`}>
              <td className="break">
                <Link href={workloadHref(w)}>
                  {w.namespace}/{w.name}
                </Link>{' '}
                <span className="muted">{w.kind}</span>
              </td>
              <td>
                <Link href={`/clusters/${encodeURIComponent(w.clusterName)}`}>{w.clusterName}</Link>
              </td>
              <td>
                <ScoreBadge score={w.score} />
              </td>
              <td className={`num${w.failedDangers ? ' text-danger' : ''}`}>{w.failedDangers}</td>
              <td className="num">{w.failedWarnings}</td>
            </tr>
          ))}
        </Table>
      )}
    </Card>
  );
}

function IncidentRows({ items }: { items: ServicePageIncident[] }) {
  return (
    <ul className="plain-list">
      {items.map((i) => (
        <li key={i.id} className="row">
          <SeverityBadge severity={i.severity} />
          <Link href={`/incidents/${i.id}`}>
            #{i.number} {i.title}
          </Link>
          <StateBadge state={i.state}>{i.stateLabel}</StateBadge>
          <When at={i.startedAt} className="muted" />
        </li>
      ))}
    </ul>
  );
}

function Incidents({ page }: { page: ServicePageDto }) {
  const { open, recent } = page.incidents;
  return (
    <Card title="Incidents" actions={<Link href="/incidents" className="btn btn-sm">All incidents</Link>}>
      <div className="stack">
        <h3 className="card-subtitle">Open</h3>
        {open.length ? <IncidentRows items={open} /> : <None>None open.</None>}
        <h3 className="card-subtitle">Last 30 days</h3>
        {recent.length ? <IncidentRows items={recent} /> : <None>No incident in the last 30 days.</None>}
      </div>
    </Card>
  );
}

function OnCall({ page }: { page: ServicePageDto }) {
  return (
    <Card title="On call" actions={<Link href={`/oncall?team=${encodeURIComponent(page.service.teamId)}`} className="btn btn-sm">Schedule</Link>}>
      {page.oncall.length === 0 ? (
        <None>{page.service.teamName} has no on-call schedule, so its pages reach nobody. Add one on the On-call page.</None>
      ) : (
        <ul className="plain-list">
          {page.oncall.map((o) => (
            <li key={o.scheduleId}>
              <strong>{o.person ?? <span className="text-danger">nobody (gap)</span>}</strong> <span className="muted">{o.schedule}</span>
              {o.nextAt !== null && (
                <div className="muted">
                  then {o.nextPerson ?? 'nobody'} <When at={o.nextAt} />
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Alerts({ page }: { page: ServicePageDto }) {
  return (
    <Card title="Recent alerts" actions={<Link href="/quality" className="btn btn-sm">Alert quality</Link>}>
      {page.alerts.length === 0 ? (
        <None>No alert has reached Runwell for this service.</None>
      ) : (
        <ul className="plain-list">
          {page.alerts.map((a) => (
            <li key={a.id} className="row">
              <Badge tone={a.status === 'firing' ? 'danger' : 'neutral'}>{a.status}</Badge>
              <span className="mono break">{a.alertname}</span>
              {a.priority && <Badge>{a.priority}</Badge>}
              {a.flapping && <Badge tone="warning">flapping</Badge>}
              {a.incidentId && <Link href={`/incidents/${a.incidentId}`}>incident</Link>}
              <When at={a.startsAt} className="muted" />
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Postmortems({ page }: { page: ServicePageDto }) {
  if (page.postmortems === null) return null;
  return (
    <Card title="Post-mortems" actions={<Link href="/postmortems" className="btn btn-sm">All</Link>}>
      {page.postmortems.length === 0 ? (
        <None>No post-mortem yet.</None>
      ) : (
        <ul className="plain-list">
          {page.postmortems.map((p) => (
            <li key={p.id} className="row">
              <Link href={`/incidents/${p.incidentId}/postmortem`}>{p.title.startsWith('#') ? p.title : `#${p.incidentNumber} ${p.title}`}</Link>
              <Badge tone={p.overdue ? 'danger' : 'neutral'}>{p.overdue ? 'overdue' : p.stateLabel}</Badge>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function Runbooks({ page }: { page: ServicePageDto }) {
  const linked = page.service.links;
  return (
    <Card title="Runbooks and links" actions={<Link href="/runbooks" className="btn btn-sm">All runbooks</Link>}>
      <div className="stack">
        {page.runbooks.length === 0 ? (
          <None>No runbook for this team or its alerts yet. Responders at 3 a.m. need one: write it on the Runbooks page.</None>
        ) : (
          <ul className="plain-list">
            {page.runbooksOfTeam && <li className="muted">None is linked to this service&apos;s alerts; {page.service.teamName}&apos;s runbooks:</li>}
            {page.runbooks.map((r) => (
              <li key={r.id} className="row">
                <Link href={`/runbooks/${r.id}`} className="break">
                  {r.title}
                </Link>
                {r.alertName && r.alertName !== r.title && <span className="mono muted break">{r.alertName}</span>}
                {!r.complete && <Badge tone="warning">incomplete</Badge>}
              </li>
            ))}
          </ul>
        )}
        {linked.length > 0 && (
          <ul className="plain-list">
            {linked.map((l, i) => (
              <li key={i} className="break">
                <a href={l.url} target="_blank" rel="noopener noreferrer" title={l.url}>
                  {l.label}
                </a>
              </li>
            ))}
          </ul>
        )}
      </div>
    </Card>
  );
}

export function ServicePageView({ page }: { page: ServicePageDto }) {
  return (
    <>
      <Summary page={page} />
      <Slos page={page} />
      <div className="service-grid">
        <Incidents page={page} />
        <OnCall page={page} />
        <Alerts page={page} />
        <Runbooks page={page} />
        <Postmortems page={page} />
      </div>
      <DoraPanel service={page.service.id} actions={<Link href={`/changes?service=${encodeURIComponent(page.service.slug)}`} className="btn btn-sm">Changes</Link>} />
      <Readiness page={page} />
    </>
  );
}
