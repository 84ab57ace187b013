'use client';

import './oncall.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { overrideInputSchema, policyInputSchema, scheduleInputSchema, businessHoursInputSchema } from '@/server/oncall/oncall-api.schema';
import { WEEKDAY_NAMES, type EscalationStep, type Rotation } from '@/server/oncall/oncall.schema';
import { validate } from '../forms/validate';
import { useTRPC } from '../trpc/client';
import { errorMessage, fieldErrorsFrom, type FieldErrors } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { Checkbox, Fieldset, NamedOptions, Select, TextInput } from '../ui/Field';
import { HiddenHeader, Table } from '../ui/Table';
import { useToast } from '../ui/Toast';
import { ScheduleCalendar } from './ScheduleCalendar';
import { PagesPanel } from './PagesPanel';
import { When } from '../format/When';
import { leadlessSteps } from '@/server/oncall/escalation.compute';

// The on-call page: open pages to answer, then per schedule who is on call now
// and next, a calendar of the coming weeks (final shifts, layers, gaps),
// overrides; schedule, escalation policy and business-hours editors.

type Overview = NonNullable<ReturnType<typeof useOverview>['data']>;
function useOverview(teamId: string, days: number) {
  const trpc = useTRPC();
  return useQuery(trpc.oncall.overview.queryOptions({ teamId: teamId || undefined, days }));
}

export function OncallView({ canManage, canRespond, focusPageId }: { canManage: boolean; canRespond: boolean; focusPageId?: string }) {
  const [teamId, setTeamId] = useState('');
  const [days, setDays] = useState(14);
  const overview = useOverview(teamId, days);
  const [editing, setEditing] = useState<Overview['schedules'][number] | 'new' | null>(null);
  const data = overview.data;
  const names = useMemo(() => new Map((data?.people ?? []).map((p) => [p.id, p.name])), [data]);
  const name = (id: string | null) => (id ? (names.get(id) ?? id) : 'nobody');
  const teamName = (id: string) => data?.teams.find((t) => t.id === id)?.name ?? id;

  return (
    <>
      <div className="form-row" role="search" aria-label="Choose team and range">
        <Select label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          <NamedOptions items={data?.teams} first="All teams" />
        </Select>
        <Select label="Calendar" value={String(days)} onChange={(e) => setDays(Number(e.target.value))}>
          <option value="14">2 weeks</option>
          <option value="21">3 weeks</option>
          <option value="28">4 weeks</option>
        </Select>
        {canManage && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            New schedule
          </Button>
        )}
      </div>

      <PagesPanel canRespond={canRespond} teamId={teamId || undefined} focusPageId={focusPageId} />

      {overview.isPending && <p className="muted">Loading schedules…</p>}
      {overview.isError && (
        <Alert tone="danger" title="Schedules could not be loaded">
          {errorMessage(overview.error)}
        </Alert>
      )}
      {data && editing && <ScheduleForm data={data} initial={editing === 'new' ? null : editing} defaultTeamId={teamId} onDone={() => setEditing(null)} />}
      {data && data.schedules.length === 0 && (
        <EmptyState title="No on-call schedules yet" action={canManage ? <Button onClick={() => setEditing('new')}>New schedule</Button> : undefined}>
          <p>A schedule has layers (rotations with a hand-off time and time zone) and overrides. Pages go to whoever is on call when the alert fires.</p>
        </EmptyState>
      )}
      {data?.schedules.map((s) => (
        <Card
          key={s.id}
          title={`${s.name} · ${teamName(s.teamId)}`}
          actions={
            canManage ? (
              <Button size="sm" onClick={() => setEditing(s)}>
                Edit schedule
              </Button>
            ) : undefined
          }
        >
          {s.problem && (
            <Alert tone="danger" title="Unreadable schedule">
              {s.problem}
            </Alert>
          )}
          <p className="oncall-now" data-testid="oncall-now">
            On call now: <strong>{name(s.now.userId)}</strong> {s.now.userId && <When className="muted" at={s.now.since} prefix="since " mode="absolute" />}
          </p>
          <p data-testid="oncall-next">
            Next hand-off: {s.now.next ? <><When at={s.now.next.at} /> to {name(s.now.next.userId)}</> : 'none in the coming weeks'}
          </p>
          <ScheduleCalendar calendar={s.calendar} name={name} />
          <Overrides schedule={s} data={data} canRespond={canRespond} name={name} />
        </Card>
      ))}
      {data && <Policies data={data} canManage={canManage} teamId={teamId} name={name} />}
      {data && <BusinessHours data={data} canManage={canManage} teamId={teamId} />}
    </>
  );
}

// ---------------------------------------------------------------------------

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

