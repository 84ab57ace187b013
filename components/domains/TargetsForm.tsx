'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { recoveryTargetsSchema } from '@/server/catalog/catalog.schema';
import type { ServiceDrRow } from '@/server/dr/dr.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextInput } from '../ui/Field';

// A service's RTO and RPO (catalog data): blank clears a target.
export function TargetsForm({ row, onDone }: { row: ServiceDrRow; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [rto, setRto] = useState(row.rtoMinutes === null ? '' : String(row.rtoMinutes));
  const [rpo, setRpo] = useState(row.rpoMinutes === null ? '' : String(row.rpoMinutes));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const save = useMutation(
    trpc.dr.setTargets.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.dr.pathFilter());
        onDone();
      },
      onError: (e) => {
        setErrors(fieldErrorsFrom(e));
        setFailure(errorMessage(e));
      },
    }),
  );
  const num = (s: string) => (s.trim() === '' ? null : Number(s));
  function submit(event: FormEvent) {
    event.preventDefault();
    const r = validate(recoveryTargetsSchema, { serviceId: row.service.id, rtoMinutes: num(rto), rpoMinutes: num(rpo) });
    if (!r.ok) return setErrors(r.errors);
    setErrors({});
    save.mutate(r.data);
  }
  return (
    <form onSubmit={submit} noValidate aria-label={`Recovery targets of ${row.service.name}`}>
      {failure && !Object.keys(errors).length && <Alert tone="danger">{failure}</Alert>}
      <div className="domain-form">
        <TextInput label="RTO (minutes)" type="number" min={1} inputMode="numeric" hint="Longest acceptable restore time" value={rto} error={errors.rtoMinutes} onChange={(e) => setRto(e.target.value)} />
        <TextInput label="RPO (minutes)" type="number" min={0} inputMode="numeric" hint="Most data you may lose" value={rpo} error={errors.rpoMinutes} onChange={(e) => setRpo(e.target.value)} />
      </div>
      <p>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save targets
        </Button>
      </p>
    </form>
  );
}
