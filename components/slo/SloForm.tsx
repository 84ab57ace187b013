'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { validate } from '@/components/forms/validate';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Checkbox, Fieldset, NamedOptions, Select, Textarea, TextInput } from '@/components/ui/Field';
import { createSloSchema, type SloListItem } from '@/server/slo/slo-api.schema';
import type { Slo, SloInput } from '@/server/slo/slo.schema';

// Create or edit an SLO. Validated live with the server's own schema
// (createSloSchema wraps sloSchema), so the messages and paths are the server's.

type SliType = 'events' | 'goodEvents' | 'latency' | 'raw';
type Values = {
  service: string;
  name: string;
  description: string;
  objective: string;
  windowType: 'rolling' | 'calendar';
  days: string;
  unit: 'month' | 'quarter';
  timeZone: string;
  sliType: SliType;
  errorQuery: string;
  goodQuery: string;
  totalQuery: string;
  metric: string;
  selector: string;
  le: string;
  errorRatioQuery: string;
  method: 'occurrences' | 'timeslices' | 'ratioTimeslices';
  timesliceSize: string;
  timesliceTarget: string;
  alertName: string;
  runbookUrl: string;
  pageDisabled: boolean;
  ticketDisabled: boolean;
  dataSourceId: string;
};

function fromSlo(slo: Slo | undefined, dataSourceId: string | null): Values {
  const sli = slo?.sli;
  return {
    service: slo?.service ?? '',
    name: slo?.name ?? '',
    description: slo?.description ?? '',
    objective: slo ? String(slo.objective) : '99.9',
    windowType: slo?.window.type ?? 'rolling',
    days: slo?.window.type === 'rolling' ? String(slo.window.days) : '30',
    unit: slo?.window.type === 'calendar' ? slo.window.unit : 'month',
    timeZone: slo?.window.type === 'calendar' ? slo.window.timeZone : 'UTC',
    sliType: sli?.type ?? 'events',
    errorQuery: sli?.type === 'events' ? sli.errorQuery : '',
    goodQuery: sli?.type === 'goodEvents' ? sli.goodQuery : '',
    totalQuery: sli?.type === 'events' || sli?.type === 'goodEvents' ? sli.totalQuery : '',
    metric: sli?.type === 'latency' ? sli.metric : '',
    selector: sli?.type === 'latency' ? sli.selector : '',
    le: sli?.type === 'latency' ? sli.le : '0.5',
    errorRatioQuery: sli?.type === 'raw' ? sli.errorRatioQuery : '',
    method: slo?.budgeting.method ?? 'occurrences',
    timesliceSize: slo && slo.budgeting.method !== 'occurrences' ? slo.budgeting.timesliceSize : '5m',
    timesliceTarget: slo?.budgeting.method === 'timeslices' ? String(slo.budgeting.timesliceTarget) : '95',
    alertName: slo?.alerting.name ?? '',
    runbookUrl: slo?.alerting.runbookUrl ?? '',
    pageDisabled: slo?.alerting.page.disabled ?? false,
    ticketDisabled: slo?.alerting.ticket.disabled ?? false,
    dataSourceId: dataSourceId ?? '',
  };
}

const num = (s: string) => (s.trim() === '' ? Number.NaN : Number(s));

