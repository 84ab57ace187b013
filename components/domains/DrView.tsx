'use client';

import './domains.css';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { DR_ALERTS, formatAge } from '@/server/dr/dr.compute';
import { BACKUP_STATE_LABELS, type BackupState, type DrillState, type DrPageDto, type NamespaceBackupRow, type ServiceDrRow } from '@/server/dr/dr.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Dialog } from '../ui/Dialog';
import { Select } from '../ui/Field';
import { Table } from '../ui/Table';
import { DrillForm } from './DrillForm';
import { TargetsForm } from './TargetsForm';
import { TrendCard, type TrendDays } from './TrendCard';

// Disaster recovery (docs/domains.md): the oldest backup against its schedule
// big, namespaces worst first, services against RTO/RPO with their drill
// cadence, the drills recorded, the trend.

const STATE_TONE: Record<BackupState, Tone> = { failed: 'danger', never: 'danger', stale: 'warning', paused: 'warning', 'no-schedule': 'neutral', ok: 'success' };
const DRILL: Record<DrillState, { tone: Tone; label: string }> = {
  overdue: { tone: 'danger', label: 'Drill overdue' },
  never: { tone: 'warning', label: 'Never drilled' },
  'due-soon': { tone: 'warning', label: 'Drill due soon' },
  ok: { tone: 'success', label: 'Drilled' },
};

function minutes(m: number | null): string {
  if (m === null) return '—';
  if (m < 120) return `${m} min`;
  if (m < 48 * 60) return `${Math.round((m / 60) * 10) / 10} h`;
  return `${Math.round(m / 1440)} days`;
}

function Primary({ data }: { data: DrPageDto }) {
  const worst = data.namespaces.find((n) => n.state !== 'no-schedule' && n.state !== 'ok') ?? data.namespaces.filter((n) => n.ageMs !== null).sort((a, b) => (b.ageMs ?? 0) - (a.ageMs ?? 0))[0];
  if (!worst) {
    return (
      <div className="domain-primary is-warning">
        <span className="muted">Oldest backup</span>
        <span className="domain-primary-value">—</span>
        <span>{data.counts.namespaces ? 'No namespace is covered by a Velero schedule.' : 'No namespaces in the inventory yet: register a cluster.'}</span>
      </div>
    );
  }
  const t = worst.state === 'failed' || worst.state === 'never' ? 'critical' : worst.state === 'ok' ? 'ok' : 'warning';
  const rb = data.runbooks[worst.state === 'failed' ? DR_ALERTS.failed : DR_ALERTS.stale];
  return (
    <div className={`domain-primary is-${t}`} aria-label="Worst backup">
      <span className="muted">{worst.state === 'ok' ? 'Oldest backup (all on schedule)' : `Worst backup: ${BACKUP_STATE_LABELS[worst.state].toLowerCase()}`}</span>
      <span className="domain-primary-value">{worst.ageMs === null ? 'never' : `${formatAge(worst.ageMs)} old`}</span>
      <span className="domain-primary-what">
        {worst.namespace} <span className="muted">on {worst.cluster}</span>
      </span>
      <span className="muted break">
        {worst.cron ? `Schedule ${worst.cron} (${worst.schedules[0]}); stale after ${formatAge(worst.staleAfterMs)}` : 'No schedule'}
        {worst.lastAttempt && worst.state === 'failed' ? ` · last attempt ${worst.lastAttempt.phase}: ${worst.lastAttempt.reason ?? `${worst.lastAttempt.errors} errors`}` : ''}
      </span>
      <span className="domain-links">
        <Link href={`/clusters/${encodeURIComponent(worst.cluster)}`}>Cluster {worst.cluster}</Link>
        {worst.services.map((s) => (
          <Link key={s.slug} href={`/services/${encodeURIComponent(s.slug)}`}>
            Service {s.name}
          </Link>
        ))}
        {rb && <Link href={`/runbooks/${rb.id}`}>Runbook</Link>}
      </span>
    </div>
  );
}

