'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTRPC, useTRPCClient } from '@/components/trpc/client';
import { errorMessage } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card, Metric } from '@/components/ui/Card';
import { Dialog } from '@/components/ui/Dialog';
import { PageHeader } from '@/components/ui/PageHeader';
import { Table } from '@/components/ui/Table';
import { useToast } from '@/components/ui/Toast';
import { BandBadge, BAND_LABELS, BudgetBar, downloadText, formatBurn, formatMinutes, formatPercent, formatSli } from './bits';
import { BudgetTimeline, BurnRateChart, SliChart } from './SloCharts';
import { SloForm } from './SloForm';
import { ServiceLink } from '@/components/catalog/ServiceLink';

export function SloDetailView({ id, canManage }: { id: string; canManage: boolean }) {
  const trpc = useTRPC();
  const client = useTRPCClient();
  const queryClient = useQueryClient();
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState<'edit' | 'delete' | null>(null);
  const slo = useQuery({
    ...trpc.slo.get.queryOptions({ id }),
    // Poll faster while a backfill runs so its progress moves.
    refetchInterval: (q) => (q.state.data?.backfill.status === 'backfilling' || q.state.data?.backfill.status === 'idle' ? 3_000 : 60_000),
  });
  const remove = useMutation(
    trpc.slo.delete.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.slo.pathFilter());
        toast.show('SLO deleted');
        router.push('/slos');
      },
      onError: (e) => toast.show(errorMessage(e), 'danger'),
    }),
  );
  const resample = useMutation(
    trpc.slo.resample.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.slo.pathFilter());
        toast.show('Backfill requested');
      },
      onError: (e) => toast.show(errorMessage(e), 'danger'),
    }),
  );

  if (slo.error) return <Alert tone="danger" title="SLO could not be loaded">{errorMessage(slo.error)}</Alert>;
  if (!slo.data) return <p className="muted">Loading SLO…</p>;
  const d = slo.data;
  const noData = d.dataState === 'no-data';

  const download = async (format: 'prometheus' | 'prometheusrule') => {
    try {
      const { yaml } = await client.slo.rules.query({ ids: [id], format });
      downloadText(`${d.serviceSlug}-${d.name}-${format === 'prometheus' ? 'rules' : 'prometheusrule'}.yaml`, yaml);
    } catch (e) {
      toast.show(errorMessage(e), 'danger');
    }
  };
  const exportAs = async (format: 'sloth' | 'openslo') => {
    try {
      const { text } = await client.slo.export.query({ ids: [id], format });
      downloadText(`${d.serviceSlug}-${d.name}-${format}.yaml`, text);
    } catch (e) {
      toast.show(errorMessage(e), 'danger');
    }
  };

  return (
    <>
      <PageHeader
        title={`${d.serviceName}: ${d.name}`}
        description={d.description || `${d.objective} % over ${d.windowLabel}`}
        actions={
          <div className="row">
            <ServiceLink id={d.serviceId} name={`${d.serviceName} service page`} />
            <Link href={`/slos/services/${d.serviceId}`}>Golden signals</Link>
            {canManage && <Button onClick={() => setOpen('edit')}>Edit</Button>}
            {canManage && (
              <Button busy={resample.isPending} onClick={() => resample.mutate({ id })}>
                Sample again
              </Button>
            )}
            {canManage && (
              <Button variant="danger" onClick={() => setOpen('delete')}>
                Delete
              </Button>
            )}
          </div>
        }
      />
      {noData && (
        <Alert tone="info" title="No data yet">
          {d.backfill.status === 'backfilling'
            ? `Backfilling the window from Prometheus: ${d.backfill.percent} % done.`
            : d.backfill.lastError
              ? `The sampler could not fill this SLO: ${d.backfill.lastError}`
              : 'No event counts have been sampled for this window yet. The budget stays whole until they arrive.'}
        </Alert>
      )}
      {d.backfill.status === 'backfilling' && (
        <div className="row" style={{ alignItems: 'center', gap: 8 }}>
          <progress max={100} value={d.backfill.percent} aria-label="Backfill progress" />
          <span>
            Backfill {d.backfill.percent} % ({d.backfill.done} of {d.backfill.total} days)
          </span>
        </div>
      )}
      {!noData && d.backfill.lastError && <Alert tone="warning" title="Sampler error">{d.backfill.lastError}</Alert>}

      <div className="grid">
        <Card>
          <Metric value={formatSli(d.sli)} label={`SLI (objective ${d.objective} %)`} />
        </Card>
        <Card>
          <Metric value={noData ? '—' : formatPercent(d.remainingPercent, 1)} label={`Budget remaining (${formatMinutes(d.remainingMinutes)} of ${formatMinutes(d.totalMinutes)})`} />
          <BudgetBar percent={d.remainingPercent} noData={noData} />
        </Card>
        <Card>
          <Metric value={formatBurn(d.burnRate1h)} label="Burn rate, last hour" />
        </Card>
        <Card>
          <Metric value={<BandBadge band={d.band} />} label={noData ? 'Policy: waiting for data' : d.report.policy.action} />
        </Card>
      </div>

      <Card title="Error budget timeline">
        <BudgetTimeline detail={d} />
      </Card>
      <Card title="Burn rate">
        <BurnRateChart detail={d} />
        <Table caption="Burn rate per alert window" captionHidden={false}>
          <thead>
            <tr>
              {d.report.burnRates.map((b) => (
                <th key={b.window} scope="col">
                  {b.window}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {d.report.burnRates.map((b) => (
                <td key={b.window} className="nowrap">
                  {formatBurn(b.burnRate)}
                  {b.status === 'partial' && <span className="muted"> (partial)</span>}
                </td>
              ))}
            </tr>
          </tbody>
        </Table>
      </Card>
      <Card title="SLI">
        <SliChart detail={d} />
      </Card>
      <Card title="Budget by day">
        <Table caption="What consumed the budget, day by day" columns={['Day', 'Date', 'Events', 'Bad', 'SLI', 'Consumed', 'Remaining', 'Band']}>
          {d.report.days.map((row) => (
            <tr key={row.day}>
              <td>{row.day}</td>
              <td className="nowrap">{row.date}</td>
              <td>{Math.round(row.total).toLocaleString()}</td>
              <td>{Math.round(row.bad).toLocaleString()}</td>
              <td className="nowrap">
                {formatSli(row.sli)}
                {row.missingBuckets > 0 && <span className="muted"> ({row.missingBuckets} gaps)</span>}
              </td>
              <td className="nowrap">{formatMinutes(row.consumedMinutes)}</td>
              <td className="nowrap">{formatPercent(row.remainingPercent, 1)}</td>
              <td>{noData ? BAND_LABELS['no-data'] : <BandBadge band={row.band} />}</td>
            </tr>
          ))}
        </Table>
      </Card>
      <Card title="Rules and definition">
        <p className="muted">Sloth-compatible recording and alerting rules for this SLO (slo:sli_error:ratio_rate*, multi-window burn-rate alerts).</p>
        <div className="row">
          <Button onClick={() => void download('prometheus')}>Download rules</Button>
          <Button onClick={() => void download('prometheusrule')}>Download PrometheusRule</Button>
          <Button onClick={() => void exportAs('sloth')}>Export Sloth</Button>
          <Button onClick={() => void exportAs('openslo')}>Export OpenSLO</Button>
        </div>
        <RulesPreview id={id} />
        <p className="muted">
          Source: {d.source}
          {d.sourceRef ? ` (${d.sourceRef})` : ''}; data source: {d.dataSourceName ?? 'default'}.
        </p>
      </Card>

      <Dialog open={open === 'edit'} onClose={() => setOpen(null)} title="Edit SLO">
        {open === 'edit' && (
          <SloForm
            id={id}
            slo={d.slo}
            dataSourceId={d.dataSourceId}
            onCancel={() => setOpen(null)}
            onDone={() => {
              setOpen(null);
              toast.show('SLO saved');
            }}
          />
        )}
      </Dialog>
      <Dialog open={open === 'delete'} onClose={() => setOpen(null)} title="Delete SLO">
        <p>
          Delete <strong>{d.name}</strong> and its sampled history? This cannot be undone.
        </p>
        <div className="form-actions">
          <Button variant="danger" busy={remove.isPending} onClick={() => remove.mutate({ id })}>
            Delete SLO
          </Button>
          <Button onClick={() => setOpen(null)}>Cancel</Button>
        </div>
      </Dialog>
    </>
  );
}

function RulesPreview({ id }: { id: string }) {
  const trpc = useTRPC();
  const [show, setShow] = useState(false);
  const rules = useQuery({ ...trpc.slo.rules.queryOptions({ ids: [id], format: 'prometheus' }), enabled: show });
  return (
    <div>
      <Button variant="ghost" onClick={() => setShow(!show)} aria-expanded={show}>
        {show ? 'Hide rules' : 'Show rules'}
      </Button>
      {show && rules.data && (
        <pre className="mono" data-testid="slo-rules" style={{ maxHeight: 400, overflow: 'auto' }}>
          {rules.data.yaml}
        </pre>
      )}
      {show && rules.error && <Alert tone="danger">{errorMessage(rules.error)}</Alert>}
    </div>
  );
}
