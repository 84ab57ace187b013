'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { reportScheduleInputSchema, type ReportScheduleDto } from '@/server/reports/schedule.schema';
import { validate } from '../../forms/validate';
import { useTRPC } from '../../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../../trpc/errors';
import { Alert } from '../../ui/Alert';
import { Badge } from '../../ui/Badge';
import { Button } from '../../ui/Button';
import { Checkbox, Select, Textarea, TextInput } from '../../ui/Field';
import { useToast } from '../../ui/Toast';

// Settings, Reports: when the monthly executive report goes out by e-mail,
// through which SMTP channel, to whom; and every send so far (docs/reports.md).

type Values = { enabled: boolean; dayOfMonth: string; hour: string; channelId: string; toExecutives: boolean; recipients: string };

const toValues = (s: ReportScheduleDto): Values => ({ enabled: s.enabled, dayOfMonth: String(s.dayOfMonth), hour: String(s.hour), channelId: s.channelId ?? '', toExecutives: s.toExecutives, recipients: s.recipients.join('\n') });
const toInput = (v: Values) => ({
  enabled: v.enabled,
  dayOfMonth: Number(v.dayOfMonth),
  hour: Number(v.hour),
  channelId: v.channelId || null,
  toExecutives: v.toExecutives,
  recipients: v.recipients.split(/[\s,;]+/).map((r) => r.trim()).filter(Boolean),
});

function ScheduleForm({ schedule }: { schedule: ReportScheduleDto }) {
  const trpc = useTRPC();
  const toast = useToast();
  const client = useQueryClient();
  const [values, setValues] = useState<Values>(toValues(schedule));
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.reports.saveSchedule.mutationOptions());
  useEffect(() => setValues(toValues(schedule)), [schedule]);
  const set = (field: keyof Values) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [field]: e.target.value }));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const checked = validate(reportScheduleInputSchema, toInput(values));
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    save.mutate(checked.data, {
      onSuccess: async () => {
        toast.show('Saved the report schedule.');
        await client.invalidateQueries({ queryKey: trpc.reports.schedule.queryKey() });
      },
      onError: (error) => setErrors(fieldErrorsFrom(error)),
    });
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-label="Monthly report e-mail">
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <Checkbox label="E-mail the monthly executive report" checked={values.enabled} onChange={(e) => setValues((v) => ({ ...v, enabled: e.target.checked }))} />
      <div className="form-row">
        <TextInput label="Day of the month" name="dayOfMonth" type="number" min={1} max={28} value={values.dayOfMonth} onChange={set('dayOfMonth')} error={errors.dayOfMonth} hint="1-28, UTC" />
        <TextInput label="Hour" name="hour" type="number" min={0} max={23} value={values.hour} onChange={set('hour')} error={errors.hour} hint="0-23, UTC" />
        <Select label="SMTP channel" name="channelId" value={values.channelId} onChange={set('channelId')} error={errors.channelId} hint={schedule.channels.length ? undefined : 'Add an SMTP channel under Settings, Alerting first.'}>
          <option value="">Choose a channel</option>
          {schedule.channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
      </div>
      <Checkbox label={`To every executive (${schedule.executives} now)`} checked={values.toExecutives} onChange={(e) => setValues((v) => ({ ...v, toExecutives: e.target.checked }))} />
      <Textarea label="Subscribers" name="recipients" rows={3} value={values.recipients} onChange={set('recipients')} error={errors.recipients ?? Object.entries(errors).find(([k]) => k.startsWith('recipients.'))?.[1]} hint="E-mail addresses, one per line, who also get the report." />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save schedule
        </Button>
      </div>
    </form>
  );
}

function Sends() {
  const trpc = useTRPC();
  const sends = useQuery(trpc.reports.sends.queryOptions());
  if (sends.isError) return <Alert tone="danger">{errorMessage(sends.error)}</Alert>;
  if (!sends.data) return <p className="muted">Loading sends…</p>;
  if (!sends.data.length) return <p className="muted">No report has been e-mailed yet.</p>;
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Report e-mails sent, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">Recipient</th>
            <th scope="col">Status</th>
            <th scope="col">Attempts</th>
            <th scope="col">When</th>
            <th scope="col">Detail</th>
          </tr>
        </thead>
        <tbody>
          {sends.data.map((s) => (
            <tr key={s.id}>
              <td>{s.period}</td>
              <td>{s.recipient}</td>
              <td>
                <Badge tone={s.status === 'sent' ? 'success' : s.status === 'failed' ? 'danger' : 'neutral'}>{s.status}</Badge>
              </td>
              <td>{s.attempts}</td>
              <td>{new Date(s.sentAt ?? s.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC</td>
              <td className="muted">{s.detail}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReportScheduleView() {
  const trpc = useTRPC();
  const schedule = useQuery(trpc.reports.schedule.queryOptions());
  return (
    <>
      <section aria-labelledby="report-schedule">
        <h2 id="report-schedule">Monthly e-mail</h2>
        <p className="muted">The last full month’s executive report as a PDF attachment, once per month and recipient, on the day and hour below (UTC).</p>
        {schedule.isError && <Alert tone="danger">{errorMessage(schedule.error)}</Alert>}
        {schedule.data && <ScheduleForm schedule={schedule.data} />}
      </section>
      <section aria-labelledby="report-sends">
        <h2 id="report-sends">Sends</h2>
        <Sends />
      </section>
    </>
  );
}
