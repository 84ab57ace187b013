'use client';

import './toil.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { TOIL_BAND_LABELS, type TeamToilDto, type ToilBand, type ToilOverviewDto } from '@/server/toil/toil.schema';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card, Metric } from '../ui/Card';
import { Dialog } from '../ui/Dialog';
import { Table } from '../ui/Table';
import { ToilLogForm } from './ToilLogForm';
import { ToilSettingsForm } from './ToilSettingsForm';

// The toil page: each team's band this sprint (worst first) with the seed's
// action over 50 %, what the change gate does about it, the trend over the
// last sprints, the log form and the log.

const BAND_TONE: Record<ToilBand, Tone> = { healthy: 'success', watch: 'warning', over: 'danger', 'no-data': 'neutral' };
const COLOURS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-1-forecast)', 'var(--chart-2-forecast)', 'var(--chart-capacity)', 'var(--warning)', 'var(--danger)'];

function ToilBadge({ band }: { band: ToilBand }) {
  return <Badge tone={BAND_TONE[band]}>{TOIL_BAND_LABELS[band]}</Badge>;
}

const hours = (h: number) => `${Math.round(h * 10) / 10} h`;

/** A bar to 100 % with the 20 % and 50 % lines; the fill takes the band's colour. */
function Meter({ percent, band }: { percent: number | null; band: ToilBand }) {
  const width = Math.min(100, Math.max(0, percent ?? 0));
  return (
    <div className="toil-meter" role="img" aria-label={percent === null ? 'No engineering hours' : `${percent} % of engineering time`}>
      <div className={`toil-meter-fill toil-${band}`} style={{ width: `${width}%` }} />
      <span className="toil-meter-mark" style={{ left: '20%' }} />
      <span className="toil-meter-mark toil-meter-mark-strong" style={{ left: '50%' }} />
    </div>
  );
}

function TeamCard({ t, canConfigure, onSettings }: { t: TeamToilDto; canConfigure: boolean; onSettings: () => void }) {
  const c = t.current;
  return (
    <section className={`card toil-team toil-team-${c.band}`} aria-label={`Toil of ${t.teamName}`} data-team={t.teamSlug}>
      <div className="card-header">
        <h2>{t.teamName}</h2>
        <ToilBadge band={c.band} />
      </div>
      <div className="card-body toil-team-body">
        <Metric value={c.percent === null ? '—' : `${c.percent} %`} label={`of ${c.engineeringHours === null ? '? ' : hours(c.engineeringHours)} engineering time, sprint ${c.start} – ${c.end} (day ${c.elapsedDays})`} />
        <Meter percent={c.percent} band={c.band} />
        <dl className="toil-facts">
          <div>
            <dt>Logged</dt>
            <dd>{hours(c.loggedHours)}</dd>
          </div>
          <div>
            <dt>On-call</dt>
            <dd>
              {hours(c.pageHours)} · {c.pagesHandled} page{c.pagesHandled === 1 ? '' : 's'}
            </dd>
          </div>
          <div>
            <dt>Manual pages</dt>
            <dd>{c.manualPages === 0 ? 'none' : `${c.manualPages}, median ${c.medianManualMinutes} min to resolve`}</dd>
          </div>
          <div>
            <dt>At this pace</dt>
            <dd>{c.projectedPercent === null ? '—' : `${c.projectedPercent} % by ${c.end}`}</dd>
          </div>
        </dl>
        {t.action && (
          <p className="toil-action" role="status">
            <strong>{t.action}</strong> Change gate: feature changes of {t.teamName} are {t.gate === 'block' ? 'blocked (the team opted in)' : 'flagged, not blocked'}.
          </p>
        )}
        <p className="muted toil-settings-line">
          {t.settings.sprintDays}-day sprints · {t.members} member{t.members === 1 ? '' : 's'} · engineering hours {t.settings.engineeringHours === null ? 'from members (6 h a working day)' : 'set by the team'}
          {t.settings.blockFeatureWork ? ' · blocks feature work over 50 %' : ''}
          {!t.settings.configured ? ' · defaults' : ''}
        </p>
        {canConfigure && (
          <Button size="sm" variant="ghost" onClick={onSettings}>
            Sprint and budget settings
          </Button>
        )}
      </div>
    </section>
  );
}

