'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCpu, formatBytes, formatCount, formatResource } from '@/components/format/resources';
import { formatDateTime, formatDay } from '@/components/format/time';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Card, Metric } from '@/components/ui/Card';
import { EmptyState } from '@/components/ui/EmptyState';
import { Select, TextInput } from '@/components/ui/Field';
import { Table } from '@/components/ui/Table';
import type { CapacityRowDto, ResourceTrendDto, ResourcesDto } from '@/server/capacity/capacity.schema';
import { Pager } from './Pager';

// One horizontal bar: requested (solid), limits (outline marker), used (line) against allocatable = 100 %.
function Bars({ resource, row }: { resource: 'cpu' | 'memory'; row: { allocatable: ResourcesDto; requested: ResourcesDto; limits: ResourcesDto; used: ResourcesDto | null } }) {
  const alloc = row.allocatable[resource];
  const pct = (v: number) => (alloc > 0 ? Math.min(100, (v / alloc) * 100) : 0);
  const req = pct(row.requested[resource]);
  const lim = pct(row.limits[resource]);
  const used = row.used ? pct(row.used[resource]) : null;
  const text = `requested ${formatResource(resource, row.requested[resource])}, limits ${formatResource(resource, row.limits[resource])}, used ${row.used ? formatResource(resource, row.used[resource]) : 'unknown'} of ${formatResource(resource, alloc)} allocatable`;
  return (
    <div title={text} aria-label={text} role="img" style={{ position: 'relative', height: '0.9rem', minWidth: '8rem', background: 'var(--color-surface-2, #e5e7eb)', borderRadius: 4 }}>
      <div style={{ position: 'absolute', inset: 0, width: `${req}%`, background: req >= 90 ? 'var(--color-danger, #dc2626)' : 'var(--color-accent, #2563eb)', borderRadius: 4, opacity: 0.75 }} />
      {used !== null && <div style={{ position: 'absolute', top: -2, bottom: -2, left: `${used}%`, width: 3, background: 'var(--color-text, #111)' }} />}
      <div style={{ position: 'absolute', top: 0, bottom: 0, left: `${lim}%`, width: 0, borderLeft: '2px dashed var(--color-warning, #d97706)' }} />
    </div>
  );
}

function pctText(part: number, whole: number) {
  return whole > 0 ? `${Math.round((part / whole) * 100)} %` : '—';
}

function Trend({ trend }: { trend: ResourceTrendDto }) {
  const fmt = trend.resource === 'cpu' ? (v: number) => formatCpu(v) : (v: number) => formatBytes(v);
  const scale = trend.resource === 'cpu' ? 1000 : 1024 ** 3;
  const unit = trend.resource === 'cpu' ? 'cores' : 'GiB';
  const data = trend.points.map((p) => ({
    day: formatDay(p.day, { utc: true }),
    Allocatable: p.allocatable / scale,
    Requested: p.requested === null ? null : p.requested / scale,
    Used: p.used === null ? null : p.used / scale,
    'Requested (forecast)': p.forecastRequested === null ? null : p.forecastRequested / scale,
    'Used (forecast)': p.forecastUsed === null ? null : p.forecastUsed / scale,
  }));
  const tone = trend.firstRunOut.status === 'already' ? 'danger' : trend.firstRunOut.status === 'within' ? 'warning' : 'info';
  return (
    <Card title={`${trend.resource === 'cpu' ? 'CPU' : 'Memory'} trend and 6-month forecast`}>
      <Alert tone={tone}>{trend.summary}</Alert>
      <figure aria-label={`${trend.resource === 'cpu' ? 'CPU' : 'Memory'} capacity chart`} style={{ margin: 0, height: 280 }}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={data} margin={{ top: 10, right: 20, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="day" minTickGap={40} />
            <YAxis unit={` ${unit}`} width={90} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? fmt(v * scale) : String(v))} />
            <Legend />
            <Line type="stepAfter" dataKey="Allocatable" stroke="#6b7280" dot={false} isAnimationActive={false} />
            <Line type="monotone" dataKey="Requested" stroke="#2563eb" dot={data.length < 40} isAnimationActive={false} />
            <Line type="monotone" dataKey="Used" stroke="#16a34a" dot={data.length < 40} isAnimationActive={false} />
            <Line type="linear" dataKey="Requested (forecast)" stroke="#2563eb" strokeDasharray="6 4" dot={false} isAnimationActive={false} />
            <Line type="linear" dataKey="Used (forecast)" stroke="#16a34a" strokeDasharray="6 4" dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </Card>
  );
}

