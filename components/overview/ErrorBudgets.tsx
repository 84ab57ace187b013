'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { ServiceLink } from '@/components/catalog/ServiceLink';
import { BAND_LABELS, BandBadge, formatBurn } from '@/components/slo/bits';
import { useTRPC } from '@/components/trpc/client';
import { Table } from '@/components/ui/Table';
import { BAND_ORDER } from '@/server/lib/policy-bands';
import { Big, Empty, Failed, Loading, REFRESH_MS } from './Panel';

// The Overview's error budget card: SLOs per policy band and the worst ones
// (counted and chosen on the server: slo.overview, not the whole list).

export function ErrorBudgets() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.slo.overview.queryOptions(), refetchInterval: REFRESH_MS });
  if (q.isPending) return <Loading what="error budgets" />;
  if (q.isError) return <Failed error={q.error} />;
  const { total, counts, worst } = q.data;
  if (total === 0) return <Empty>No SLO is defined yet. Create one or import a file on the SLOs page to track error budgets here.</Empty>;
  return (
    <>
      <div className="overview-metrics">
        {BAND_ORDER.filter((b) => counts[b] || b === 'normal').map((b) => (
          <Big key={b} value={counts[b]} label={BAND_LABELS[b]} tone={b === 'exhausted' || b === 'freeze' ? 'danger' : b === 'restricted' ? 'warning' : undefined} />
        ))}
      </div>
      {worst.length === 0 ? (
        <Empty>Every SLO with data is in the normal band: releases may go out as usual.</Empty>
      ) : (
        <Table caption="SLOs burning their budget, worst first">
          <thead>
            <tr>
              <th>SLO</th>
              <th>Band</th>
              <th className="num">Budget left</th>
              <th className="num">Burn (1 h)</th>
            </tr>
          </thead>
          <tbody>
            {worst.map((s) => (
              <tr key={s.id}>
                <td>
                  <Link href={`/slos/${s.id}`}>{s.name}</Link>
                  <div className="muted">
                    <ServiceLink id={s.serviceId} name={s.serviceName} />
                  </div>
                </td>
                <td>
                  <BandBadge band={s.band} />
                </td>
                <td className="num overview-figure">{s.remainingPercent.toFixed(1)} %</td>
                <td className="num overview-figure">{formatBurn(s.burnRate1h)}</td>
              </tr>
            ))}
          </tbody>
        </Table>
      )}
    </>
  );
}