function toInput(v: Values, original?: Slo): { slo: SloInput; dataSourceId: string | null } {
  const sli: SloInput['sli'] =
    v.sliType === 'events'
      ? { type: 'events', errorQuery: v.errorQuery, totalQuery: v.totalQuery }
      : v.sliType === 'goodEvents'
        ? { type: 'goodEvents', goodQuery: v.goodQuery, totalQuery: v.totalQuery }
        : v.sliType === 'latency'
          ? { type: 'latency', metric: v.metric, selector: v.selector, le: v.le }
          : { type: 'raw', errorRatioQuery: v.errorRatioQuery };
  const budgeting: SloInput['budgeting'] =
    v.method === 'occurrences'
      ? { method: 'occurrences' }
      : v.method === 'timeslices'
        ? { method: 'timeslices', timesliceSize: v.timesliceSize, timesliceTarget: num(v.timesliceTarget) }
        : { method: 'ratioTimeslices', timesliceSize: v.timesliceSize };
  return {
    slo: {
      service: v.service,
      name: v.name,
      ...(v.description ? { description: v.description } : {}),
      sli,
      objective: num(v.objective),
      window: v.windowType === 'rolling' ? { type: 'rolling', days: num(v.days) } : { type: 'calendar', unit: v.unit, timeZone: v.timeZone },
      budgeting,
      labels: original?.labels ?? {},
      alerting: {
        ...(original?.alerting ?? {}),
        name: v.alertName || undefined,
        runbookUrl: v.runbookUrl || undefined,
        page: { ...(original?.alerting.page ?? { labels: {}, annotations: {} }), disabled: v.pageDisabled },
        ticket: { ...(original?.alerting.ticket ?? { labels: {}, annotations: {} }), disabled: v.ticketDisabled },
      },
    },
    dataSourceId: v.dataSourceId || null,
  };
}

