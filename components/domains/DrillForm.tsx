'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { recordDrillSchema, type DrPageDto } from '@/server/dr/dr.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Checkbox, Select, TextInput, Textarea } from '../ui/Field';
import { useToast } from '../ui/Toast';

// Records a DR drill: which restore, when it ran, whether it worked and how
// much data it lost; Runwell measures the restore time against the service's
// RTO and the loss against its RPO.

function localInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

export function DrillForm({ data, clusters, serviceId: initialService, onDone }: { data: DrPageDto; clusters: { id: string; name: string }[]; serviceId?: string; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const now = Date.now();
  const [v, setV] = useState({
    serviceId: initialService ?? '',
    restoreName: data.restores[0]?.name ?? '',
    clusterId: clusters[0]?.id ?? '',
    startedAt: localInput(now - 60 * 60_000),
    finishedAt: localInput(now - 20 * 60_000),
    success: true,
    dataLossMinutes: '0',
    notes: '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const record = useMutation(
    trpc.dr.recordDrill.mutationOptions({
      onSuccess: async (d) => {
        await queryClient.invalidateQueries(trpc.dr.pathFilter());
        await queryClient.invalidateQueries(trpc.domains.pathFilter());
        toast.show(`Drill recorded for ${d.service.name}: ${d.restoreMinutes} min${d.meetsRto === false ? ' (misses the RTO)' : ''}`, d.success && d.meetsRto !== false ? 'success' : 'info');
        onDone();
      },
      onError: (e) => {
        const f = fieldErrorsFrom(e);
        setErrors(f);
        setFailure(Object.keys(f).length ? null : errorMessage(e));
      },
    }),
  );
  const set = <K extends keyof typeof v>(k: K, value: (typeof v)[K]) => setV((x) => ({ ...x, [k]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const input = {
      serviceId: v.serviceId,
      restoreName: v.restoreName,
      clusterId: v.clusterId || null,
      startedAt: v.startedAt ? new Date(v.startedAt) : undefined,
      finishedAt: v.finishedAt ? new Date(v.finishedAt) : undefined,
      success: v.success,
      dataLossMinutes: v.dataLossMinutes.trim() === '' ? undefined : Number(v.dataLossMinutes),
      notes: v.notes,
    };
    const r = validate(recordDrillSchema, input);
    if (!r.ok) return setErrors(r.errors);
    setErrors({});
    record.mutate(r.data);
  }

  const restores = data.restores.map((r) => r.name);
  return (
    <form onSubmit={submit} noValidate aria-label="Record a DR drill">
      {failure && <Alert tone="danger">{failure}</Alert>}
      <div className="domain-form">
        <Select label="Service" value={v.serviceId} error={errors.serviceId} onChange={(e) => set('serviceId', e.target.value)}>
          <option value="">Choose…</option>
          {data.services.map((s) => (
            <option key={s.service.id} value={s.service.id}>
              {s.service.name}
            </option>
          ))}
        </Select>
        <TextInput label="Restore used" list="dr-restores" hint="The Velero Restore (or how you restored)" value={v.restoreName} error={errors.restoreName} onChange={(e) => set('restoreName', e.target.value)} />
        <datalist id="dr-restores">
          {restores.map((n) => (
            <option key={n} value={n} />
          ))}
        </datalist>
        <Select label="Cluster" value={v.clusterId} error={errors.clusterId} onChange={(e) => set('clusterId', e.target.value)}>
          <option value="">None / elsewhere</option>
          {clusters.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </Select>
        <TextInput label="Started" type="datetime-local" value={v.startedAt} error={errors.startedAt} onChange={(e) => set('startedAt', e.target.value)} />
        <TextInput label="Finished" type="datetime-local" value={v.finishedAt} error={errors.finishedAt} onChange={(e) => set('finishedAt', e.target.value)} />
        <TextInput label="Data-loss window (minutes)" type="number" min={0} inputMode="numeric" hint="Restore point to the simulated disaster" value={v.dataLossMinutes} error={errors.dataLossMinutes} onChange={(e) => set('dataLossMinutes', e.target.value)} />
        <div className="span-all">
          <Checkbox label="The restore succeeded (the service worked on the restored data)" checked={v.success} onChange={(e) => set('success', e.target.checked)} />
        </div>
        <div className="span-all">
          <Textarea label="Notes" rows={3} value={v.notes} error={errors.notes} onChange={(e) => set('notes', e.target.value)} />
        </div>
      </div>
      <p>
        <Button type="submit" variant="primary" busy={record.isPending}>
          Record drill
        </Button>
      </p>
    </form>
  );
}
