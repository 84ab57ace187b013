'use client';

import './domains.css';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatBytes, type OpsRow } from '@/server/domains/ops-signals.compute';
import { STORAGE_ALERTS, STORAGE_THRESHOLDS, formatDuration } from '@/server/storage/storage.compute';
import { STORAGE_SIGNAL_LABELS, STORAGE_SIGNALS } from '@/server/storage/storage.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { Select } from '../ui/Field';
import { Table } from '../ui/Table';
import { OpsPrimary, OpsTable, SourceErrors } from './OpsParts';
import { TrendCard, type TrendDays } from './TrendCard';

// Storage operations (docs/domains.md "Storage"): Pending claims and bind time
// big, the fullest volume and the busiest disk beside them, every signal worst
// first, the claims, the StorageClasses and the trend.

type Signal = 'all' | 'attention' | (typeof STORAGE_SIGNALS)[number];
const ALERT_OF: Record<string, string> = { pending: STORAGE_ALERTS.pending, fill: STORAGE_ALERTS.fill, iops: STORAGE_ALERTS.iops };
const pct = (r: number) => `${Math.round(r * 100)} %`;
const bytes = (b: number | null) => (b === null ? '—' : formatBytes(b));

export function StorageView({ focus }: { focus?: string }) {
  const trpc = useTRPC();
  const [signal, setSignal] = useState<Signal>('all');
  const [days, setDays] = useState<TrendDays>(30);
  const q = useQuery({ ...trpc.storage.page.queryOptions({ signal, days, limit: 200 }), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  if (q.error) return <Alert tone="danger" title="Storage operations unavailable">{errorMessage(q.error)}</Alert>;
  const data = q.data;
  const runbookOf = (r: OpsRow) => data?.runbooks[ALERT_OF[r.signal] ?? ''] ?? null;
  const t = STORAGE_THRESHOLDS;
  const h = data?.headline;
  return (
    <>
      {data && h ? (
        <>
          <SourceErrors sources={data.sources} />
          <div className="domain-hero-3">
            <div className={`domain-primary is-${h.oldestPending?.status ?? 'ok'}`} aria-label="Pending claims and bind time">
              <span className="muted">Pending PVCs</span>
              <span className="domain-primary-value">{h.pending}</span>
              <span className="domain-primary-what">{h.oldestPending ? `${h.oldestPending.subject}: ${h.oldestPending.display}` : 'Every claim is bound.'}</span>
              <span className="muted">
                Bind time {h.bind.medianSeconds === null ? 'not measured (no dynamically provisioned volumes)' : `median ${formatDuration(h.bind.medianSeconds)}, longest ${formatDuration(h.bind.maxSeconds!)} over ${h.bind.measured} claims`}
              </span>
              <span className="muted">
                Pending: warning ≥ {formatDuration(t.pending.warning)}, critical ≥ {formatDuration(t.pending.critical)}
              </span>
            </div>
            <OpsPrimary title="Fullest volume (used / capacity)" row={h.fullest} empty="No kubelet volume stats in Prometheus." runbook={data.runbooks[STORAGE_ALERTS.fill] ?? null} note={`warning ≥ ${pct(t.fill.warning)}, critical ≥ ${pct(t.fill.critical)}`} />
            <OpsPrimary title="IOPS saturation: busiest disk" row={h.iops} empty="No disk busy-time series (the CSI driver or node exporter does not export it)." runbook={data.runbooks[STORAGE_ALERTS.iops] ?? null} note={`warning ≥ ${pct(t.iops.warning)}, critical ≥ ${pct(t.iops.critical)}`} />
          </div>
        </>
      ) : (
        <p className="muted">Loading storage signals…</p>
      )}

      <Card title="Storage signals, worst first" flush>
        <div className="card-body domain-filters">
          <Select label="Signal" value={signal} onChange={(e) => setSignal(e.target.value as Signal)}>
            <option value="all">All ({data?.counts.total ?? 0})</option>
            <option value="attention">Needs attention ({(data?.counts.critical ?? 0) + (data?.counts.warning ?? 0)})</option>
            {STORAGE_SIGNALS.map((s) => (
              <option key={s} value={s}>
                {STORAGE_SIGNAL_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        {data && data.rows.length === 0 ? (
          <div className="card-body">
            <EmptyState title="Nothing measured">No Pending claims and no volume or disk series.</EmptyState>
          </div>
        ) : (
          <OpsTable caption="Storage signals" rows={data?.rows ?? []} focus={focus} signalLabel={(r) => STORAGE_SIGNAL_LABELS[r.signal as keyof typeof STORAGE_SIGNAL_LABELS] ?? r.signal} runbookOf={runbookOf} />
        )}
      </Card>

      <Card title="PersistentVolumeClaims" flush>
        <Table caption="PersistentVolumeClaims" columns={['Claim', 'Phase', 'Used / capacity (requested)', 'Bind time', 'Service']}>
          {(data?.claims ?? []).map((c) => (
            <tr key={c.id}>
              <td className="ops-what">
                <strong className="break">
                  {c.namespace}/{c.name}
                </strong>
                <div className="muted">
                  {c.storageClass ?? 'no StorageClass'}
                  {c.bindingMode ? ` · ${c.bindingMode}` : ''} · {c.cluster}
                </div>
              </td>
              <td>{c.phase === 'Bound' ? <Badge tone="success">Bound</Badge> : <Badge tone={c.phase === 'Pending' ? 'warning' : 'danger'}>{c.phase}</Badge>}</td>
              <td>
                {bytes(c.usedBytes)} / {bytes(c.capacityBytes)}
                {c.usedBytes !== null && c.capacityBytes ? ` (${pct(c.usedBytes / c.capacityBytes)})` : ''}
                <div className="muted">requested {bytes(c.requestedBytes)}</div>
              </td>
              <td>{c.bindSeconds !== null ? formatDuration(c.bindSeconds) : c.pendingSeconds !== null ? `Pending ${formatDuration(c.pendingSeconds)}` : '—'}</td>
              <td>{c.service ? <Link href={`/services/${encodeURIComponent(c.service.slug)}`}>{c.service.name}</Link> : <span className="muted">{c.team ?? '—'}</span>}</td>
            </tr>
          ))}
        </Table>
      </Card>

      <div className="grid grid-wide">
        <TrendCard
          title="Storage over time"
          label="Storage signals over time"
          days={days}
          onDays={setDays}
          trend={data?.trend ?? []}
          series={[
            { key: 'pending', name: 'Pending PVCs' },
            { key: 'fullestPct', name: 'Fullest volume (%)' },
            { key: 'iopsMaxPct', name: 'Busiest disk (%)' },
            { key: 'critical', name: 'Critical rows' },
          ]}
        />
        <Card title="StorageClasses" flush>
          {data && data.classes.length === 0 ? (
            <p className="card-body muted">No StorageClasses in the inventory.</p>
          ) : (
            <Table caption="StorageClasses" columns={['StorageClass', 'Reclaim', 'Binding', 'Claims']}>
              {(data?.classes ?? []).map((c) => (
                <tr key={`${c.clusterId}/${c.name}`}>
                  <td className="break">
                    <strong>{c.name}</strong> {c.isDefault && <Badge tone="info">default</Badge>}
                    <div className="muted">
                      {c.provisioner ?? '—'} · {c.cluster}
                      {c.allowVolumeExpansion ? ' · expandable' : ''}
                    </div>
                  </td>
                  <td>{c.reclaimPolicy === 'Retain' ? <Badge tone="info">Retain</Badge> : (c.reclaimPolicy ?? 'Delete')}</td>
                  <td>{c.volumeBindingMode ?? 'Immediate'}</td>
                  <td>
                    {c.claims}
                    {c.pending > 0 && <div className="muted">{c.pending} Pending</div>}
                  </td>
                </tr>
              ))}
            </Table>
          )}
        </Card>
      </div>
    </>
  );
}
