'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { scheduleInputSchema } from '@/server/oncall/oncall-api.schema';
import type { Rotation } from '@/server/oncall/oncall.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { Fieldset, NamedOptions, Select, TextInput } from '../ui/Field';
import { useToast } from '../ui/Toast';
import { Participants } from './Participants';
import type { Overview } from './useOncallOverview';

// The schedule editor: name, team and layers (rotation, hand-off time, time
// zone, start date, participants in turn order).

type LayerDraft = { name: string; turnType: 'daily' | 'weekly' | 'custom'; every: string; unit: 'hours' | 'days'; handoffTime: string; timeZone: string; startDate: string; participants: string[] };

function toDraft(l: Rotation): LayerDraft {
  return {
    name: l.name,
    turnType: l.turn.type,
    every: l.turn.type === 'custom' ? String(l.turn.every) : '12',
    unit: l.turn.type === 'custom' ? l.turn.unit : 'hours',
    handoffTime: l.handoffTime,
    timeZone: l.timeZone,
    startDate: l.startDate,
    participants: l.participants,
  };
}

function fromDraft(d: LayerDraft) {
  return {
    name: d.name,
    turn: d.turnType === 'custom' ? { type: 'custom' as const, every: Number(d.every), unit: d.unit } : { type: d.turnType },
    handoffTime: d.handoffTime,
    timeZone: d.timeZone,
    startDate: d.startDate,
    participants: d.participants,
  };
}

function todayLocal(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function ScheduleForm({ data, initial, defaultTeamId, onDone }: { data: Overview; initial: Overview['schedules'][number] | null; defaultTeamId: string; onDone: () => void }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const toast = useToast();
  const [name, setName] = useState(initial?.name ?? '');
  const [teamId, setTeamId] = useState(initial?.teamId ?? (defaultTeamId || data.teams[0]?.id || ''));
  const [layers, setLayers] = useState<LayerDraft[]>(
    initial?.layers.length ? initial.layers.map(toDraft) : [{ name: 'Primary', turnType: 'weekly', every: '12', unit: 'hours', handoffTime: '09:00', timeZone: browserZone(), startDate: todayLocal(), participants: [] }],
  );
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.oncall.saveSchedule.mutationOptions());
  const remove = useMutation(trpc.oncall.deleteSchedule.mutationOptions());
  const setLayer = (i: number, patch: Partial<LayerDraft>) => setLayers(layers.map((l, j) => (j === i ? { ...l, ...patch } : l)));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(scheduleInputSchema, { id: initial?.id, teamId, name, layers: layers.map(fromDraft) });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await save.mutateAsync(checked.data);
      setErrors({});
      toast.show(`Schedule "${name}" saved`, 'success');
      await qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
      onDone();
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }

  async function destroy() {
    if (!initial || !window.confirm(`Delete schedule "${initial.name}"?`)) return;
    await remove.mutateAsync({ id: initial.id });
    await qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
    onDone();
  }

  return (
    <Card title={initial ? `Edit schedule ${initial.name}` : 'New schedule'}>
      <form onSubmit={submit} aria-label={initial ? 'Edit schedule' : 'New schedule'} noValidate>
        {errors[''] && (
          <Alert tone="danger" title="Not saved">
            {errors['']}
          </Alert>
        )}
        <div className="form-row">
          <TextInput label="Schedule name" value={name} onChange={(e) => setName(e.target.value)} error={errors.name} required />
          <Select label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)} error={errors.teamId}>
            <NamedOptions items={data.teams} />
          </Select>
        </div>
        <p className="muted">Layers are listed bottom to top: a later layer covers an earlier one wherever it has someone on call. Overrides cover all layers.</p>
        {layers.map((l, i) => {
          const err = (k: string) => errors[`layers.${i}.${k}`];
          return (
            <Fieldset key={i} legend={`Layer ${i + 1}`} error={errors[`layers.${i}`]}>
              <div className="form-row">
                <TextInput label="Layer name" value={l.name} onChange={(e) => setLayer(i, { name: e.target.value })} error={err('name')} />
                <Select label="Rotation" value={l.turnType} onChange={(e) => setLayer(i, { turnType: e.target.value as LayerDraft['turnType'] })} error={err('turn')}>
                  <option value="daily">Daily</option>
                  <option value="weekly">Weekly</option>
                  <option value="custom">Custom</option>
                </Select>
                {l.turnType === 'custom' && (
                  <>
                    <TextInput label="Every" type="number" min={1} value={l.every} onChange={(e) => setLayer(i, { every: e.target.value })} error={err('turn.every')} />
                    <Select label="Unit" value={l.unit} onChange={(e) => setLayer(i, { unit: e.target.value as LayerDraft['unit'] })}>
                      <option value="hours">hours</option>
                      <option value="days">days</option>
                    </Select>
                  </>
                )}
                <TextInput label="Hand-off time" value={l.handoffTime} placeholder="09:00" onChange={(e) => setLayer(i, { handoffTime: e.target.value })} error={err('handoffTime')} />
                <TextInput label="Time zone" value={l.timeZone} placeholder="Europe/Berlin" onChange={(e) => setLayer(i, { timeZone: e.target.value })} error={err('timeZone')} />
                <TextInput label="Start date" type="date" value={l.startDate} onChange={(e) => setLayer(i, { startDate: e.target.value })} error={err('startDate')} />
              </div>
              <Participants value={l.participants} people={data.people} onChange={(participants) => setLayer(i, { participants })} error={err('participants')} label={`Layer ${i + 1}`} />
              {layers.length > 1 && (
                <Button size="sm" variant="ghost" onClick={() => setLayers(layers.filter((_, j) => j !== i))}>
                  Remove layer {i + 1}
                </Button>
              )}
            </Fieldset>
          );
        })}
        <div className="row">
          <Button onClick={() => setLayers([...layers, { ...layers.at(-1)!, name: `Layer ${layers.length + 1}`, participants: [] }])}>Add layer</Button>
          <Button type="submit" variant="primary" busy={save.isPending}>
            Save schedule
          </Button>
          <Button variant="ghost" onClick={onDone}>
            Cancel
          </Button>
          {initial && (
            <Button variant="danger" onClick={destroy}>
              Delete schedule
            </Button>
          )}
        </div>
      </form>
    </Card>
  );
}