function Trend({ teams }: { teams: TeamToilDto[] }) {
  const shown = teams.filter((t) => t.trend.some((s) => s.percent !== null)).slice(0, COLOURS.length);
  if (shown.length === 0) return <p className="muted">No team has engineering hours yet: add members to a team (Settings → Teams) or set its hours.</p>;
  const length = Math.max(...shown.map((t) => t.trend.length));
  // Teams' sprints may differ in length: the x axis counts sprints back from the current one.
  const data = Array.from({ length }, (_, i) => {
    const back = length - 1 - i;
    const row: Record<string, number | string | null> = { sprint: back === 0 ? 'current' : `−${back}` };
    for (const t of shown) row[t.teamName] = t.trend[t.trend.length - 1 - back]?.percent ?? null;
    return row;
  });
  return (
    <figure aria-label="Toil per sprint" className="toil-trend">
      <div style={{ width: '100%', height: 280 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="sprint" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} />
            <YAxis unit=" %" domain={[0, (max: number) => Math.max(60, Math.ceil(max / 10) * 10)]} tick={{ fontSize: 12, fill: 'var(--text-muted)' }} width={48} />
            <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }} formatter={(v) => `${v} %`} />
            <Legend />
            <ReferenceLine y={20} stroke="var(--warning)" strokeDasharray="4 4" label={{ value: '20 %', position: 'insideTopLeft', fill: 'var(--text-muted)', fontSize: 11 }} />
            <ReferenceLine y={50} stroke="var(--danger)" strokeDasharray="4 4" label={{ value: '50 %: halt feature work', position: 'insideTopLeft', fill: 'var(--danger)', fontSize: 11 }} />
            {shown.map((t, i) => (
              <Line key={t.teamId} type="monotone" dataKey={t.teamName} stroke={COLOURS[i]} strokeWidth={2} dot isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">Toil as a share of engineering hours, per sprint (the last {length}); the current sprint is still running.</figcaption>
    </figure>
  );
}

function Log({ data, canLog, userEmail }: { data: ToilOverviewDto; canLog: boolean; userEmail: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.toil.deleteEntry.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.toil.pathFilter()) }));
  if (data.entries.length === 0) return <p className="muted card-body">Nothing logged yet.</p>;
  return (
    <>
      {remove.isError && <Alert tone="danger">{errorMessage(remove.error)}</Alert>}
      <Table caption="Toil log, newest first" columns={['Day', 'Team', 'Hours', 'What', 'Logged by', canLog && { label: <span className="visually-hidden">Actions</span>, className: 'actions' }]}>
        {data.entries.map((e) => (
          <tr key={e.id}>
            <td className="nowrap">{e.day}</td>
            <td>{e.teamName}</td>
            <td className="nowrap">{hours(e.hours)}</td>
            <td className="break">{e.what}</td>
            <td className="break">
              {e.authorLabel} <span className="muted">({e.source})</span>
            </td>
            {canLog && (
              <td className="actions">
                {e.authorLabel === userEmail && (
                  <Button size="sm" variant="ghost" busy={remove.isPending && remove.variables?.id === e.id} onClick={() => remove.mutate({ id: e.id })} aria-label={`Delete ${hours(e.hours)} on ${e.day}`}>
                    Delete
                  </Button>
                )}
              </td>
            )}
          </tr>
        ))}
      </Table>
    </>
  );
}

export function ToilView({ canLog, canConfigure, userEmail }: { canLog: boolean; canConfigure: boolean; userEmail: string }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.toil.overview.queryOptions({ sprints: 8 }));
  const [editing, setEditing] = useState<TeamToilDto | null>(null);
  if (query.isPending) return <p className="muted">Loading toil…</p>;
  if (query.isError) return <Alert tone="danger">{errorMessage(query.error)}</Alert>;
  const data = query.data;
  const over = data.teams.filter((t) => t.current.band === 'over');
  const watch = data.teams.filter((t) => t.current.band === 'watch');
  const total = data.teams.reduce((s, t) => s + t.current.toilHours, 0);
  const eng = data.teams.reduce((s, t) => s + (t.current.engineeringHours ?? 0), 0);
  return (
    <>
      <div className="grid toil-summary">
        <Card title="Over 50 %">
          <Metric value={over.length} label={over.length === 0 ? 'No team is over its toil budget' : `${over.map((t) => t.teamName).join(', ')}: halt feature work`} />
        </Card>
        <Card title="20-50 %">
          <Metric value={watch.length} label={watch.length === 0 ? 'No team in the watch band' : watch.map((t) => t.teamName).join(', ')} />
        </Card>
        <Card title="All teams this sprint">
          <Metric value={eng > 0 ? `${Math.round((1000 * total) / eng) / 10} %` : '—'} label={`${hours(total)} toil of ${hours(eng)} engineering time`} />
        </Card>
      </div>

      {over.length > 0 && (
        <Alert tone="danger" title={`${over.length === 1 ? `${over[0]!.teamName} is` : `${over.length} teams are`} over the toil budget`}>
          If toil exceeds 50 % of engineering time, halt feature work and invest in automation. The change gate flags these teams’ feature changes
          {over.some((t) => t.gate === 'block') ? ` and blocks them for ${over.filter((t) => t.gate === 'block').map((t) => t.teamName).join(', ')} (opted in)` : ''}.
        </Alert>
      )}

      {canLog && <ToilLogForm teams={data.teams} />}

      <div className="grid grid-wide toil-teams">
        {data.teams.map((t) => (
          <TeamCard key={t.teamId} t={t} canConfigure={canConfigure} onSettings={() => setEditing(t)} />
        ))}
      </div>
      {data.teams.length === 0 && <p className="muted">No teams yet (Settings → Teams).</p>}

      <Card title="Toil per sprint">
        <Trend teams={data.teams} />
      </Card>

      <Card title="Toil log" flush>
        <Log data={data} canLog={canLog} userEmail={userEmail} />
      </Card>

      <Dialog open={editing !== null} onClose={() => setEditing(null)} title={editing ? `Toil settings: ${editing.teamName}` : 'Toil settings'}>
        {editing && <ToilSettingsForm team={editing} onDone={() => setEditing(null)} />}
      </Dialog>
    </>
  );
}
