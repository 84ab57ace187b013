'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { formatCount } from '@/components/format/resources';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Badge } from '@/components/ui/Badge';
import { Card, Metric } from '@/components/ui/Card';
import { Table } from '@/components/ui/Table';
import type { WORKLOAD_KINDS } from '@/server/inventory/inventory.schema';
import { Pager } from './Pager';
import { When } from '@/components/format/When';

export function WorkloadView({ clusterName, namespace, kind, name }: { clusterName: string; namespace: string; kind: (typeof WORKLOAD_KINDS)[number]; name: string }) {
  const trpc = useTRPC();
  const cluster = useQuery(trpc.clusters.get.queryOptions({ name: clusterName }));
  const [podPage, setPodPage] = useState(1);
  const w = useQuery({
    ...trpc.inventory.workload.queryOptions({ clusterId: cluster.data?.id ?? '', kind, namespace, name, podPage }),
    enabled: !!cluster.data,
    placeholderData: keepPreviousData,
    refetchInterval: 10_000,
  });
  const error = cluster.error ?? w.error;
  if (error) return <Alert tone="danger">{errorMessage(error)}</Alert>;
  if (!w.data) return <p className="muted">Loading workload…</p>;
  const d = w.data;
  return (
    <div className="stack">
      <p>
        <Link href={`/clusters/${encodeURIComponent(clusterName)}`}>← {clusterName}</Link> · <Link href={d.readinessPath}>Production readiness of this workload</Link>
      </p>
      <div className="grid">
        <Card>
          <Metric value={d.desired === null ? '—' : `${d.ready} / ${d.desired}`} label="ready / desired" />
        </Card>
        <Card>
          <Metric value={d.team ?? 'unowned'} label="owning team (labels/annotations)" />
        </Card>
        <Card>
          <Metric value={formatCount(d.pods.total)} label="pods" />
        </Card>
      </div>
      <Card title="Containers">
        <Table caption="Containers">
          <thead>
            <tr>
              <th>Container</th>
              <th>Image</th>
              <th>Requests</th>
              <th>Limits</th>
            </tr>
          </thead>
          <tbody>
            {d.containers.map((c) => (
              <tr key={c.name}>
                <td>{c.name}</td>
                <td className="mono">{c.image}</td>
                <td className="mono">{Object.entries(c.requests).map(([k, v]) => `${k} ${v}`).join(', ') || <Badge tone="warning">none</Badge>}</td>
                <td className="mono">{Object.entries(c.limits).map(([k, v]) => `${k} ${v}`).join(', ') || <span className="muted">none</span>}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      </Card>
      <Card title="Pods">
        <Table caption="Pods">
          <thead>
            <tr>
              <th>Pod</th>
              <th>Node</th>
              <th>Phase</th>
              <th>Ready</th>
              <th className="num">Restarts</th>
              <th>Created</th>
            </tr>
          </thead>
          <tbody>
            {d.pods.rows.map((p) => (
              <tr key={p.name}>
                <td className="mono">{p.name}</td>
                <td className="mono">{p.nodeName ?? '—'}</td>
                <td>
                  {p.phase ?? '—'} {p.reason && <Badge tone="danger">{p.reason}</Badge>}
                </td>
                <td>{p.ready === null ? '—' : p.ready ? 'yes' : 'no'}</td>
                <td className="num">{p.restarts}</td>
                <td className="nowrap"><When at={p.createdAt} /></td>
              </tr>
            ))}
          </tbody>
        </Table>
        <Pager page={d.pods.page} pageSize={d.pods.pageSize} total={d.pods.total} onPage={setPodPage} label="pods" />
      </Card>
      <Card title="Labels">
        <p className="mono">{Object.entries(d.labels).map(([k, v]) => `${k}=${v}`).join('  ') || '—'}</p>
      </Card>
    </div>
  );
}
