'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ATTESTATION_DEFAULT_DAYS, attestInputSchema, type MarkerResult } from '@/server/maturity/maturity.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { TextInput } from '../ui/Field';

// "Attest" a criterion Runwell cannot observe: the evidence link, a note and
// how long the attestation holds (default 90 days). The server's zod schema
// checks the fields here first (errors per field) and again on the server.

export function AttestForm({ teamId, team, marker, onDone }: { teamId: string; team: string; marker: MarkerResult; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [evidenceUrl, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [days, setDays] = useState(String(ATTESTATION_DEFAULT_DAYS));
  const [errors, setErrors] = useState<FieldErrors>({});
  const attest = useMutation(
    trpc.maturity.attest.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries(trpc.maturity.pathFilter());
        onDone();
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(attestInputSchema, { teamId, markerId: marker.id, evidenceUrl, note, days: days.trim() === '' ? undefined : days });
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    attest.mutate(result.data);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={`Attest ${marker.title}`} className="maturity-attest-form">
      <p>
        <strong>
          Attest L{marker.level} {marker.title}
        </strong>{' '}
        for {team}. Runwell cannot measure it ({marker.detail.replace(/^no data: /, '')}); your attestation counts as met until it expires and is shown as attested, not measured.
      </p>
      {(errors[''] || errors.teamId || errors.markerId) && <Alert tone="danger">{errors[''] || errors.teamId || errors.markerId}</Alert>}
      <TextInput label="Evidence link" type="url" value={evidenceUrl} onChange={(e) => setUrl(e.target.value)} error={errors.evidenceUrl} hint="A game-day write-up, a dashboard, the operator's repository: https://…" />
      <div className="form-row">
        <TextInput label="Note" value={note} onChange={(e) => setNote(e.target.value)} error={errors.note} hint="Optional, one line" />
        <TextInput label="Valid for (days)" inputMode="numeric" value={days} onChange={(e) => setDays(e.target.value)} error={errors.days} />
      </div>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={attest.isPending}>
          Attest
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