function ScheduleForm({ data, initial, defaultTeamId, onDone }: { data: Overview; initial: Overview['schedules'][number] | null; defaultTeamId: string; onDone: () => void }) {
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

function Participants({ value, people, onChange, error, label }: { value: string[]; people: { id: string; name: string; email: string }[]; onChange: (v: string[]) => void; error?: string; label: string }) {
  const [pick, setPick] = useState('');
  const name = (id: string) => people.find((p) => p.id === id)?.name ?? id;
  const move = (i: number, d: number) => {
    const next = [...value];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x!);
    onChange(next);
  };
  return (
    <div>
      <p>
        <strong>Participants, in turn order</strong>
      </p>
      {value.length === 0 && <p className="muted">Nobody yet.</p>}
      <ol className="oncall-participants">
        {value.map((id, i) => (
          <li key={`${id}-${i}`}>
            {name(id)}{' '}
            <Button size="sm" variant="ghost" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${name(id)} up`}>
              ↑
            </Button>
            <Button size="sm" variant="ghost" disabled={i === value.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${name(id)} down`}>
              ↓
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onChange(value.filter((_, j) => j !== i))} aria-label={`Remove ${name(id)}`}>
              Remove
            </Button>
          </li>
        ))}
      </ol>
      <div className="form-row">
        <Select label={`Add participant to ${label}`} value={pick} onChange={(e) => setPick(e.target.value)} error={error}>
          <option value="">Choose a person</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({p.email})
            </option>
          ))}
        </Select>
        <Button
          disabled={!pick}
          onClick={() => {
            onChange([...value, pick]);
            setPick('');
          }}
        >
          Add participant
        </Button>
      </div>
    </div>
  );
}

