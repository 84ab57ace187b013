'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { policyInputSchema } from '@/server/oncall/oncall-api.schema';
import type { EscalationStep } from '@/server/oncall/oncall.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Checkbox, Fieldset, NamedOptions, Select, TextInput } from '../ui/Field';
import { LeadlessWarning } from './LeadlessWarning';
import type { Overview } from './useOncallOverview';

// The escalation policy editor: steps (minutes after the page) and their
// targets (a schedule's on-call, a person, a team lead).

type TargetDraft = { type: 'schedule' | 'user' | 'team-lead'; id: string };
type StepDraft = { afterMinutes: string; targets: TargetDraft[] };

function stepsToDraft(steps: EscalationStep[]): StepDraft[] {
  return steps.map((s) => ({
    afterMinutes: String(s.afterMinutes),
    targets: s.targets.map((t) => ({ type: t.type, id: t.type === 'schedule' ? t.scheduleId : t.type === 'user' ? t.userId : (t.teamId ?? '') })),
  }));
}

function draftToSteps(steps: StepDraft[]) {
  return steps.map((s) => ({
    afterMinutes: Number(s.afterMinutes),
    targets: s.targets.map((t) => (t.type === 'schedule' ? { type: 'schedule' as const, scheduleId: t.id } : t.type === 'user' ? { type: 'user' as const, userId: t.id } : { type: 'team-lead' as const, ...(t.id ? { teamId: t.id } : {}) })),
  }));
}

export function PolicyForm({ data, initial, teamId, onDone }: { data: Overview; initial: Overview['policies'][number] | null; teamId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [name, setName] = useState(initial?.name ?? 'Default');
  const [team, setTeam] = useState(initial?.teamId ?? (teamId || data.teams[0]?.id || ''));
  const [isDefault, setIsDefault] = useState(initial?.isDefault ?? true);
  const [steps, setSteps] = useState<StepDraft[]>(initial ? stepsToDraft(initial.steps) : [{ afterMinutes: '0', targets: [{ type: 'schedule', id: data.schedules.find((s) => s.teamId === (teamId || data.teams[0]?.id))?.id ?? '' }] }]);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.oncall.savePolicy.mutationOptions());
  const remove = useMutation(trpc.oncall.deletePolicy.mutationOptions());
  const setStep = (i: number, patch: Partial<StepDraft>) => setSteps(steps.map((s, j) => (j === i ? { ...s, ...patch } : s)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(policyInputSchema, { id: initial?.id, teamId: team, name, isDefault, steps: draftToSteps(steps) });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await save.mutateAsync(checked.data);
      await qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
      onDone();
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }

  return (
    <form onSubmit={submit} aria-label="Escalation policy" noValidate>
      {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
      <div className="form-row">
        <TextInput label="Policy name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} />
        <Select label="Policy team" value={team} onChange={(e) => setTeam(e.target.value)} error={errors.teamId}>
          <NamedOptions items={data.teams} />
        </Select>
        <Checkbox label="Default for the team (pages its alerts)" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
      </div>
      {errors.steps && <Alert tone="danger">{errors.steps}</Alert>}
      <LeadlessWarning steps={draftToSteps(steps)} teamId={team} teams={data.teams} />
      {steps.map((s, i) => (
        <Fieldset key={i} legend={`Step ${i + 1}`} error={errors[`steps.${i}.targets`]}>
          <TextInput label={`Step ${i + 1}: minutes after the page`} type="number" min={0} value={s.afterMinutes} onChange={(e) => setStep(i, { afterMinutes: e.target.value })} error={errors[`steps.${i}.afterMinutes`]} />
          {s.targets.map((t, j) => (
            <div className="form-row" key={j}>
              <Select label={`Step ${i + 1} target ${j + 1}`} value={t.type} onChange={(e) => setStep(i, { targets: s.targets.map((x, k) => (k === j ? { type: e.target.value as TargetDraft['type'], id: '' } : x)) })}>
                <option value="schedule">Whoever is on call on a schedule</option>
                <option value="user">A person</option>
                <option value="team-lead">A team lead</option>
              </Select>
              <Select label={t.type === 'schedule' ? 'Schedule' : t.type === 'user' ? 'Person' : 'Team (empty: the paged service’s team)'} value={t.id} onChange={(e) => setStep(i, { targets: s.targets.map((x, k) => (k === j ? { ...x, id: e.target.value } : x)) })} error={errors[`steps.${i}.targets.${j}`] ?? errors[`steps.${i}.targets.${j}.scheduleId`] ?? errors[`steps.${i}.targets.${j}.userId`]}>
                <option value="">{t.type === 'team-lead' ? 'Team owning the service' : 'Choose'}</option>
                {(t.type === 'schedule' ? data.schedules.map((x) => ({ id: x.id, label: x.name })) : t.type === 'user' ? data.people.map((x) => ({ id: x.id, label: x.name })) : data.teams.map((x) => ({ id: x.id, label: x.name }))).map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.label}
                  </option>
                ))}
              </Select>
              <Button size="sm" variant="ghost" onClick={() => setStep(i, { targets: s.targets.filter((_, k) => k !== j) })}>
                Remove target
              </Button>
            </div>
          ))}
          <Button size="sm" onClick={() => setStep(i, { targets: [...s.targets, { type: 'user', id: '' }] })}>
            Add target
          </Button>{' '}
          <Button size="sm" variant="ghost" onClick={() => setSteps(steps.filter((_, k) => k !== i))}>
            Remove step {i + 1}
          </Button>
        </Fieldset>
      ))}
      <div className="row">
        <Button onClick={() => setSteps([...steps, { afterMinutes: String((Number(steps.at(-1)?.afterMinutes) || 0) + 15), targets: [{ type: 'team-lead', id: '' }] }])}>Add step</Button>
        <Button type="submit" variant="primary" busy={save.isPending}>
          Save policy
        </Button>
        <Button variant="ghost" onClick={onDone}>
          Cancel
        </Button>
        {initial && (
          <Button variant="danger" onClick={async () => (await remove.mutateAsync({ id: initial.id }), await qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() }), onDone())}>
            Delete policy
          </Button>
        )}
      </div>
    </form>
  );
}
