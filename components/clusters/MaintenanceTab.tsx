'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { formatCount } from '@/components/format/resources';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Card, Metric } from '@/components/ui/Card';
import { Select, TextInput } from '@/components/ui/Field';
import { Table } from '@/components/ui/Table';
import { Pager } from './Pager';
import './clusters.css';

const SKEW_TONE: Record<string, Tone> = { ok: 'success', warning: 'warning', violation: 'danger', unknown: 'neutral' };
const SKEW_LABEL: Record<string, string> = { ok: 'Within policy', warning: 'At the limit', violation: 'Out of policy', unknown: 'Unknown' };

function Groups({ title, groups }: { title: string; groups: { value: string; nodes: number; examples: string[] }[] }) {
  return (
    <Card title={title}>
      <Table caption={title}>
        <thead>
          <tr>
            <th>{title}</th>
            <th className="num">Nodes</th>
            <th>For example</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.value}>
              <td className="ident">{g.value}</td>
              <td className="num">{formatCount(g.nodes)}</td>
              <td className="muted">
                {g.examples.map((e) => (
                  <div key={e} className="nowrap">
                    {e}
                  </div>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </Table>
    </Card>
  );
}

export function MaintenanceTab({ clusterId }: { clusterId: string }) {
  const trpc = useTRPC();
  const [status, setStatus] = useState<'' | 'ok' | 'warning' | 'violation' | 'unknown'>('');
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const q = useQuery({ ...trpc.maintenance.get.queryOptions({ clusterId, status: status || undefined, search: search || undefined, page }), placeholderData: keepPreviousData });
  if (q.error) return <Alert tone="danger">{errorMessage(q.error)}</Alert>;
  if (!q.data) return <p className="muted">Loading maintenance…</p>;
  const { summary, nodes } = q.data;
  const support = summary.controlPlane.support;
  return (
    <div className="stack">
      <div className="grid">
        <Card title="Control plane">
          <Metric value={summary.controlPlane.version ?? '—'} label="kube-apiserver" />
          <Alert tone={support.status === 'end-of-life' ? 'danger' : support.status === 'ending-soon' ? 'warning' : 'info'}>{summary.controlPlane.explanation}</Alert>
          <p className="muted">End-of-life dates: {q.data.eolSource}. Managed offerings (EKS, GKE, AKS) may support longer.</p>
          {summary.kubectlRange && <p>kubectl versions supported: {summary.kubectlRange}.</p>}
        </Card>
        <Card title="Version skew">
          <Metric value={formatCount(summary.skew.violation)} label="nodes out of policy" />
          <p>
            {formatCount(summary.skew.warning)} at the limit · {formatCount(summary.skew.ok)} within policy · {formatCount(summary.skew.unknown)} unknown
          </p>
          {summary.nextUpgrade && (
            <p>
              Before upgrading the control plane to {summary.nextUpgrade}: upgrade {formatCount(summary.blockingNextUpgrade)} node{summary.blockingNextUpgrade === 1 ? '' : 's'}.
            </p>
          )}
          <p className="muted">Policy: kubelets may be up to 3 minor versions older than kube-apiserver (2 before 1.28) and never newer.</p>
        </Card>
        <Card title="Node age">
          <Metric value={summary.oldestNodeDays === null ? '—' : `${summary.oldestNodeDays} d`} label="oldest node" />
          <p>{formatCount(summary.oldNodes)} nodes older than 90 days: replace them to pick up OS and kernel patches.</p>
        </Card>
      </div>
      <Card title="Nodes against the skew policy">
        <div className="form-row" role="search" aria-label="Filter maintenance nodes">
          <TextInput label="Search" value={search} onChange={(e) => { setSearch(e.target.value); setPage(1); }} placeholder="node, version, OS, kernel" />
          <Select label="Skew" value={status} onChange={(e) => { setStatus(e.target.value as typeof status); setPage(1); }}>
            <option value="">Any</option>
            <option value="violation">Out of policy</option>
            <option value="warning">At the limit</option>
            <option value="ok">Within policy</option>
            <option value="unknown">Unknown</option>
          </Select>
        </div>
        <Table caption="Version skew per node">
          <thead>
            <tr>
              <th>Node</th>
              <th>Kubelet</th>
              <th>Skew</th>
              <th>Explanation</th>
              <th className="num">Age</th>
              <th>OS image</th>
              <th>Kernel</th>
            </tr>
          </thead>
          <tbody>
            {nodes.rows.map((n) => (
              <tr key={n.name}>
                <td className="ident">{n.name}</td>
                <td className="ident">{n.kubeletVersion ?? '—'}</td>
                <td>
                  <Badge tone={SKEW_TONE[n.skew.status] ?? 'neutral'}>{SKEW_LABEL[n.skew.status]}</Badge>
                </td>
                <td style={{ minWidth: '16rem' }}>{n.skew.explanation}</td>
                <td className="num">{n.ageDays === null ? '—' : `${n.ageDays} d`}</td>
                <td>{n.osImage ?? '—'}</td>
                <td className="mono">{n.kernelVersion ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </Table>
        <Pager page={nodes.page} pageSize={nodes.pageSize} total={nodes.total} onPage={setPage} label="nodes" />
      </Card>
      <div className="grid-wide">
        <Groups title="OS image" groups={summary.groups.osImage} />
        <Groups title="Kernel" groups={summary.groups.kernelVersion} />
        <Groups title="Container runtime" groups={summary.groups.containerRuntimeVersion} />
        <Groups title="Kubelet version" groups={summary.groups.kubeletVersion} />
      </div>
    </div>
  );
}
