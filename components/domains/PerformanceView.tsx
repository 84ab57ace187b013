'use client';

import './domains.css';
import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatMs, formatPercent, type OpsRow } from '@/server/domains/ops-signals.compute';
import { PERFORMANCE_ALERTS, PERFORMANCE_THRESHOLDS } from '@/server/performance/performance.compute';
import { PERFORMANCE_SIGNAL_LABELS, PERFORMANCE_SIGNALS } from '@/server/performance/performance.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { Select } from '../ui/Field';
import { Table } from '../ui/Table';
import { OpsPrimary, OpsTable, StatusBadge } from './OpsParts';
import { TrendCard, type TrendDays } from './TrendCard';

// Performance tuning (docs/domains.md "Performance"): the slowest service's
// p99 big, the most saturated and the longest GC pause beside it, every
// signal worst first, every service's figures and the trend.

type Signal = 'all' | 'attention' | (typeof PERFORMANCE_SIGNALS)[number];
const ALERT_OF: Record<string, string> = { latency: PERFORMANCE_ALERTS.latency, saturation: PERFORMANCE_ALERTS.saturation, gc: PERFORMANCE_ALERTS.gc };

export function PerformanceView({ focus }: { focus?: string }) {
  const trpc = useTRPC();
  const [signal, setSignal] = useState<Signal>('all');
  const [days, setDays] = useState<TrendDays>(30);
  const q = useQuery({ ...trpc.performance.page.queryOptions({ signal, days, limit: 200 }), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  if (q.error) return <Alert tone="danger" title="Performance unavailable">{errorMessage(q.error)}</Alert>;
  const data = q.data;
  const runbookOf = (r: OpsRow) => data?.runbooks[ALERT_OF[r.signal] ?? ''] ?? null;
  const t = PERFORMANCE_THRESHOLDS;
  const failing = (data?.services ?? []).filter((s) => Object.keys(s.errors).length > 0);
  return (
    <>
      {data ? (
        <>
          {failing.length > 0 && (
            <Alert tone="warning" title={`Queries failed for ${failing.length} service${failing.length === 1 ? '' : 's'}`}>
              {failing.slice(0, 5).map((s) => (
                <div key={s.serviceId} className="break">
                  <strong>{s.name}</strong>: {Object.entries(s.errors).map(([k, e]) => `${k}: ${e}`).join('; ')}
                </div>
              ))}
            </Alert>
          )}
          <div className="domain-hero-3">
            <OpsPrimary title="Request p99: slowest service" row={data.headline.latency} empty="No latency series answered (golden signals)." runbook={data.runbooks[PERFORMANCE_ALERTS.latency] ?? null} note={`warning ≥ ${formatMs(t.latency.warning)}, critical ≥ ${formatMs(t.latency.critical)}`} />
            <OpsPrimary title="Saturation: most throttled service" row={data.headline.saturation} empty="No saturation series answered." runbook={data.runbooks[PERFORMANCE_ALERTS.saturation] ?? null} note={`warning ≥ ${formatPercent(t.saturation.warning)}, critical ≥ ${formatPercent(t.saturation.critical)}`} />
            <OpsPrimary title="GC pause: longest" row={data.headline.gc} empty="No service exports go_gc_duration_seconds." runbook={data.runbooks[PERFORMANCE_ALERTS.gc] ?? null} note={`warning ≥ ${formatMs(t.gc.warning)}, critical ≥ ${formatMs(t.gc.critical)}`} />
          </div>
        </>
      ) : (
        <p className="muted">Loading performance signals…</p>
      )}

      <Card title="Performance signals, worst first" flush>
        <div className="card-body domain-filters">
          <Select label="Signal" value={signal} onChange={(e) => setSignal(e.target.value as Signal)}>
            <option value="all">All ({data?.counts.total ?? 0})</option>
            <option value="attention">Needs attention ({(data?.counts.critical ?? 0) + (data?.counts.warning ?? 0)})</option>
            {PERFORMANCE_SIGNALS.map((s) => (
              <option key={s} value={s}>
                {PERFORMANCE_SIGNAL_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        {data && data.rows.length === 0 ? (
          <div className="card-body">
            <EmptyState title="Nothing measured">No golden-signal series answered; set the services&apos; golden-signal queries and data source.</EmptyState>
          </div>
        ) : (
          <OpsTable caption="Performance signals" rows={data?.rows ?? []} focus={focus} signalLabel={(r) => PERFORMANCE_SIGNAL_LABELS[r.signal as keyof typeof PERFORMANCE_SIGNAL_LABELS] ?? r.signal} runbookOf={runbookOf} />
        )}
      </Card>

      <div className="grid grid-wide">
        <Card title="Per service" flush>
          <Table caption="Performance per service" columns={['Service', 'p99', 'Saturation', 'GC pause', 'State']}>
            {(data?.services ?? []).map((s) => (
              <tr key={s.serviceId}>
                <td>
                  <Link href={`/services/${encodeURIComponent(s.slug)}`}>{s.name}</Link>
                  <div className="muted">{s.team}</div>
                </td>
                <td>{s.p99 === null ? '—' : formatMs(s.p99)}</td>
                <td>{s.saturation === null ? '—' : formatPercent(s.saturation)}</td>
                <td>{s.gcPause === null ? '—' : formatMs(s.gcPause)}</td>
                <td>{s.worst ? <StatusBadge status={s.worst} /> : <span className="muted">no data</span>}</td>
              </tr>
            ))}
          </Table>
        </Card>
        <TrendCard
          title="Performance over time"
          label="Performance over time"
          days={days}
          onDays={setDays}
          trend={data?.trend ?? []}
          series={[
            { key: 'worstP99Ms', name: 'Slowest p99 (ms)' },
            { key: 'worstGcMs', name: 'Longest GC pause (ms)' },
            { key: 'worstSaturationPct', name: 'Most saturated (%)' },
            { key: 'critical', name: 'Critical rows' },
          ]}
        />
      </div>
    </>
  );
}
