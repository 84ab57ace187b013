'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { businessHoursInputSchema } from '@/server/oncall/oncall-api.schema';
import { WEEKDAY_NAMES } from '@/server/oncall/oncall.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Checkbox, Fieldset, TextInput } from '../ui/Field';
import type { Overview } from './useOncallOverview';

// Each team's business hours (triage reads them), one form per team.

export function BusinessHours({ data, canManage, teamId }: { data: Overview; canManage: boolean; teamId: string }) {
  const teams = teamId ? data.teams.filter((t) => t.id === teamId) : data.teams;
  return (
    <Card title="Business hours (used by triage)">
      {teams.length === 0 && <p className="muted">No teams yet (Settings → Teams).</p>}
      {teams.map((t) => (
        <BusinessHoursForm key={t.id} team={t} canManage={canManage} />
      ))}
    </Card>
  );
}

function BusinessHoursForm({ team, canManage }: { team: Overview['teams'][number]; canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const current = team.businessHours ?? team.defaultBusinessHours;
  const [days, setDays] = useState<number[]>(current.days);
  const [start, setStart] = useState(current.start);
  const [end, setEnd] = useState(current.end);
  const [timeZone, setTimeZone] = useState(current.timeZone);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.oncall.setBusinessHours.mutationOptions());
  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(businessHoursInputSchema, { teamId: team.id, hours: { days, start, end, timeZone } });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await save.mutateAsync(checked.data);
      setErrors({});
      await qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }
  return (
    <form onSubmit={submit} aria-label={`Business hours of ${team.name}`} noValidate>
      <Fieldset legend={`${team.name}${team.businessHours ? '' : ' (default: Mon-Fri 09:00-17:00 UTC)'}`} error={errors['hours.days'] ?? errors['']}>
        <div className="row">
          {WEEKDAY_NAMES.map((d, i) => (
            <Checkbox key={d} label={d} disabled={!canManage} checked={days.includes(i + 1)} onChange={(e) => setDays(e.target.checked ? [...days, i + 1] : days.filter((x) => x !== i + 1))} />
          ))}
        </div>
        <div className="form-row">
          <TextInput label="Opens" value={start} disabled={!canManage} onChange={(e) => setStart(e.target.value)} error={errors['hours.start']} />
          <TextInput label="Closes" value={end} disabled={!canManage} onChange={(e) => setEnd(e.target.value)} error={errors['hours.end']} />
          <TextInput label="Business time zone" value={timeZone} disabled={!canManage} onChange={(e) => setTimeZone(e.target.value)} error={errors['hours.timeZone']} />
          {canManage && (
            <Button type="submit" busy={save.isPending}>
              Save hours
            </Button>
          )}
        </div>
      </Fieldset>
    </form>
  );
}
