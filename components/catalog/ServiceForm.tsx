'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { validate } from '@/components/forms/validate';
import { useTRPC } from '@/components/trpc/client';
import type { FieldErrors } from '@/components/trpc/errors';
import { Alert } from '@/components/ui/Alert';
import { Button } from '@/components/ui/Button';
import { IdentityFields } from './IdentityFields';
import { Fieldset, NamedOptions, Select, TextInput } from '@/components/ui/Field';
import {
  createServiceSchema,
  MAX_LINKS,
  SERVICE_TIERS,
  TIER_LABELS,
  type ServiceDto,
  type ServiceLink,
  type ServiceTier,
} from '@/server/catalog/catalog.schema';
import { fieldErrorsFrom } from '@/components/trpc/errors';

type ServiceFormProps = {
  service?: ServiceDto;
  /** Pre-selects the owning team for a new service. */
  defaultTeamId?: string;
  onDone: (service: ServiceDto) => void;
  onCancel: () => void;
};

type Values = { slug: string; name: string; description: string; tier: ServiceTier; teamId: string; links: ServiceLink[] };

export function ServiceForm({ service, defaultTeamId, onDone, onCancel }: ServiceFormProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const teams = useQuery(trpc.teams.list.queryOptions());
  const [values, setValues] = useState<Values>({
    slug: service?.slug ?? '',
    name: service?.name ?? '',
    description: service?.description ?? '',
    tier: service?.tier ?? 'tier2',
    teamId: service?.teamId ?? defaultTeamId ?? '',
    links: service?.links ?? [],
  });
  const [errors, setErrors] = useState<FieldErrors>({});

  const onSuccess = async (saved: ServiceDto) => {
    await queryClient.invalidateQueries(trpc.catalog.pathFilter());
    await queryClient.invalidateQueries(trpc.teams.pathFilter());
    onDone(saved);
  };
  const onError = (e: unknown) => setErrors(fieldErrorsFrom(e));
  const create = useMutation(trpc.catalog.create.mutationOptions({ onSuccess, onError }));
  const update = useMutation(trpc.catalog.update.mutationOptions({ onSuccess, onError }));

  const set = (field: 'slug' | 'name' | 'description' | 'tier' | 'teamId') => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: event.target.value }));
  const setLink = (index: number, field: keyof ServiceLink, value: string) =>
    setValues((v) => ({ ...v, links: v.links.map((l, i) => (i === index ? { ...l, [field]: value } : l)) }));
  const addLink = () => setValues((v) => ({ ...v, links: [...v.links, { label: '', url: '' }] }));
  const removeLink = (index: number) => setValues((v) => ({ ...v, links: v.links.filter((_, i) => i !== index) }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const result = validate(createServiceSchema, values);
    if (!result.ok) return setErrors(result.errors);
    setErrors({});
    if (service) update.mutate({ id: service.id, ...result.data });
    else create.mutate(result.data);
  }

  if (teams.data && teams.data.length === 0) {
    return (
      <Alert tone="info" title="Create a team first">
        Every service is owned by a team. <Link href="/settings/teams">Go to Teams</Link>.
      </Alert>
    );
  }

  return (
    <form className="form" onSubmit={submit} noValidate>
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <IdentityFields values={values} errors={errors} set={set} />
      <div className="form-row">
        <Select label="Team" value={values.teamId} onChange={set('teamId')} error={errors.teamId} required>
          <NamedOptions items={teams.data} first={teams.isLoading ? 'Loading teams…' : 'Pick the owning team'} />
        </Select>
        <Select label="Tier" value={values.tier} onChange={set('tier')} error={errors.tier}>
          {SERVICE_TIERS.map((tier) => (
            <option key={tier} value={tier}>
              {TIER_LABELS[tier]}
            </option>
          ))}
        </Select>
      </div>
      <Fieldset legend="Links" hint="Runbooks, dashboards, repositories (http or https)" error={errors.links}>
        <div className="stack">
          {values.links.map((link, i) => (
            <div className="form-row" key={i}>
              <TextInput
                label={`Link ${i + 1} label`}
                value={link.label}
                onChange={(e) => setLink(i, 'label', e.target.value)}
                error={errors[`links.${i}.label`]}
                placeholder="Runbook"
              />
              <TextInput
                label={`Link ${i + 1} URL`}
                type="url"
                value={link.url}
                onChange={(e) => setLink(i, 'url', e.target.value)}
                error={errors[`links.${i}.url`]}
                placeholder="https://"
              />
              <div className="form-actions">
                <Button size="sm" variant="ghost" onClick={() => removeLink(i)} aria-label={`Remove link ${i + 1}`}>
                  Remove
                </Button>
              </div>
            </div>
          ))}
          <div>
            <Button size="sm" onClick={addLink} disabled={values.links.length >= MAX_LINKS}>
              Add link
            </Button>
          </div>
        </div>
      </Fieldset>
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={create.isPending || update.isPending}>
          Save service
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
