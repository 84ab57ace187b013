'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { overrideInputSchema } from '@/server/oncall/oncall-api.schema';
import { validate } from '../forms/validate';
import { When } from '../format/When';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { NamedOptions, Select, TextInput } from '../ui/Field';
import { HiddenHeader, Table } from '../ui/Table';
import type { Overview } from './useOncallOverview';

// A schedule's current and upcoming overrides, and the form that adds one.

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function Overrides({ schedule, data, canRespond, name }: { schedule: Overview['schedules'][number]; data: Overview; canRespond: boolean; name: (id: string | null) => string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [userId, setUserId] = useState('');
  const [start, setStart] = useState(toLocalInput(data.now));
  const [end, setEnd] = useState(toLocalInput(data.now + 8 * 3_600_000));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = useMutation(trpc.oncall.addOverride.mutationOptions());
  const remove = useMutation(trpc.oncall.deleteOverride.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
  const upcoming = schedule.overrides.filter((o) => new Date(o.end).getTime() > data.now);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(overrideInputSchema, { scheduleId: schedule.id, userId, start: start ? new Date(start) : undefined, end: end ? new Date(end) : undefined, reason });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await add.mutateAsync(checked.data);
      setErrors({});
      setReason('');
      await refresh();
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }

  return (
    <details>
      <summary>Overrides ({upcoming.length} current or upcoming)</summary>
      {upcoming.length > 0 && (
        <Table caption={`Overrides of ${schedule.name}`} columns={['Who', 'From', 'To', 'Reason', <HiddenHeader>Actions</HiddenHeader>]}>
          {upcoming.map((o) => (
            <tr key={o.id}>
              <td>{name(o.userId)}</td>
              <td className="nowrap"><When at={o.start} mode="absolute" /></td>
              <td className="nowrap"><When at={o.end} mode="absolute" /></td>
              <td>{o.reason}</td>
              <td>
                {canRespond && (
                  <Button size="sm" variant="ghost" onClick={async () => (await remove.mutateAsync({ id: o.id }), refresh())}>
                    Remove override
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {canRespond && (
        <form onSubmit={submit} aria-label={`Add override to ${schedule.name}`} noValidate>
          {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
          <div className="form-row">
            <Select label="Who takes over" value={userId} onChange={(e) => setUserId(e.target.value)} error={errors.userId}>
              <NamedOptions items={data.people} first="Choose a person" />
            </Select>
            <TextInput label="From" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} error={errors.start} />
            <TextInput label="Until" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} error={errors.end} />
            <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
            <Button type="submit" busy={add.isPending}>
              Add override
            </Button>
          </div>
        </form>
      )}
    </details>
  );
}
