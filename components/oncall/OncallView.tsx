'use client';

import './oncall.css';
import { useMemo, useState } from 'react';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Button } from '../ui/Button';
import { Card } from '../ui/Card';
import { EmptyState } from '../ui/EmptyState';
import { NamedOptions, Select } from '../ui/Field';
import { When } from '../format/When';
import { BusinessHours } from './BusinessHours';
import { EscalationPolicies } from './EscalationPolicies';
import { Overrides } from './Overrides';
import { PagesPanel } from './PagesPanel';
import { ScheduleCalendar } from './ScheduleCalendar';
import { ScheduleForm } from './ScheduleForm';
import { type Overview, useOncallOverview } from './useOncallOverview';

// The on-call page: open pages to answer, then per schedule who is on call now
// and next, a calendar of the coming weeks (final shifts, layers, gaps),
// overrides; schedule, escalation policy and business-hours editors.

export function OncallView({ canManage, canRespond, focusPageId }: { canManage: boolean; canRespond: boolean; focusPageId?: string }) {
  const [teamId, setTeamId] = useState('');
  const [days, setDays] = useState(14);
  const overview = useOncallOverview(teamId, days);
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
      {data && <EscalationPolicies data={data} canManage={canManage} teamId={teamId} name={name} />}
      {data && <BusinessHours data={data} canManage={canManage} teamId={teamId} />}
    </>
  );
}
