'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { RunOutText } from '@/components/clusters/RunOutText';
import { SyncBadge } from '@/components/clusters/SyncBadge';
import { formatAge, formatCount } from '@/components/format/resources';
import { useTRPC } from '@/components/trpc/client';
import { Badge } from '@/components/ui/Badge';
import { Table } from '@/components/ui/Table';
import type { ClusterDto } from '@/server/clusters/clusters.schema';
import { headroomPercent, runOutVerdict } from './overview';
import { Big, Empty, Failed, Loading, REFRESH_MS } from './Panel';

// The Overview's cluster card: sync state, nodes and pods, headroom, run-out
// forecast and version skew per cluster.

export function Clusters({ now }: { now: Date }) {
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.clusters.list.queryOptions(), refetchInterval: REFRESH_MS });
  const clusters: ClusterDto[] = (list.data ?? []).filter((c) => !c.disabled);
  // The whole fleet in two reads, whatever the number of clusters.
  const capacity = useQuery({ ...trpc.capacity.fleet.queryOptions(), refetchInterval: REFRESH_MS });
  const maintenance = useQuery({ ...trpc.maintenance.fleet.queryOptions(), refetchInterval: REFRESH_MS });
  const capacityOf = new Map(capacity.data?.map((c) => [c.clusterId, c]));
  const skewOf = new Map(maintenance.data?.map((m) => [m.clusterId, m.skew]));
  if (list.isPending) return <Loading what="clusters" />;
  if (list.isError) return <Failed error={list.error} />;
  if (clusters.length === 0) return <Empty>No cluster is connected yet. Add one on the Clusters page (a kubeconfig or an in-cluster service account) to see sync state, capacity and version skew here.</Empty>;
  const synced = clusters.filter((c) => c.syncState === 'synced').length;
  const violations = clusters.reduce((n, c) => n + (skewOf.get(c.id)?.violation ?? 0), 0);
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
          {clusters.map((c) => {
            const cap = capacityOf.get(c.id);
            const skew = skewOf.get(c.id);
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