function NamespaceRow({ n }: { n: NamespaceBackupRow }) {
  return (
    <tr data-namespace={n.namespace}>
      <td>
        <span className={`domain-days ${n.state === 'failed' || n.state === 'never' ? 'is-critical' : n.state === 'stale' ? 'is-warning' : ''}`}>{n.ageMs === null ? (n.state === 'no-schedule' ? '—' : 'never') : formatAge(n.ageMs)}</span>
        {n.staleAfterMs !== null && <div className="muted nowrap">stale after {formatAge(n.staleAfterMs)}</div>}
      </td>
      <td>
        <strong>{n.namespace}</strong>
        <div className="muted">{n.cluster}</div>
      </td>
      <td>
        <Badge tone={STATE_TONE[n.state]}>{BACKUP_STATE_LABELS[n.state]}</Badge>
        {n.lastAttempt && n.lastAttempt.phase !== 'Completed' && <div className="muted break">{n.lastAttempt.reason ?? `${n.lastAttempt.phase}, ${n.lastAttempt.errors} errors`}</div>}
      </td>
      <td className="break">{n.cron ? `${n.cron} · ${n.schedules.join(', ')}` : <span className="muted">none</span>}</td>
      <td>{n.failures7d || <span className="muted">0</span>}</td>
      <td className="break">{n.services.length ? n.services.map((s) => s.name).join(', ') : (n.team ?? <span className="muted">—</span>)}</td>
    </tr>
  );
}

function ServiceRow({ s, canSetTargets, onTargets, canDrill, onDrill }: { s: ServiceDrRow; canSetTargets: boolean; onTargets: () => void; canDrill: boolean; onDrill: () => void }) {
  const d = s.lastDrill;
  return (
    <tr data-service={s.service.slug}>
      <td>
        <Link href={`/services/${encodeURIComponent(s.service.slug)}`}>{s.service.name}</Link>
        <div className="muted">
          {s.service.team} · {s.service.tier.replace('tier', 'tier ')}
        </div>
      </td>
      <td className="nowrap">
        RTO {minutes(s.rtoMinutes)}
        <div>RPO {minutes(s.rpoMinutes)}</div>
      </td>
      <td>
        {s.backupState ? <Badge tone={STATE_TONE[s.backupState]}>{BACKUP_STATE_LABELS[s.backupState]}</Badge> : <span className="muted">no namespace found</span>}
        {s.backupAgeMs !== null && <div className={s.rpoAtRisk ? 'domain-days is-critical' : 'muted'}>{formatAge(s.backupAgeMs)} old{s.rpoAtRisk ? ', beyond RPO' : ''}</div>}
      </td>
      <td>
        {d ? (
          <>
            {d.success ? <Badge tone={d.meetsRto === false || d.meetsRpo === false ? 'warning' : 'success'}>{d.restoreMinutes} min</Badge> : <Badge tone="danger">Failed</Badge>}
            <div className="muted">
              {d.startedAt.slice(0, 10)}
              {d.meetsRto === false ? ' · misses RTO' : ''}
              {d.meetsRpo === false ? ' · misses RPO' : ''}
            </div>
          </>
        ) : (
          <span className="muted">none</span>
        )}
      </td>
      <td>
        <Badge tone={DRILL[s.drillState].tone}>{DRILL[s.drillState].label}</Badge>
        {s.drillDueAt && <div className="muted nowrap">due {s.drillDueAt.slice(0, 10)}</div>}
      </td>
      <td className="nowrap">
        {canDrill && (
          <Button size="sm" onClick={onDrill}>
            Record drill
          </Button>
        )}{' '}
        {canSetTargets && (
          <Button size="sm" variant="ghost" onClick={onTargets} aria-label={`Set RTO and RPO of ${s.service.name}`}>
            Targets
          </Button>
        )}
      </td>
    </tr>
  );
}

