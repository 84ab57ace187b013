'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { logToilSchema, TOIL_BAND_LABELS, type TeamToilDto } from '@/server/toil/toil.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Select, TextInput } from '../ui/Field';

// "Log toil": the API's zod schema checks the fields (errors per field); the
// answer says where the team's sprint stands now.
const today = () => new Date().toISOString().slice(0, 10);

export function ToilLogForm({ teams }: { teams: TeamToilDto[] }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [team, setTeam] = useState(teams[0]?.teamSlug ?? '');
  const [hoursText, setHours] = useState('');
  const [what, setWhat] = useState('');
  const [day, setDay] = useState(today());
  const [errors, setErrors] = useState<FieldErrors>({});
  const log = useMutation(
    trpc.toil.log.mutationOptions({
      onSuccess: async () => {
        setHours('');
        setWhat('');
        await queryClient.invalidateQueries(trpc.toil.pathFilter());
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(logToilSchema, { team, hours: hoursText.trim() === '' ? undefined : Number(hoursText), what, day });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    log.mutate(result.data);
  }

  const after = log.data?.team;
  return (
    <Card title="Log toil">
      <form onSubmit={submit} noValidate aria-label="Log toil" className="toil-form">
        {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
        <div className="form-row">
          <Select label="Team" value={team} onChange={(e) => setTeam(e.target.value)} error={errors.team}>
            {teams.map((t) => (
              <option key={t.teamId} value={t.teamSlug}>
                {t.teamName}
              </option>
            ))}
          </Select>
          <TextInput label="Hours" inputMode="decimal" value={hoursText} onChange={(e) => setHours(e.target.value)} error={errors.hours} hint="Quarter hours: 0.25, 1.5, …" />
          <TextInput label="Day" type="date" value={day} onChange={(e) => setDay(e.target.value)} error={errors.day} />
        </div>
        <TextInput label="What" value={what} onChange={(e) => setWhat(e.target.value)} error={errors.what} hint="Manual, repetitive, automatable work: e.g. “rotated TLS certificates by hand”" />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={log.isPending}>
            Log toil
          </Button>
        </div>
        {after && (
          <Alert tone={after.current.band === 'over' ? 'danger' : after.current.band === 'watch' ? 'warning' : 'success'}>
            Logged. {after.teamName} is at {after.current.percent === null ? 'an unknown share (no engineering hours)' : `${after.current.percent} %`} this sprint ({TOIL_BAND_LABELS[after.current.band]}).
            {after.action ? ` ${after.action}` : ''}
          </Alert>
        )}
      </form>
    </Card>
  );
}
