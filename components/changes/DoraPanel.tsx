'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useSearchParams } from 'next/navigation';
import type { DoraBand } from '@/server/changes/changes.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Card, Metric } from '../ui/Card';

const TONE: Record<DoraBand, Tone> = { elite: 'success', high: 'success', medium: 'warning', low: 'danger', 'no-data': 'neutral' };

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

// DORA's four keys for the ledger's current service/team filter, last 28 days;
// on a service page, for that service (`service`: its id or slug).
export function DoraPanel({ service, actions }: { service?: string; actions?: ReactNode } = {}) {
  const trpc = useTRPC();
  const params = useSearchParams();
  const q = useQuery(trpc.changes.dora.queryOptions({ days: 28, service: service ?? (params.get('service') || undefined), team: service ? undefined : params.get('team') || undefined }));
  const band = (b: DoraBand) => <Badge tone={TONE[b]}>{b}</Badge>;
  return (
    <Card title="Delivery (DORA), last 28 days" aria-label="DORA metrics" actions={actions}>
      {q.isError && <Alert tone="danger">{errorMessage(q.error)}</Alert>}
      {q.data && (
        <div className="overview-metrics">
          <Metric value={<>{q.data.deploymentsPerWeek}/wk {band(q.data.deploymentFrequency)}</>} label={`Deployment frequency (${q.data.deployments} deployments)`} />
          <Metric value={<>{duration(q.data.leadTimeMs)} {band(q.data.leadTime)}</>} label="Lead time (median, commit or request → deployed)" />
          <Metric
            value={<>{q.data.changeFailureRate === null ? '—' : `${Math.round(q.data.changeFailureRate * 100)} %`} {band(q.data.changeFailure)}</>}
            label={`Change failure rate (${q.data.failed} of ${q.data.finished} failed, rolled back or an incident's cause)`}
          />
          <Metric value={<>{duration(q.data.timeToRestoreMs)} {band(q.data.timeToRestore)}</>} label={`Time to restore (median of ${q.data.restored} incidents, all services)`} />
        </div>
      )}
    </Card>
  );
}
