'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { declareFreezeSchema, TIERS, type Tier } from '@/server/changes/changes.schema';
import { validate } from '../forms/validate';
import { formatDateTime } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Checkbox, Fieldset, NamedOptions, Select, TextInput } from '../ui/Field';
import { Table } from '../ui/Table';

type Values = { kind: 'adhoc' | 'holiday'; name: string; teamId: string; tiers: Tier[]; startsAt: string; endsAt: string; date: string; marginHours: string };
const EMPTY: Values = { kind: 'adhoc', name: '', teamId: '', tiers: ['T2', 'T3'], startsAt: '', endsAt: '', date: '', marginHours: '48' };
// datetime-local has no zone: read it as the browser's local time and send an instant.
const instant = (local: string) => (local ? new Date(local).toISOString() : '');

/**
 * Declared freezes (admins): ad-hoc windows such as a sale weekend and
 * holidays with their margin, for one team or everyone. The gate and the
 * calendar above read them at once; the weekly weekend freeze is built in.
 */
export function DeclaredFreezes({ canManage }: { canManage: boolean }) {
  const trpc = useTRPC();
  const client = useQueryClient();
  const list = useQuery(trpc.changes.declaredFreezes.queryOptions());
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [v, setV] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const refresh = () => client.invalidateQueries(trpc.changes.pathFilter());
  const declare = useMutation(trpc.changes.declareFreeze.mutationOptions({ onSuccess: () => (setV(EMPTY), refresh()), onError: (e) => setErrors(fieldErrorsFrom(e)) }));
  const remove = useMutation(trpc.changes.removeFreeze.mutationOptions({ onSuccess: refresh }));
  const set = (field: keyof Values) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [field]: e.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const input =
      v.kind === 'adhoc'
        ? { kind: 'adhoc' as const, name: v.name, teamId: v.teamId || null, tiers: v.tiers, startsAt: instant(v.startsAt), endsAt: instant(v.endsAt) }
        : { kind: 'holiday' as const, name: v.name, teamId: v.teamId || null, tiers: v.tiers, date: v.date, marginHours: v.marginHours };
    const result = validate(declareFreezeSchema, input);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    declare.mutate(input);
  }

  return (
    <Card title="Declared freezes" flush>
      {(list.isError || remove.isError) && (
        <div className="card-body">
          <Alert tone="danger">{errorMessage(list.error ?? remove.error)}</Alert>
        </div>
      )}
      {list.data?.length === 0 && <p className="card-body muted">No ad-hoc freeze or holiday declared. The weekend freeze (Friday 15:00 - Monday 09:00, T2/T3) always applies.</p>}
      {list.data && list.data.length > 0 && (
        <Table caption="Declared freezes" columns={['Freeze', 'Team', 'Tiers', 'When', ...(canManage ? [''] : [])]}>
          {list.data.map((f) => (
            <tr key={f.id}>
              <td>{f.name}</td>
              <td>{f.team ?? 'Everyone'}</td>
              <td>{f.tiers.join(', ')}</td>
              <td className="nowrap">{f.kind === 'holiday' ? `${f.date} ± ${f.marginHours} h` : `${formatDateTime(new Date(f.startsAt!))} → ${formatDateTime(new Date(f.endsAt!))}`}</td>
              {canManage && (
                <td>
                  <Button size="sm" variant="ghost" onClick={() => remove.mutate({ id: f.id })} busy={remove.isPending && remove.variables?.id === f.id} aria-label={`Remove ${f.name}`}>
                    Remove
                  </Button>
                </td>
              )}
            </tr>
          ))}
        </Table>
      )}
      {canManage && (
        <form className="card-body" onSubmit={submit} noValidate aria-label="Declare a freeze">
          {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
          <div className="form-row">
            <Select label="Kind" value={v.kind} onChange={set('kind')}>
              <option value="adhoc">Ad-hoc window</option>
              <option value="holiday">Holiday</option>
            </Select>
            <TextInput label="Name" value={v.name} onChange={set('name')} error={errors.name} placeholder="Black Friday sale" />
            <Select label="Team" value={v.teamId} onChange={set('teamId')} error={errors.teamId}>
              <NamedOptions items={teams.data} first="Everyone" />
            </Select>
          </div>
          <Fieldset legend="Tiers frozen" error={errors.tiers}>
            <div className="form-row">
              {TIERS.map((t) => (
                <Checkbox key={t} label={t} checked={v.tiers.includes(t)} onChange={(e) => setV((x) => ({ ...x, tiers: e.target.checked ? [...x.tiers, t] : x.tiers.filter((y) => y !== t) }))} />
              ))}
            </div>
          </Fieldset>
          {v.kind === 'adhoc' ? (
            <div className="form-row">
              <TextInput type="datetime-local" label="From (your time)" value={v.startsAt} onChange={set('startsAt')} error={errors.startsAt} />
              <TextInput type="datetime-local" label="Until (your time)" value={v.endsAt} onChange={set('endsAt')} error={errors.endsAt} />
            </div>
          ) : (
            <div className="form-row">
              <TextInput type="date" label="Date (team's time zone)" value={v.date} onChange={set('date')} error={errors.date} />
              <TextInput type="number" label="Margin before and after (h)" value={v.marginHours} onChange={set('marginHours')} error={errors.marginHours} min={0} max={168} />
            </div>
          )}
          <Button type="submit" variant="primary" busy={declare.isPending}>
            Declare freeze
          </Button>
        </form>
      )}
    </Card>
  );
}
