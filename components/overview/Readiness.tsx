'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ServiceLink } from '@/components/catalog/ServiceLink';
import { formatCount } from '@/components/format/resources';
import { useTRPC } from '@/components/trpc/client';
import { Table } from '@/components/ui/Table';
import { LIST_LIMIT } from './overview';
import { Big, Empty, Failed, Loading, REFRESH_MS } from './Panel';

// The Overview's readiness card: the overall score, failing launch gates and
// the worst workloads.

export function Readiness() {
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
