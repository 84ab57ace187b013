'use client';

import './maturity.css';
import Link from 'next/link';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { LEVELS, levelName, type MarkerResult, type MarkerSource, type MarkerStatus, type ScopeAssessment, type TrendPoint } from '@/server/maturity/maturity.schema';
import { AttestForm } from './AttestForm';
import { Attestations } from './Attestations';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Button } from '../ui/Button';
import { Card, Metric } from '../ui/Card';
import { Select } from '../ui/Field';
import { Table } from '../ui/Table';

// The maturity page: the organisation's and each team's level, the levels x
// markers grid with the evidence of each marker, what it takes to reach the
// next level, and the levels over time from the daily snapshots.

const STATUS: Record<MarkerStatus, { tone: Tone; label: string }> = {
  met: { tone: 'success', label: 'Met' },
  'not-met': { tone: 'danger', label: 'Not met' },
  'no-data': { tone: 'neutral', label: 'No data' },
};

const COLOURS = ['var(--chart-1)', 'var(--chart-2)', 'var(--chart-1-forecast)', 'var(--chart-2-forecast)', 'var(--chart-capacity)', 'var(--warning)', 'var(--danger)'];

export function MarkerBadge({ status, source = 'measured' }: { status: MarkerStatus; source?: MarkerSource }) {
  if (source === 'attested') return <Badge tone="info">Attested</Badge>;
  return <Badge tone={STATUS[status].tone}>{STATUS[status].label}</Badge>;
}

/** "L2 Managed ↑ from L1": the level and its movement since the last stored day. */
export function levelWithMovement(a: Pick<ScopeAssessment, 'level' | 'previousLevel'>): string {
  const now = `L${a.level} ${levelName(a.level)}`;
  if (a.previousLevel === null || a.previousLevel === a.level) return now;
  return `${now} ${a.previousLevel < a.level ? '↑' : '↓'} from L${a.previousLevel}`;
}

function fmtValue(m: MarkerResult): string {
  if (m.value === null) return m.status === 'met' ? 'n/a' : '—';
  return Number.isInteger(m.value) ? String(m.value) : m.value.toFixed(1);
}

function MarkerGrid({ a, onAttest }: { a: ScopeAssessment; onAttest: ((m: MarkerResult) => void) | null }) {
  return (
    <div className="maturity-grid" role="table" aria-label={`Markers of ${a.team}`}>
      {LEVELS.map(({ level, name }) => {
        const markers = a.markers.filter((m) => m.level === level);
        const summary = a.levels.find((l) => l.level === level)!;
        return (
          <div key={level} className={`maturity-level ${summary.reached ? 'is-reached' : ''}`} role="row">
            <div className="maturity-level-head" role="rowheader">
              <strong>
                {level}. {name}
              </strong>
              <span className="muted">
                {summary.met} / {summary.total} met{summary.reached ? ' · reached' : ''}
              </span>
            </div>
            {markers.map((m) => (
              <div key={m.id} className={`maturity-cell maturity-${m.source === 'attested' ? 'attested' : m.status}`} role="cell" data-marker={m.id}>
                <div className="maturity-cell-top">
                  <span className="maturity-cell-title">{m.title}</span>
                  <MarkerBadge status={m.status} source={m.source} />
                </div>
                <div className="maturity-cell-value">{m.source === 'attested' ? 'attested' : fmtValue(m)}</div>
                <div className="muted maturity-cell-rule">{m.source === 'attested' ? 'not measured: a lead’s attestation' : m.criterion}</div>
                {m.source === 'attested' ? (
                  <a className="maturity-evidence" href={m.href} title={m.detail} target="_blank" rel="noreferrer noopener">
                    {m.detail}
                  </a>
                ) : (
                  <Link className="maturity-evidence" href={m.href} title={m.detail}>
                    {m.detail}
                  </Link>
                )}
                {onAttest && m.attestable && m.status !== 'met' && (
                  <Button size="sm" variant="secondary" onClick={() => onAttest(m)}>
                    Attest
                  </Button>
                )}
              </div>
            ))}
          </div>
        );
      })}
    </div>
  );
}

function NextSteps({ a }: { a: ScopeAssessment }) {
  const target = Math.min(a.level + 1, 5);
  if (a.level === 5) return <p>Every marker is met: {a.team} is at level 5 (Optimising).</p>;
  const below = a.next.filter((m) => m.level < target);
  return (
    <>
      <p>
        To reach <strong>level {target} ({levelName(target)})</strong>, {a.team} needs {a.next.length} more marker{a.next.length === 1 ? '' : 's'}, the ones holding back the most services first.
        {below.length > 0 && ` Close the ${below.length} gap${below.length === 1 ? '' : 's'} below level ${target} first: a level counts only with every level under it.`}
        {a.aheadOfFoundations > 0 && ` ${a.aheadOfFoundations} marker${a.aheadOfFoundations === 1 ? ' is' : 's are'} already met higher up; they count once the foundations are in place.`}
      </p>
      <ol className="maturity-next">
        {a.next.map((m) => (
          <li key={m.id}>
            <MarkerBadge status={m.status} source={m.source} /> <strong>L{m.level} {m.title}</strong>
            {m.blocks !== null && a.services > 0 && <span className="muted"> (holds back {m.blocks} of {a.services} service{a.services === 1 ? '' : 's'})</span>}: {m.how}.{' '}
            <span className="muted">
              Now: {m.detail}. Rule: {m.criterion}.
            </span>{' '}
            <Link href={m.href}>Evidence</Link>
          </li>
        ))}
      </ol>
    </>
  );
}

