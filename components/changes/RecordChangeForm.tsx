'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { createChangeSchema, REQUIREMENT_LABELS, ROLLBACK_SLA, TIERS, type Tier } from '@/server/changes/changes.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Checkbox, Fieldset, Select, TextInput, Textarea } from '../ui/Field';
import { DecisionChip } from './ChangeBadges';
import './changes.css';
import { TierAssistant } from './TierAssistant';

type Values = { title: string; description: string; services: string[]; tier: Tier; environment: string; cluster: string; commitSha: string; prUrl: string; runbookUrl: string; rollbackPlan: string; reliability: boolean };

const EMPTY: Values = { title: '', description: '', services: [], tier: 'T1', environment: 'production', cluster: '', commitSha: '', prUrl: '', runbookUrl: '', rollbackPlan: '', reliability: false };

// "Record a change": the same zod schema as the API checks the fields (errors
// per field), and the gate answers live for the services and tier picked.
export function RecordChangeForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const services = useQuery(trpc.catalog.list.queryOptions({}));
  const [v, setV] = useState<Values>(EMPTY);
  const [errors, setErrors] = useState<FieldErrors>({});
  const preview = useQuery({ ...trpc.changes.gate.queryOptions({ services: v.services, tier: v.tier, reliability: v.reliability }), enabled: v.services.length > 0 });
  const create = useMutation(
    trpc.changes.create.mutationOptions({
      onSuccess: async (r) => {
        await queryClient.invalidateQueries(trpc.changes.pathFilter());
        router.push(`/changes/${r.change.id}`);
      },
      onError: (e) => setErrors(fieldErrorsFrom(e)),
    }),
  );

  const set = (field: keyof Values) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [field]: e.target.value }));
  const toggleService = (slug: string, on: boolean) => setV((x) => ({ ...x, services: on ? [...x.services, slug] : x.services.filter((s) => s !== slug) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(createChangeSchema, v);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    create.mutate(result.data);
  }

  return (
    <div className="change-grid">
      <Card title="Record a change">
        <form onSubmit={submit} noValidate aria-label="Record a change">
          {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
          <TextInput label="Title" value={v.title} onChange={set('title')} error={errors.title} required />
          <Fieldset legend="Services" hint="Every service the change touches; the gate takes the worst error budget among them." error={errors.services}>
            {services.data?.length === 0 && <p className="muted">No services in the catalog yet.</p>}
            {services.data?.map((s) => (
              <Checkbox key={s.id} label={s.name} checked={v.services.includes(s.slug)} onChange={(e) => toggleService(s.slug, e.target.checked)} />
            ))}
          </Fieldset>
          <div className="form-row">
            <Select label="Tier" value={v.tier} onChange={set('tier')} error={errors.tier} hint={ROLLBACK_SLA[v.tier]}>
              {TIERS.map((t) => (
                <option key={t} value={t}>
                  {t === 'T1' ? 'T1 — standard (image, config)' : t === 'T2' ? 'T2 — elevated (HPA, quota, ingress, add-on)' : 'T3 — high risk (control plane, CNI, storage, security policy)'}
                </option>
              ))}
            </Select>
            <TextInput label="Environment" value={v.environment} onChange={set('environment')} error={errors.environment} />
            <TextInput label="Cluster" value={v.cluster} onChange={set('cluster')} error={errors.cluster} />
          </div>
          <TierAssistant onUse={(tier) => setV((x) => ({ ...x, tier }))} />
          <Textarea label="Description" value={v.description} onChange={set('description')} error={errors.description} rows={3} />
          <div className="form-row">
            <TextInput label="Commit SHA" value={v.commitSha} onChange={set('commitSha')} error={errors.commitSha} />
            <TextInput label="PR URL" value={v.prUrl} onChange={set('prUrl')} error={errors.prUrl} placeholder="https://" />
          </div>
          <TextInput label="Runbook link" value={v.runbookUrl} onChange={set('runbookUrl')} error={errors.runbookUrl} hint="Required for T3 (runbook review)" placeholder="https://" />
          <Textarea label="Rollback plan" value={v.rollbackPlan} onChange={set('rollbackPlan')} error={errors.rollbackPlan} rows={2} />
          <Checkbox label="Reliability or security work (passes a feature freeze)" checked={v.reliability} onChange={(e) => setV((x) => ({ ...x, reliability: e.target.checked }))} />
          <div className="row">
            <Button type="submit" variant="primary" busy={create.isPending}>
              Record change
            </Button>
          </div>
        </form>
      </Card>
      <Card title="Gate preview" aria-label="Gate preview">
        {v.services.length === 0 && <p className="muted">Pick services to see what the gate would decide now.</p>}
        {preview.isError && <Alert tone="danger">{fieldErrorsFrom(preview.error)[''] ?? 'The gate could not answer'}</Alert>}
        {preview.data && v.services.length > 0 && (
          <>
            <DecisionChip decision={preview.data.decision} />
            <ul className="change-reasons">
              {preview.data.reasons.map((r, i) => (
                <li key={i}>{r.message}</li>
              ))}
            </ul>
            {preview.data.requires.length > 0 && <p>Requires: {preview.data.requires.map((r) => REQUIREMENT_LABELS[r]).join(', ')}</p>}
            <p className="muted">Rollback SLA: {preview.data.rollbackSla}</p>
          </>
        )}
      </Card>
    </div>
  );
}