export function DrView({ canDrill, canSetTargets, serviceId }: { canDrill: boolean; canSetTargets: boolean; serviceId?: string }) {
  const trpc = useTRPC();
  const [clusterId, setClusterId] = useState('');
  const [days, setDays] = useState<TrendDays>(30);
  const [drillFor, setDrillFor] = useState<string | null>(null);
  const [targetsFor, setTargetsFor] = useState<ServiceDrRow | null>(null);
  const [showAll, setShowAll] = useState(false);
  const clusters = useQuery(trpc.clusters.list.queryOptions());
  const q = useQuery({ ...trpc.dr.page.queryOptions({ clusterId: clusterId || undefined, serviceId, days }), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  if (q.error) return <Alert tone="danger" title="Disaster recovery unavailable">{errorMessage(q.error)}</Alert>;
  const data = q.data;
  if (!data) return <p className="muted">Loading backups and drills…</p>;
  const c = data.counts;
  const attention = data.namespaces.filter((n) => n.state !== 'ok');
  const shown = showAll ? data.namespaces : attention.length ? attention : data.namespaces;
  const clusterList = (clusters.data ?? []).map((x) => ({ id: x.id, name: x.name }));
  return (
    <>
      <div className="domain-hero">
        <Primary data={data} />
        <div className="domain-counts" aria-label="Namespaces by backup state">
          {([
            ['failed', 'Last backup failed', 'critical'],
            ['never', 'Never backed up', 'critical'],
            ['stale', 'Stale', 'warning'],
            ['no-schedule', 'No schedule', 'warning'],
            ['ok', 'Fresh', ''],
          ] as const).map(([k, label, tone]) => (
            <div key={k} className={`domain-count ${c[k] > 0 ? `is-${tone}` : ''}`}>
              <span className="domain-count-value">{c[k]}</span>
              <span className="muted">{label}</span>
            </div>
          ))}
          <div className={`domain-count ${c.drillsOverdue ? 'is-warning' : ''}`}>
            <span className="domain-count-value">{c.drillsOverdue}</span>
            <span className="muted">Drills due</span>
          </div>
          <div className={`domain-count ${c.rpoAtRisk ? 'is-critical' : ''}`}>
            <span className="domain-count-value">{c.rpoAtRisk}</span>
            <span className="muted">Beyond RPO</span>
          </div>
        </div>
      </div>

      <Card
        title="Backups per namespace, worst first"
        flush
        actions={
          <Button size="sm" variant="ghost" onClick={() => setShowAll((x) => !x)}>
            {showAll ? 'Only those needing attention' : `All ${data.namespaces.length} namespaces`}
          </Button>
        }
      >
        <div className="card-body domain-filters">
          <Select label="Cluster" value={clusterId} onChange={(e) => setClusterId(e.target.value)}>
            <option value="">All clusters</option>
            {clusterList.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </Select>
        </div>
        <Table caption="Backups per namespace" columns={['Newest backup', 'Namespace', 'State', 'Schedule', 'Failures (7 d)', 'Services']}>
          {shown.map((n) => (
            <NamespaceRow key={n.id} n={n} />
          ))}
        </Table>
      </Card>

      <Card title="Services: recovery targets and drills" flush>
        <Table caption="Services: recovery targets and drills" columns={['Service', 'Targets', 'Backups', 'Last drill', 'Cadence', { label: 'Actions', className: 'actions' }]}>
          {data.services.map((s) => (
            <ServiceRow key={s.service.id} s={s} canDrill={canDrill} canSetTargets={canSetTargets} onDrill={() => setDrillFor(s.service.id)} onTargets={() => setTargetsFor(s)} />
          ))}
        </Table>
      </Card>

      <div className="grid grid-wide">
        <TrendCard
          title="Backups over time"
          label="Backup problems over time"
          days={days}
          onDays={setDays}
          trend={data.trend}
          series={[
            { key: 'failed', name: 'Failed' },
            { key: 'stale', name: 'Stale' },
            { key: 'noSchedule', name: 'No schedule' },
            { key: 'drillsOverdue', name: 'Drills due' },
          ]}
        />
        <Card title="Drills recorded" flush>
          {data.drills.length === 0 ? (
            <p className="card-body muted">No drills recorded yet. Restore a backup into a scratch namespace, time it, and record it here.</p>
          ) : (
            <Table caption="Drills recorded" columns={['Service', 'Restore', 'Time vs RTO', 'Loss vs RPO']}>
              {data.drills.map((d) => (
                <tr key={d.id}>
                  <td>
                    {d.service.name}
                    <div className="muted">{d.startedAt.slice(0, 16).replace('T', ' ')}</div>
                  </td>
                  <td className="break">
                    {d.restoreName}
                    <div>{d.success ? <Badge tone="success">Succeeded</Badge> : <Badge tone="danger">Failed</Badge>}</div>
                  </td>
                  <td className="nowrap">
                    {d.restoreMinutes} min / {minutes(d.rtoMinutes)} {d.meetsRto === false && <Badge tone="danger">missed</Badge>}
                  </td>
                  <td className="nowrap">
                    {minutes(d.dataLossMinutes)} / {minutes(d.rpoMinutes)} {d.meetsRpo === false && <Badge tone="danger">missed</Badge>}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>

      <Dialog open={drillFor !== null} onClose={() => setDrillFor(null)} title="Record a DR drill">
        {drillFor !== null && <DrillForm data={data} clusters={clusterList} serviceId={drillFor} onDone={() => setDrillFor(null)} />}
      </Dialog>
      <Dialog open={targetsFor !== null} onClose={() => setTargetsFor(null)} title={targetsFor ? `Recovery targets: ${targetsFor.service.name}` : 'Recovery targets'}>
        {targetsFor && <TargetsForm row={targetsFor} onDone={() => setTargetsFor(null)} />}
      </Dialog>
    </>
  );
}
