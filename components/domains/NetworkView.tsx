'use client';

import './domains.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { NETWORK_ALERTS, NETWORK_THRESHOLDS } from '@/server/network/network.compute';
import { NETWORK_SIGNAL_LABELS, NETWORK_SIGNALS } from '@/server/network/network.schema';
import type { OpsRow } from '@/server/domains/ops-signals.compute';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { Select } from '../ui/Field';
import { OpsPrimary, OpsTable, SourceErrors } from './OpsParts';
import { TrendCard, type TrendDays } from './TrendCard';

// Network operations (docs/domains.md "Network"): the slowest CoreDNS pod big,
// the worst Ingress and node beside it, every measured row worst first, the
// trend over 30/90 days.

type Signal = 'all' | 'attention' | (typeof NETWORK_SIGNALS)[number];
const ALERT_OF: Record<string, string> = { dns: NETWORK_ALERTS.dns, ingress: NETWORK_ALERTS.ingress, drops: NETWORK_ALERTS.drops };
const ms = (s: number) => `${Math.round(s * 1000)} ms`;

export function NetworkView({ focus }: { focus?: string }) {
  const trpc = useTRPC();
  const [signal, setSignal] = useState<Signal>('all');
  const [days, setDays] = useState<TrendDays>(30);
  const q = useQuery({ ...trpc.network.page.queryOptions({ signal, days, limit: 200 }), placeholderData: keepPreviousData, refetchInterval: 60_000 });
  if (q.error) return <Alert tone="danger" title="Network operations unavailable">{errorMessage(q.error)}</Alert>;
  const data = q.data;
  const runbookOf = (r: OpsRow) => data?.runbooks[ALERT_OF[r.signal] ?? ''] ?? null;
  const t = NETWORK_THRESHOLDS;
  return (
    <>
      {data ? (
        <>
          <SourceErrors sources={data.sources} />
          <div className="domain-hero-3">
            <OpsPrimary title="DNS latency: slowest CoreDNS pod (p99)" row={data.headline.dns} empty="No CoreDNS request-duration series." runbook={data.runbooks[NETWORK_ALERTS.dns] ?? null} note={`warning ≥ ${ms(t.dnsP99.warning)}, critical ≥ ${ms(t.dnsP99.critical)}`} />
            <OpsPrimary title="Connection errors: worst Ingress (5xx share)" row={data.headline.ingress} empty="No ingress-nginx request series." runbook={data.runbooks[NETWORK_ALERTS.ingress] ?? null} note={`warning ≥ ${t.ingress5xx.warning * 100} %, critical ≥ ${t.ingress5xx.critical * 100} %`} />
            <OpsPrimary title="Drop rate: worst node (CNI drops)" row={data.headline.drops} empty="No Hubble drop series (Cilium not exporting, or another CNI)." runbook={data.runbooks[NETWORK_ALERTS.drops] ?? null} note={`warning ≥ ${t.drops.warning}/s, critical ≥ ${t.drops.critical}/s`} />
          </div>
        </>
      ) : (
        <p className="muted">Loading network signals…</p>
      )}

      <Card title="Network signals, worst first" flush>
        <div className="card-body domain-filters">
          <Select label="Signal" value={signal} onChange={(e) => setSignal(e.target.value as Signal)}>
            <option value="all">All ({data?.counts.total ?? 0})</option>
            <option value="attention">Needs attention ({(data?.counts.critical ?? 0) + (data?.counts.warning ?? 0)})</option>
            {NETWORK_SIGNALS.map((s) => (
              <option key={s} value={s}>
                {NETWORK_SIGNAL_LABELS[s]}
              </option>
            ))}
          </Select>
        </div>
        {data && data.rows.length === 0 ? (
          <div className="card-body">
            <EmptyState title="Nothing measured">No series match; check the data sources and their PromQL templates.</EmptyState>
          </div>
        ) : (
          <OpsTable caption="Network signals" rows={data?.rows ?? []} focus={focus} signalLabel={(r) => NETWORK_SIGNAL_LABELS[r.signal as keyof typeof NETWORK_SIGNAL_LABELS] ?? r.signal} runbookOf={runbookOf} />
        )}
        {data && data.matching > data.rows.length && <p className="card-body muted">Showing the worst {data.rows.length} of {data.matching}.</p>}
      </Card>

      <TrendCard
        title="Network over time"
        label="Network signals over time"
        days={days}
        onDays={setDays}
        trend={data?.trend ?? []}
        series={[
          { key: 'dnsP99Ms', name: 'Worst DNS p99 (ms)' },
          { key: 'ingress5xxPct', name: 'Worst ingress 5xx (%)' },
          { key: 'dropsPerSecond', name: 'Drops per second' },
          { key: 'critical', name: 'Critical rows' },
        ]}
      />
    </>
  );
}