// ---------------------------------------------------------------------------

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function Overrides({ schedule, data, canRespond, name }: { schedule: Overview['schedules'][number]; data: Overview; canRespond: boolean; name: (id: string | null) => string }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const [userId, setUserId] = useState('');
  const [start, setStart] = useState(toLocalInput(data.now));
  const [end, setEnd] = useState(toLocalInput(data.now + 8 * 3_600_000));
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const add = useMutation(trpc.oncall.addOverride.mutationOptions());
  const remove = useMutation(trpc.oncall.deleteOverride.mutationOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
  const upcoming = schedule.overrides.filter((o) => new Date(o.end).getTime() > data.now);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(overrideInputSchema, { scheduleId: schedule.id, userId, start: start ? new Date(start) : undefined, end: end ? new Date(end) : undefined, reason });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await add.mutateAsync(checked.data);
      setErrors({});
      setReason('');
      await refresh();
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }

  return (
    <details>
      <summary>Overrides ({upcoming.length} current or upcoming)</summary>
      {upcoming.length > 0 && (
        <Table caption={`Overrides of ${schedule.name}`} columns={['Who', 'From', 'To', 'Reason', <HiddenHeader>Actions</HiddenHeader>]}>
          {upcoming.map((o) => (
            <tr key={o.id}>
              <td>{name(o.userId)}</td>
              <td className="nowrap"><When at={o.start} mode="absolute" /></td>
              <td className="nowrap"><When at={o.end} mode="absolute" /></td>
              <td>{o.reason}</td>
              <td>
                {canRespond && (
                  <Button size="sm" variant="ghost" onClick={async () => (await remove.mutateAsync({ id: o.id }), refresh())}>
                    Remove override
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {canRespond && (
        <form onSubmit={submit} aria-label={`Add override to ${schedule.name}`} noValidate>
          {errors[''] && <Alert tone="danger">{errors['']}</Alert>}
          <div className="form-row">
            <Select label="Who takes over" value={userId} onChange={(e) => setUserId(e.target.value)} error={errors.userId}>
              <NamedOptions items={data.people} first="Choose a person" />
            </Select>
            <TextInput label="From" type="datetime-local" value={start} onChange={(e) => setStart(e.target.value)} error={errors.start} />
            <TextInput label="Until" type="datetime-local" value={end} onChange={(e) => setEnd(e.target.value)} error={errors.end} />
            <TextInput label="Reason" value={reason} onChange={(e) => setReason(e.target.value)} error={errors.reason} />
            <Button type="submit" busy={add.isPending}>
              Add override
            </Button>
          </div>
        </form>
      )}
    </details>
  );
}

// ---------------------------------------------------------------------------

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

function Policies({ data, canManage, teamId, name }: { data: Overview; canManage: boolean; teamId: string; name: (id: string | null) => string }) {
  const [editing, setEditing] = useState<Overview['policies'][number] | 'new' | null>(null);
  const describe = (t: EscalationStep['targets'][number]) =>
    t.type === 'schedule' ? `on call on ${data.schedules.find((s) => s.id === t.scheduleId)?.name ?? 'a schedule'}` : t.type === 'user' ? name(t.userId) : `team lead${t.teamId ? ` of ${data.teams.find((x) => x.id === t.teamId)?.name ?? t.teamId}` : ''}`;
  return (
    <Card title="Escalation policies" actions={canManage ? <Button size="sm" onClick={() => setEditing('new')}>New policy</Button> : undefined}>
      {data.policies.length === 0 && <p className="muted">No policy yet: pages go to the team&apos;s schedules, else its lead. A common shape: whoever is on call at once, the team lead after 15 min unacknowledged, the head of engineering after 30, so a page never waits on one person.</p>}
      {data.policies.map((p) => (
        <div key={p.id}>
          <h3>
            {p.name} <span className="muted">({data.teams.find((t) => t.id === p.teamId)?.name})</span> {p.isDefault && <Badge tone="info">default</Badge>}{' '}
            {canManage && (
              <Button size="sm" variant="ghost" onClick={() => setEditing(p)}>
                Edit policy {p.name}
              </Button>
            )}
          </h3>
          {p.problem && <Alert tone="danger">{p.problem}</Alert>}
          <LeadlessWarning steps={p.steps} teamId={p.teamId} teams={data.teams} />
          <ol>
            {p.steps.map((s, i) => (
              <li key={i}>
                {s.afterMinutes === 0 ? 'At once' : `After ${s.afterMinutes} min unacknowledged`}: page {s.targets.map(describe).join(', ')}
              </li>
            ))}
          </ol>
        </div>
      ))}
      {editing && <PolicyForm data={data} initial={editing === 'new' ? null : editing} teamId={teamId} onDone={() => setEditing(null)} />}
    </Card>
  );
}

/** Says, before a page finds out, that a "team lead" step wakes nobody. */
function LeadlessWarning({ steps, teamId, teams }: { steps: Parameters<typeof leadlessSteps>[0]; teamId: string; teams: Overview['teams'] }) {
  const missing = leadlessSteps(steps, teamId, teams);
  if (missing.length === 0) return null;
  return (
    <Alert tone="warning" title="A step pages nobody">
      {missing.map((m) => `Step ${m.step + 1} pages the team lead, but ${m.teamName} has no lead.`).join(' ')} Make someone lead in Settings → Teams, or page a schedule or a person at that step.
    </Alert>
  );
}

function PolicyForm({ data, initial, teamId, onDone }: { data: Overview; initial: Overview['policies'][number] | null; teamId: string; onDone: () => void }) {
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

// ---------------------------------------------------------------------------

function BusinessHours({ data, canManage, teamId }: { data: Overview; canManage: boolean; teamId: string }) {
  const teams = teamId ? data.teams.filter((t) => t.id === teamId) : data.teams;
  return (
    <Card title="Business hours (used by triage)">
      {teams.length === 0 && <p className="muted">No teams yet (Settings → Teams).</p>}
      {teams.map((t) => (
        <BusinessHoursForm key={t.id} team={t} canManage={canManage} />
      ))}
    </Card>
  );
}

function BusinessHoursForm({ team, canManage }: { team: Overview['teams'][number]; canManage: boolean }) {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const current = team.businessHours ?? team.defaultBusinessHours;
  const [days, setDays] = useState<number[]>(current.days);
  const [start, setStart] = useState(current.start);
  const [end, setEnd] = useState(current.end);
  const [timeZone, setTimeZone] = useState(current.timeZone);
  const [errors, setErrors] = useState<FieldErrors>({});
  const save = useMutation(trpc.oncall.setBusinessHours.mutationOptions());
  async function submit(e: FormEvent) {
    e.preventDefault();
    const checked = validate(businessHoursInputSchema, { teamId: team.id, hours: { days, start, end, timeZone } });
    if (!checked.ok) return setErrors(checked.errors);
    try {
      await save.mutateAsync(checked.data);
      setErrors({});
      await qc.invalidateQueries({ queryKey: trpc.oncall.overview.queryKey() });
    } catch (error) {
      setErrors(fieldErrorsFrom(error));
    }
  }
  return (
    <form onSubmit={submit} aria-label={`Business hours of ${team.name}`} noValidate>
      <Fieldset legend={`${team.name}${team.businessHours ? '' : ' (default: Mon-Fri 09:00-17:00 UTC)'}`} error={errors['hours.days'] ?? errors['']}>
        <div className="row">
          {WEEKDAY_NAMES.map((d, i) => (
            <Checkbox key={d} label={d} disabled={!canManage} checked={days.includes(i + 1)} onChange={(e) => setDays(e.target.checked ? [...days, i + 1] : days.filter((x) => x !== i + 1))} />
          ))}
        </div>
        <div className="form-row">
          <TextInput label="Opens" value={start} disabled={!canManage} onChange={(e) => setStart(e.target.value)} error={errors['hours.start']} />
          <TextInput label="Closes" value={end} disabled={!canManage} onChange={(e) => setEnd(e.target.value)} error={errors['hours.end']} />
          <TextInput label="Business time zone" value={timeZone} disabled={!canManage} onChange={(e) => setTimeZone(e.target.value)} error={errors['hours.timeZone']} />
          {canManage && (
            <Button type="submit" busy={save.isPending}>
              Save hours
            </Button>
          )}
        </div>
      </Fieldset>
    </form>
  );
}