function LevelTrend({ trend, teams }: { trend: TrendPoint[]; teams: string[] }) {
  if (trend.length === 0) return <p className="muted">No history yet: an assessment is stored every day (and when someone presses “Assess now”).</p>;
  const data = trend.map((p) => ({ day: p.day, Organisation: p.org, ...p.teams }));
  return (
    <figure aria-label="Maturity levels over time" className="maturity-trend">
      <div style={{ width: '100%', height: 260 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="day" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} />
            <YAxis domain={[1, 5]} ticks={[1, 2, 3, 4, 5]} allowDecimals={false} tick={{ fontSize: 12, fill: 'var(--text-muted)' }} width={28} />
            <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }} />
            <Legend />
            <Line type="stepAfter" dataKey="Organisation" stroke="var(--accent)" strokeWidth={3} dot={trend.length < 40} isAnimationActive={false} />
            {teams.slice(0, COLOURS.length).map((t, i) => (
              <Line key={t} type="stepAfter" dataKey={t} stroke={COLOURS[i]} strokeWidth={1.5} strokeDasharray="4 2" dot={false} isAnimationActive={false} connectNulls />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">
        Organisation level {trend[0]!.org} on {trend[0]!.day} → {trend[trend.length - 1]!.org} on {trend[trend.length - 1]!.day} ({trend.length} daily snapshot{trend.length === 1 ? '' : 's'}).
      </figcaption>
    </figure>
  );
}

export function MaturityView({ canAssess }: { canAssess: boolean }) {
  const trpc = useTRPC();
  const [scope, setScope] = useState('org');
  const [attesting, setAttesting] = useState<string | null>(null);
  const query = useQuery(trpc.maturity.get.queryOptions({ days: 90 }));
  const assess = useMutation(trpc.maturity.assess.mutationOptions({ onSuccess: () => query.refetch() }));
  if (query.isPending) return <p className="muted">Assessing from live evidence…</p>;
  if (query.isError) return <Alert tone="danger">{errorMessage(query.error)}</Alert>;
  const { org, teams, trend } = query.data;
  const selected = scope === 'org' ? org : (teams.find((t) => t.teamId === scope) ?? org);
  const canAttest = selected.teamId !== null && query.data.attestTeamIds.includes(selected.teamId);
  const attestMarker = attesting ? selected.markers.find((m) => m.id === attesting && m.attestable && m.status !== 'met') : undefined;
  const choose = (id: string) => {
    setScope(id);
    setAttesting(null);
  };
  const counts = LEVELS.map(({ level }) => teams.filter((t) => t.level === level).length);
  return (
    <>
      <div className="grid maturity-summary">
        <Card title="Organisation">
          <Metric
            value={`Level ${org.level}`}
            label={`${levelName(org.level)} · ${org.markers.filter((m) => m.status === 'met').length} of 30 markers met${org.previousLevel !== null && org.previousLevel !== org.level ? ` · was L${org.previousLevel}` : ''}`}
          />
        </Card>
        <Card title="Teams by level">
          <ul className="maturity-distribution" aria-label="Teams per level">
            {LEVELS.map(({ level, name }, i) => (
              <li key={level}>
                <span className="maturity-distribution-count">{counts[i]}</span> L{level} {name}
              </li>
            ))}
          </ul>
        </Card>
        <Card title="Evidence">
          <p className="muted">
            {org.markers.filter((m) => m.status === 'no-data').length} of 30 markers have no data for the organisation yet. Assessed {new Date(query.data.assessedAt).toISOString().slice(0, 16).replace('T', ' ')} UTC.
          </p>
          {canAssess && (
            <Button size="sm" busy={assess.isPending} onClick={() => assess.mutate()}>
              Assess now
            </Button>
          )}
          {assess.isError && <Alert tone="danger">{errorMessage(assess.error)}</Alert>}
          {assess.isSuccess && <p className="muted">Stored {assess.data.scopes} assessments for today.</p>}
        </Card>
      </div>

      <Card title="Teams" flush>
        <Table caption="Maturity level per team" columns={['Team', 'Level', 'Services', 'Markers met', 'Next level needs']}>
          {teams.map((t) => (
            <tr key={t.teamId}>
              <td>
                <button type="button" className="link-button" onClick={() => choose(t.teamId!)}>
                  {t.team}
                </button>
              </td>
              <td>{levelWithMovement(t)}</td>
              <td>{t.services}</td>
              <td>{t.markers.filter((m) => m.status === 'met').length} / 30</td>
              <td>{t.level === 5 ? '—' : `${t.next.length} marker${t.next.length === 1 ? '' : 's'}`}</td>
            </tr>
          ))}
        </Table>
        {teams.length === 0 && <p className="muted card-body">No teams yet (Settings → Teams).</p>}
      </Card>

      <Card
        title={`${selected.team}: level ${selected.level} (${levelName(selected.level)})`}
        actions={
          <Select label="Scope" value={scope} onChange={(e) => choose(e.target.value)}>
            <option value="org">Organisation</option>
            {teams.map((t) => (
              <option key={t.teamId} value={t.teamId!}>
                {t.team}
              </option>
            ))}
          </Select>
        }
      >
        <MarkerGrid a={selected} onAttest={canAttest ? (m) => setAttesting(m.id) : null} />
        {attestMarker && selected.teamId && <AttestForm key={attestMarker.id} teamId={selected.teamId} team={selected.team} marker={attestMarker} onDone={() => setAttesting(null)} />}
      </Card>

      <Card title={`Attested, not measured: ${selected.team}`}>
        <Attestations a={selected} canAttest={canAttest} />
      </Card>

      <Card title={`What it takes: ${selected.team}`}>
        <NextSteps a={selected} />
      </Card>

      <Card title="Levels over time">
        <LevelTrend trend={trend} teams={teams.map((t) => t.team)} />
      </Card>
    </>
  );
}
