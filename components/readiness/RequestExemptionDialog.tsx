'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { validate } from '@/components/forms/validate';
import { useTRPC } from '@/components/trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { Dialog } from '@/components/ui/Dialog';
import { Select, Textarea, TextInput } from '@/components/ui/Field';
import { useToast } from '@/components/ui/Toast';
import { MAX_EXEMPTION_DAYS, requestExemptionSchema } from '@/server/readiness/readiness-api.schema';
import { CHECK_IDS } from '@/server/readiness/readiness.schema';

export type ExemptionTarget = { clusterId: string; clusterName: string; namespace: string; kind: string; name: string };
type Scope = 'workload' | 'namespace' | 'cluster';

const DAY = 24 * 3600_000;
const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** An expiry date lasts through that day (UTC), as in the config file. */
function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY);
}

export function RequestExemptionDialog({ target, checkId, open, onClose }: { target: ExemptionTarget; checkId: string; open: boolean; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const today = new Date();
  const [check, setCheck] = useState(checkId);
  const [scope, setScope] = useState<Scope>('workload');
  const [reason, setReason] = useState('');
  const [expires, setExpires] = useState(isoDay(new Date(today.getTime() + 30 * DAY)));
  const [errors, setErrors] = useState<FieldErrors>({});
  const request = useMutation(
    trpc.readiness.exemptions.request.mutationOptions({
      onSuccess: async () => {
        toast.show('Exemption requested: an incident commander or admin must approve it', 'success');
        await queryClient.invalidateQueries({ queryKey: trpc.readiness.pathKey() });
        onClose();
      },
      onError: (error) => setErrors(fieldErrorsFrom(error)),
    }),
  );

  function submit(event: React.FormEvent) {
    event.preventDefault();
    const values = {
      clusterId: target.clusterId,
      namespace: scope === 'cluster' ? null : target.namespace,
      kind: scope === 'workload' ? target.kind : null,
      name: scope === 'workload' ? target.name : null,
      checkId: check,
      reason,
      expiresAt: expires ? endOfDay(expires) : undefined,
    };
    const checked = validate(requestExemptionSchema, values);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    request.mutate(values as Parameters<typeof request.mutate>[0]);
  }

  return (
    <Dialog open={open} onClose={onClose} title="Request exemption">
      <form className="form" onSubmit={submit} noValidate>
        {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
        <Select label="Check" value={check} onChange={(e) => setCheck(e.target.value)} error={errors.checkId}>
          {CHECK_IDS.map((id) => (
            <option key={id} value={id}>
              {id}
            </option>
          ))}
        </Select>
        <Select label="Applies to" value={scope} onChange={(e) => setScope(e.target.value as Scope)} error={errors.namespace ?? errors.kind ?? errors.name}>
          <option value="workload">
            This workload ({target.kind} {target.namespace}/{target.name})
          </option>
          <option value="namespace">Every workload in namespace {target.namespace}</option>
          <option value="cluster">Every workload in cluster {target.clusterName}</option>
        </Select>
        <Textarea label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} hint="Why the check cannot pass yet, and what will fix it" rows={3} />
        <TextInput
          label="Expires on"
          type="date"
          value={expires}
          min={isoDay(today)}
          max={isoDay(new Date(today.getTime() + (MAX_EXEMPTION_DAYS - 1) * DAY))}
          onChange={(e) => setExpires(e.target.value)}
          error={errors.expiresAt}
          hint={`Lasts through that day (UTC); at most ${MAX_EXEMPTION_DAYS} days`}
        />
        <div className="form-actions">
          <Button type="submit" variant="primary" busy={request.isPending}>
            Submit request
          </Button>
          <Button onClick={onClose}>Cancel</Button>
        </div>
      </form>
    </Dialog>
  );
}
