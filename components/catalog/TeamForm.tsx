'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useMemo, useState, type FormEvent } from 'react';
import { validate } from '@/components/forms/validate';
import { useTRPC } from '@/components/trpc/client';
import type { FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { IdentityFields } from './IdentityFields';
import { TextInput } from '@/components/ui/Field';
import { timeZoneOptions } from '@/server/lib/time-zone';
import { createTeamSchema, type TeamDto } from '@/server/teams/teams.schema';
import { fieldErrorsFrom } from '@/components/trpc/errors';

type TeamFormProps = {
  team?: Pick<TeamDto, 'id' | 'slug' | 'name' | 'description' | 'timeZone'>;
  onDone: (team: TeamDto) => void;
  onCancel: () => void;
};

export function TeamForm({ team, onDone, onCancel }: TeamFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const zonesId = useId();
  const zones = useMemo(() => timeZoneOptions(), []);
  const [values, setValues] = useState({
    slug: team?.slug ?? '',
    name: team?.name ?? '',
    description: team?.description ?? '',
    timeZone: team?.timeZone ?? 'UTC',
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  const onSuccess = async (saved: TeamDto) => {
    await queryClient.invalidateQueries(trpc.teams.pathFilter());
    await queryClient.invalidateQueries(trpc.catalog.pathFilter());
    onDone(saved);
  };
  const create = useMutation(trpc.teams.create.mutationOptions({ onSuccess, onError: (e) => setErrors(fieldErrorsFrom(e)) }));
  const update = useMutation(trpc.teams.update.mutationOptions({ onSuccess, onError: (e) => setErrors(fieldErrorsFrom(e)) }));

  const set = (field: keyof typeof values) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(createTeamSchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (team) update.mutate({ id: team.id, ...result.data });
    else create.mutate(result.data);
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <IdentityFields values={values} errors={errors} set={set} />
      <TextInput
        label="Time zone"
        hint="IANA name, e.g. Europe/Paris; used for on-call hand-offs"
        value={values.timeZone}
        onChange={set('timeZone')}
        error={errors.timeZone}
        list={zonesId}
        autoComplete="off"
        spellCheck={false}
      />
      <datalist id={zonesId}>
        {zones.map((zone) => (
          <option key={zone} value={zone} />
        ))}
      </datalist>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending || update.isPending}>
          Save team
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