function Rows({ clusterId, scope }: { clusterId: string; scope: 'nodes' | 'namespaces' }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<'requestedCpu' | 'requestedMemory' | 'usedCpu' | 'usedMemory' | 'name'>('requestedCpu');
  const [page, setPage] = useState(1);
  const input = { clusterId, search: search || undefined, sort, page };
  const q = useQuery({ ...(scope === 'nodes' ? trpc.capacity.nodes.queryOptions(input) : trpc.capacity.namespaces.queryOptions(input)), placeholderData: keepPreviousData });
  const label = scope === 'nodes' ? 'Node' : 'Namespace';
  return (
    <Card title={`Capacity per ${label.toLowerCase()}`}>
      <div className="form-row" role="search" aria-label={`Filter ${scope}`}>
        <TextInput label={`Search ${scope}`} value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} />
        <Select label="Sort by" value={sort} onChange={(e) => { setSort(e.target.value as typeof sort); setPage(1); }}>
          <option value="requestedCpu">CPU requested</option>
          <option value="requestedMemory">Memory requested</option>
          <option value="usedCpu">CPU used</option>
          <option value="usedMemory">Memory used</option>
          <option value="name">Name</option>
        </Select>
      </div>
      {q.data && (
        <>
          <Table caption={`Capacity per ${label.toLowerCase()}`}>
            <thead>
              <tr>
                <th>{label}</th>
                <th className="num">Pods</th>
                <th className="num">CPU requested / limits / used</th>
                {scope === 'nodes' && <th>CPU</th>}
                <th className="num">Memory requested / limits / used</th>
                {scope === 'nodes' && <th>Memory</th>}
                <th className="num">{scope === 'nodes' ? 'Free to request' : 'Charged (OpenCost) per month'}</th>
              </tr>
            </thead>
            <tbody>
              {q.data.rows.map((r: CapacityRowDto) => (
                <tr key={r.key}>
                  <td className="mono">
                    {r.key}
                    {scope === 'nodes' && (
                      <div>
                        {r.zone && <span className="muted">{r.zone} </span>}
                        {r.ready === false && <Badge tone="danger">NotReady</Badge>}
                        {r.unschedulable && <Badge tone="warning">Cordoned</Badge>}
                      </div>
                    )}
                    {scope === 'namespaces' && r.unscheduled ? <div className="muted">{r.unscheduled} waiting for a node</div> : null}
                  </td>
                  <td className="num">
                    {formatCount(r.pods)}
                    {r.podsAllocatable ? ` / ${formatCount(r.podsAllocatable)}` : ''}
                  </td>
                  <td className="num nowrap">
                    {formatCpu(r.requested.cpu)} / {formatCpu(r.limits.cpu)} / {formatCpu(r.used?.cpu)}
                    {scope === 'nodes' && <div className="muted">{pctText(r.requested.cpu, r.allocatable.cpu)} of {formatCpu(r.allocatable.cpu)}</div>}
                  </td>
                  {scope === 'nodes' && (
                    <td>
                      <Bars resource="cpu" row={r} />
                    </td>
                  )}
                  <td className="num nowrap">
                    {formatBytes(r.requested.memory)} / {formatBytes(r.limits.memory)} / {formatBytes(r.used?.memory)}
                    {scope === 'nodes' && <div className="muted">{pctText(r.requested.memory, r.allocatable.memory)} of {formatBytes(r.allocatable.memory)}</div>}
                  </td>
                  {scope === 'nodes' && (
                    <td>
                      <Bars resource="memory" row={r} />
                    </td>
                  )}
                  <td className="num nowrap">
                    {scope === 'nodes'
                      ? `${formatCpu(Math.max(0, r.allocatable.cpu - r.requested.cpu))}, ${formatBytes(Math.max(0, r.allocatable.memory - r.requested.memory))}`
                      : r.monthlyCost !== null
                        ? `$${r.monthlyCost.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
                        : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
          <Pager page={page} pageSize={50} total={q.data.total} onPage={setPage} label={scope} />
        </>
      )}
    </Card>
  );
}

export function CapacityTab({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const overview = useQuery({ ...trpc.capacity.overview.queryOptions({ clusterId }), refetchInterval: 15_000 });
  if (overview.error) return <Alert tone="danger">{errorMessage(overview.error)}</Alert>;
  if (!overview.data) return <p className="muted">Loading capacity…</p>;
  const o = overview.data;
  if (!o.cluster) {
    return (
      <EmptyState title="No capacity snapshot yet">
        <p>The first snapshot is taken within a minute of the cluster's nodes and pods being synced, then refreshed every 15 minutes; one per day is kept for the trend.</p>
      </EmptyState>
    );
  }
  const c = o.cluster;
  return (
    <div className="stack">
      <p className="muted">
        As of {formatDateTime(o.takenAt)} · {o.snapshotDays} daily snapshot{o.snapshotDays === 1 ? '' : 's'} · requests counted as kube-capacity does (pods bound to a node, not Succeeded/Failed; max(sum of containers, largest init container) + overhead)
      </p>
      <div className="grid">
        <Card title="CPU">
          <Metric value={pctText(c.requested.cpu, c.allocatable.cpu)} label={`requested: ${formatCpu(c.requested.cpu)} of ${formatCpu(c.allocatable.cpu)} allocatable`} />
          <p>Limits {formatCpu(c.limits.cpu)} ({pctText(c.limits.cpu, c.allocatable.cpu)}) · used {c.used ? `${formatCpu(c.used.cpu)} (${pctText(c.used.cpu, c.allocatable.cpu)})` : 'unknown (no metrics)'}</p>
          <Bars resource="cpu" row={c} />
        </Card>
        <Card title="Memory">
          <Metric value={pctText(c.requested.memory, c.allocatable.memory)} label={`requested: ${formatBytes(c.requested.memory)} of ${formatBytes(c.allocatable.memory)} allocatable`} />
          <p>Limits {formatBytes(c.limits.memory)} ({pctText(c.limits.memory, c.allocatable.memory)}) · used {c.used ? `${formatBytes(c.used.memory)} (${pctText(c.used.memory, c.allocatable.memory)})` : 'unknown (no metrics)'}</p>
          <Bars resource="memory" row={c} />
        </Card>
        <Card title="Headroom">
          <Metric value={formatCpu(c.headroom.cpu)} label={`and ${formatBytes(c.headroom.memory)} free to request on ${formatCount(c.schedulableNodes)} of ${formatCount(c.nodes)} schedulable nodes`} />
          <p className="muted">Largest single node room: {formatCpu(c.largestFreeNode.cpu)}, {formatBytes(c.largestFreeNode.memory)}.</p>
          {c.pending.pods > 0 && (
            <Alert tone="warning">
              {formatCount(c.pending.pods)} pods wait for a node, requesting {formatCpu(c.pending.requested.cpu)} and {formatBytes(c.pending.requested.memory)}.
            </Alert>
          )}
        </Card>
        <Card title="Cost (OpenCost rule)">
          <Metric value={`$${c.monthlyCost.toLocaleString('en-US', { maximumFractionDigits: 0 })}`} label="per month: max(request, usage) per pod at OpenCost's default prices" />
        </Card>
      </div>
      {o.trends.map((t) => (
        <Trend key={t.resource} trend={t} />
      ))}
      <Card title={`Right-sizing hints (${formatCount(o.hintsTotal)})`}>
        <p className="muted">
          Rule: a workload whose pods' 95th-percentile usage is below 30 % of a request of at least 100m CPU or 128 MiB memory is oversized; the suggestion is that p95 plus a 30 % margin. Usage above the request is flagged as under-requested.
        </p>
        {o.hints.length === 0 ? (
          <p>No workload is far from its requests.</p>
        ) : (
          <Table caption="Right-sizing hints">
            <thead>
              <tr>
                <th>Workload</th>
                <th>Resource</th>
                <th className="num">Request per pod</th>
                <th className="num">p95 used</th>
                <th className="num">Suggested</th>
                <th className="num">Total change</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {o.hints.map((h) => (
                <tr key={`${h.namespace}/${h.workload}/${h.resource}`}>
                  <td className="mono">
                    {h.namespace}/{h.workload}
                  </td>
                  <td>
                    {h.resource === 'cpu' ? 'CPU' : 'Memory'} <Badge tone={h.kind === 'oversized' ? 'info' : 'warning'}>{h.kind === 'oversized' ? 'oversized' : 'under-requested'}</Badge>
                  </td>
                  <td className="num">{formatResource(h.resource, h.request)}</td>
                  <td className="num">{formatResource(h.resource, h.p95)}</td>
                  <td className="num">{formatResource(h.resource, h.suggested)}</td>
                  <td className="num">
                    {h.totalChange >= 0 ? '−' : '+'}
                    {formatResource(h.resource, Math.abs(h.totalChange))} over {h.pods} pods
                  </td>
                  <td>{h.reason}</td>
                </tr>
              ))}
            </tbody>
          </Table>
        )}
      </Card>
      <Rows clusterId={clusterId} scope="nodes" />
      <Rows clusterId={clusterId} scope="namespaces" />
    </div>
  );
}
