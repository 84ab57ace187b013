'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDateTime, formatTime } from '@/components/format/time';
import { useTRPC } from '@/components/trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Card } from '@/components/ui/Card';
import { NamedOptions, Select, Textarea, TextInput } from '@/components/ui/Field';
import { PageHeader } from '@/components/ui/PageHeader';
import { useToast } from '@/components/ui/Toast';
import { DEFAULT_GOLDEN_QUERIES, GOLDEN_SIGNAL_KEYS, GOLDEN_SIGNAL_LABELS, type GoldenSignalKey, type GoldenSignalsDto } from '@/server/slo/golden-signals.schema';
import { ServiceLink } from '@/components/catalog/ServiceLink';
import { goldenSignalFormat } from './chart-scale';

const COLORS = ['var(--accent, #2563eb)', 'var(--warning, #b45309)', 'var(--danger, #b91c1c)', 'var(--success, #15803d)'];
const tick = (t: number) => formatTime(t);

function SignalChart({ signal }: { signal: GoldenSignalsDto['signals'][number] }) {
  if (signal.error) return <Alert tone="warning" title="Query failed">{signal.error}</Alert>;
  if (signal.series.every((s) => s.points.length === 0)) return <p className="muted">No data for this query in the range.</p>;
  const times = [...new Set(signal.series.flatMap((s) => s.points.map(([t]) => t)))].sort((a, b) => a - b);
  const maps = signal.series.map((s) => new Map(s.points));
  const data = times.map((t) => Object.fromEntries([['t', t], ...signal.series.map((s, i) => [s.name, maps[i]!.get(t) ?? null])]));
  const format = goldenSignalFormat(signal.key);
  return (
    <figure aria-label={signal.label} style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border, #ccc)" />
            <XAxis dataKey="t" type="number" scale="time" domain={['dataMin', 'dataMax']} tickFormatter={tick} tick={{ fontSize: 12 }} />
            <YAxis tick={{ fontSize: 12 }} width={76} tickFormatter={(v: number) => format(v)} />
            <Tooltip labelFormatter={(t) => formatDateTime(Number(t))} formatter={(v) => (v === null || v === undefined ? '—' : format(Number(v)))} />
            {signal.series.length > 1 && <Legend />}
            {signal.series.slice(0, 8).map((s, i) => (
              <Line key={s.name} dataKey={s.name} stroke={COLORS[i % COLORS.length]} dot={false} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

export function GoldenSignalsView({ serviceId, serviceName, canManage }: { serviceId: string; serviceName: string; canManage: boolean }) {
  const trpc = useTRPC();
  const [hours, setHours] = useState(6);
  const [editing, setEditing] = useState(false);
  const signals = useQuery(trpc.slo.goldenSignals.queryOptions({ serviceId, hours }));
  return (
    <>
      <PageHeader
        title={`Golden signals: ${serviceName}`}
        description={
          <>
            Latency, traffic, errors and saturation from Prometheus, queried on demand. <ServiceLink id={serviceId} name={`${serviceName} service page`} />
          </>
        }
        actions={canManage && <Button onClick={() => setEditing(!editing)}>{editing ? 'Close queries' : 'Configure queries'}</Button>}
      />
      <div className="form-row">
        <Select label="Range" value={String(hours)} onChange={(e) => setHours(Number(e.target.value))}>
          {[1, 6, 24, 72, 168].map((h) => (
            <option key={h} value={h}>
              Last {h < 24 ? `${h} h` : `${h / 24} d`}
            </option>
          ))}
        </Select>
      </div>
      {editing && signals.data && <GoldenConfigForm dto={signals.data} onDone={() => setEditing(false)} />}
      {signals.error && <Alert tone="danger">{errorMessage(signals.error)}</Alert>}
      {signals.isLoading && <p className="muted">Querying Prometheus…</p>}
      {signals.data && (
        <>
          <p className="muted">
            Data source: {signals.data.dataSourceName ?? 'none configured'}; selector <code>{signals.data.config.selector}</code>.
          </p>
          {signals.data.signals.map((s) => (
            <Card key={s.key} title={s.label}>
              <SignalChart signal={s} />
            </Card>
          ))}
        </>
      )}
    </>
  );
}

function GoldenConfigForm({ dto, onDone }: { dto: GoldenSignalsDto; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const dataSources = useQuery(trpc.dataSources.list.queryOptions());
  const [selector, setSelector] = useState(dto.config.selector);
  const [dataSourceId, setDataSourceId] = useState(dto.config.dataSourceId ?? '');
  const [queries, setQueries] = useState<Record<GoldenSignalKey, string>>(
    Object.fromEntries(GOLDEN_SIGNAL_KEYS.map((k) => [k, dto.config.queries[k].query])) as Record<GoldenSignalKey, string>,
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(
    trpc.slo.saveGoldenSignals.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.slo.goldenSignals.pathFilter());
        toast.show('Queries saved');
        onDone();
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ serviceId: dto.config.serviceId, selector, dataSourceId: dataSourceId || null, queries });
  };
  return (
    <Card title="Queries">
      <form className="form" onSubmit={submit} noValidate>
        <div className="form-row">
          <TextInput label="Selector" className="mono" value={selector} onChange={(e) => setSelector(e.target.value)} error={errors.selector} hint="Label matchers replacing $selector" />
          <Select label="Data source" value={dataSourceId} onChange={(e) => setDataSourceId(e.target.value)}>
            <NamedOptions items={dataSources.data} first="Default data source" />
          </Select>
        </div>
        {GOLDEN_SIGNAL_KEYS.map((k) => (
          <Textarea
            key={k}
            label={GOLDEN_SIGNAL_LABELS[k]}
            rows={2}
            className="mono"
            value={queries[k]}
            onChange={(e) => setQueries((q) => ({ ...q, [k]: e.target.value }))}
            hint={queries[k] === DEFAULT_GOLDEN_QUERIES[k] ? 'default' : 'custom (clear it to use the default)'}
            error={errors[`queries.${k}`]}
          />
        ))}
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save queries
          </Button>
        </div>
      </form>
    </Card>
  );
}