export function SloForm({
  id,
  slo,
  dataSourceId,
  onDone,
  onCancel,
}: {
  id?: string;
  slo?: Slo;
  dataSourceId?: string | null;
  onDone: (saved: SloListItem) => void;
  onCancel: () => void;
}) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const services = useQuery(trpc.catalog.list.queryOptions({}));
  const dataSources = useQuery(trpc.dataSources.list.queryOptions());
  const [values, setValues] = useState<Values>(() => fromSlo(slo, dataSourceId ?? null));
  const [touched, setTouched] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const input = useMemo(() => toInput(values, slo), [values, slo]);
  // Live validation with the server's schema once the user has started typing.
  const live = useMemo(() => validate(createSloSchema, input), [input]);
  const errors: FieldErrors = { ...(touched && !live.ok ? live.errors : {}), ...serverErrors };
  const err = (path: string) => errors[`slo.${path}`];

  const onSuccess = async (saved: SloListItem) => {
    await queryClient.invalidateQueries(trpc.slo.pathFilter());
    onDone(saved);
  };
  const onError = (e: unknown) => setServerErrors(fieldErrorsFrom(e));
  const create = useMutation(trpc.slo.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.slo.update.mutationOptions({ onSuccess, onError }));

  const set =
    <K extends keyof Values>(field: K) =>
    (event: { target: { value: string; checked?: boolean; type?: string } }) => {
      setTouched(true);
      setServerErrors({});
      const value = event.target.type === 'checkbox' ? Boolean(event.target.checked) : event.target.value;
      setValues((v) => ({ ...v, [field]: value }));
    };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (!live.ok) return;
    if (id) update.mutate({ id, ...input } as never);
    else create.mutate(input as never);
  };

  const formError = errors[''] ?? errors.dataSourceId;
  return (
    <form className="form" onSubmit={submit} noValidate aria-label={id ? 'Edit SLO' : 'Create SLO'}>
      <div className="form-row">
        <Select label="Service" value={values.service} onChange={set('service')} error={err('service')}>
          <option value="">Pick a service</option>
          {(services.data ?? []).map((s) => (
            <option key={s.id} value={s.slug}>
              {s.name} ({s.slug})
            </option>
          ))}
        </Select>
        <TextInput label="Name" value={values.name} onChange={set('name')} error={err('name')} hint="e.g. requests-availability" />
        <TextInput label="Objective (%)" inputMode="decimal" value={values.objective} onChange={set('objective')} error={err('objective')} />
      </div>
      <TextInput label="Description" value={values.description} onChange={set('description')} error={err('description')} />
      <Fieldset legend="Window">
        <div className="form-row">
          <Select label="Window type" value={values.windowType} onChange={set('windowType')}>
            <option value="rolling">Rolling</option>
            <option value="calendar">Calendar</option>
          </Select>
          {values.windowType === 'rolling' ? (
            <TextInput label="Days" inputMode="numeric" value={values.days} onChange={set('days')} error={err('window.days')} />
          ) : (
            <>
              <Select label="Period" value={values.unit} onChange={set('unit')}>
                <option value="month">Month</option>
                <option value="quarter">Quarter</option>
              </Select>
              <TextInput label="Time zone" value={values.timeZone} onChange={set('timeZone')} error={err('window.timeZone')} />
            </>
          )}
        </div>
      </Fieldset>
      <Fieldset legend="SLI" hint="Queries are per-second rates with {{.window}} where the range goes, as in Sloth.">
        <Select label="SLI type" value={values.sliType} onChange={set('sliType')}>
          <option value="events">Error events / total events</option>
          <option value="goodEvents">Good events / total events</option>
          <option value="latency">Latency from a histogram</option>
          <option value="raw">Raw error ratio</option>
        </Select>
        {values.sliType === 'events' && (
          <>
            <Textarea label="Error query" rows={2} className="mono" value={values.errorQuery} onChange={set('errorQuery')} error={err('sli.errorQuery')} />
            <Textarea label="Total query" rows={2} className="mono" value={values.totalQuery} onChange={set('totalQuery')} error={err('sli.totalQuery')} />
          </>
        )}
        {values.sliType === 'goodEvents' && (
          <>
            <Textarea label="Good query" rows={2} className="mono" value={values.goodQuery} onChange={set('goodQuery')} error={err('sli.goodQuery')} />
            <Textarea label="Total query" rows={2} className="mono" value={values.totalQuery} onChange={set('totalQuery')} error={err('sli.totalQuery')} />
          </>
        )}
        {values.sliType === 'latency' && (
          <div className="form-row">
            <TextInput label="Histogram" className="mono" value={values.metric} onChange={set('metric')} error={err('sli.metric')} hint="base name, e.g. http_request_duration_seconds" />
            <TextInput label="Selector" className="mono" value={values.selector} onChange={set('selector')} error={err('sli.selector')} hint='e.g. job="api"' />
            <TextInput label="Threshold (le)" className="mono" value={values.le} onChange={set('le')} error={err('sli.le')} />
          </div>
        )}
        {values.sliType === 'raw' && (
          <Textarea label="Error ratio query" rows={2} className="mono" value={values.errorRatioQuery} onChange={set('errorRatioQuery')} error={err('sli.errorRatioQuery')} />
        )}
      </Fieldset>
      <Fieldset legend="Budgeting">
        <div className="form-row">
          <Select label="Method" value={values.method} onChange={set('method')}>
            <option value="occurrences">Occurrences (bad events / all events)</option>
            <option value="timeslices">Time slices (good when above a target)</option>
            <option value="ratioTimeslices">Ratio time slices</option>
          </Select>
          {values.method !== 'occurrences' && (
            <TextInput label="Slice size" value={values.timesliceSize} onChange={set('timesliceSize')} error={err('budgeting.timesliceSize')} />
          )}
          {values.method === 'timeslices' && (
            <TextInput label="Slice target (%)" value={values.timesliceTarget} onChange={set('timesliceTarget')} error={err('budgeting.timesliceTarget')} />
          )}
        </div>
      </Fieldset>
      <Fieldset legend="Alerting">
        <div className="form-row">
          <TextInput label="Alert name" className="mono" value={values.alertName} onChange={set('alertName')} error={err('alerting.name')} />
          <TextInput label="Runbook URL" value={values.runbookUrl} onChange={set('runbookUrl')} error={err('alerting.runbookUrl')} />
        </div>
        <Checkbox label="Disable the page alert" checked={values.pageDisabled} onChange={set('pageDisabled')} />
        <Checkbox label="Disable the ticket alert" checked={values.ticketDisabled} onChange={set('ticketDisabled')} />
      </Fieldset>
      <Select label="Data source" value={values.dataSourceId} onChange={set('dataSourceId')} error={errors.dataSourceId}>
        <NamedOptions items={dataSources.data} first="Default data source" />
      </Select>
      {formError && <Alert tone="danger">{formError}</Alert>}
      {touched && !live.ok && <p className="muted" role="status">{Object.keys(live.errors).length} field(s) need attention.</p>}
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending || update.isPending}>
          {id ? 'Save SLO' : 'Create SLO'}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </form>
  );
}
