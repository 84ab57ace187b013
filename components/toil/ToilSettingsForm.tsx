'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { toilSettingsSchema, type TeamToilDto } from '@/server/toil/toil.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Checkbox, TextInput } from '../ui/Field';

// A team's sprint, engineering hours, minutes per handled page and the opt-in
// to block (not only flag) feature changes over 50 %. Leads of the team,
// incident commanders and admins (the server checks).
export function ToilSettingsForm({ team, onDone }: { team: TeamToilDto; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const s = team.settings;
  const [v, setV] = useState({ sprintDays: String(s.sprintDays), sprintAnchor: s.sprintAnchor, engineeringHours: s.engineeringHours === null ? '' : String(s.engineeringHours), pageMinutes: String(s.pageMinutes), blockFeatureWork: s.blockFeatureWork });
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(
    trpc.toil.saveSettings.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.toil.pathFilter());
        onDone();
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );
  const num = (x: string) => (x.trim() === '' ? Number.NaN : Number(x));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(toilSettingsSchema, {
      teamId: team.teamId,
      sprintDays: num(v.sprintDays),
      sprintAnchor: v.sprintAnchor,
      engineeringHours: v.engineeringHours.trim() === '' ? null : num(v.engineeringHours),
      pageMinutes: num(v.pageMinutes),
      blockFeatureWork: v.blockFeatureWork,
    });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    save.mutate(result.data);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Toil settings of ${team.teamName}`}>
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <div className="form-row">
        <TextInput label="Sprint length (days)" inputMode="numeric" value={v.sprintDays} onChange={(e) => setV({ ...v, sprintDays: e.target.value })} error={errors.sprintDays} />
        <TextInput label="A sprint starts on" type="date" value={v.sprintAnchor} onChange={(e) => setV({ ...v, sprintAnchor: e.target.value })} error={errors.sprintAnchor} />
      </div>
      <div className="form-row">
        <TextInput
          label="Engineering hours per sprint"
          inputMode="decimal"
          value={v.engineeringHours}
          onChange={(e) => setV({ ...v, engineeringHours: e.target.value })}
          error={errors.engineeringHours}
          hint={`Empty: ${team.members} member${team.members === 1 ? '' : 's'} × 6 h × working days`}
        />
        <TextInput label="Minutes per handled page" inputMode="numeric" value={v.pageMinutes} onChange={(e) => setV({ ...v, pageMinutes: e.target.value })} error={errors.pageMinutes} hint="Pages a person resolved count their time to resolve" />
      </div>
      <Checkbox label="Block feature changes while toil is over 50 % (otherwise the change gate only flags them)" checked={v.blockFeatureWork} onChange={(e) => setV({ ...v, blockFeatureWork: e.target.checked })} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save
        </Button>
        <Button onClick={onDone}>Cancel</Button>
      </div>
    </form>
  );
}
