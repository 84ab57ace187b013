'use client';

import '../oncall/oncall.css';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { QualityBand, QualityKey } from '@/server/alerts/quality.compute';
import { formatDay } from '../format/time';
import { useTRPC } from '../trpc/client';
import { errorMessage } from '../trpc/errors';
import { Alert } from '../ui/Alert';
import { Badge, type Tone } from '../ui/Badge';
import { Card } from '../ui/Card';
import { Select } from '../ui/Field';
import { Table } from '../ui/Table';

// The seed's alert-quality table per team (last 4 weeks) and each metric per
// week, so a team sees whether its tuning works.

const BAND_TONE: Record<QualityBand, Tone> = { healthy: 'success', watch: 'warning', warning: 'danger', 'no-data': 'neutral' };
const COLOURS: Record<QualityKey, string> = { pagesPerShift: '#d9480f', actionablePercent: '#2f9e44', p1Mttr: '#1971c2', postmortemCompletion: '#9c36b5', flapRate: '#e67700' };

function fmt(value: number | null, unit: string): string {
  if (value === null) return 'no data';
  return unit === '%' ? `${value.toFixed(0)} %` : unit === 'min' ? `${value.toFixed(0)} min` : value.toFixed(2);
}

export function QualityView() {
  const trpc = useTRPC();
  const [teamId, setTeamId] = useState('');
  const [weeks, setWeeks] = useState(8);
  const all = useQuery(trpc.alerts.quality.queryOptions({ weeks }));
  const report = useQuery(trpc.alerts.quality.queryOptions({ teamId: teamId || undefined, weeks }));
  const [chartKey, setChartKey] = useState<QualityKey>('pagesPerShift');
  return (
    <>
      <div className="form-row" role="search" aria-label="Choose team and range">
        <Select label="Team" value={teamId} onChange={(e) => setTeamId(e.target.value)}>
          <option value="">All teams</option>
          {all.data?.teams.map((t) => (
            <option key={t.teamId} value={t.teamId}>
              {t.team}
            </option>
          ))}
        </Select>
        <Select label="Trend" value={String(weeks)} onChange={(e) => setWeeks(Number(e.target.value))}>
          <option value="8">8 weeks</option>
          <option value="12">12 weeks</option>
          <option value="26">26 weeks</option>
        </Select>
        <Select label="Chart metric" value={chartKey} onChange={(e) => setChartKey(e.target.value as QualityKey)}>
          {report.data?.metrics.map((m) => (
            <option key={m.key} value={m.key}>
              {m.metric}
            </option>
          ))}
        </Select>
      </div>
      {report.isPending && <p className="muted">Computing alert quality…</p>}
      {report.isError && <Alert tone="danger">{errorMessage(report.error)}</Alert>}
      {report.data?.teams.length === 0 && <p className="muted">No teams yet (Settings → Teams).</p>}
      {report.data?.teams.map((t) => {
        const metric = report.data.metrics.find((m) => m.key === chartKey)!;
        const data = t.trend.map((w) => ({ week: formatDay(w.weekStart, { utc: true }), value: w[chartKey] ?? null }));
        return (
          <Card key={t.teamId} title={`${t.team}: last 4 weeks`}>
            <Table caption={`Alert quality of ${t.team}`} columns={['Metric', 'Value', 'Band', 'Healthy', 'Warning', 'Action']}>
              {t.rows.map((r) => (
                <tr key={r.key}>
                  <td>
                    {r.metric}
                    <div className="muted">{r.detail}</div>
                  </td>
                  <td className="metric-value">{fmt(r.value, r.unit)}</td>
                  <td>
                    <Badge tone={BAND_TONE[r.band]}>{r.band}</Badge>
                  </td>
                  <td>{r.healthyTarget}</td>
                  <td>{r.warningAt}</td>
                  <td className={r.actionNeeded ? 'quality-band-warning' : 'muted'}>{r.action}</td>
                </tr>
              ))}
            </Table>
            <h3>
              {metric.metric} per week ({metric.unit})
            </h3>
            <div style={{ width: '100%', height: 220 }}>
              <ResponsiveContainer>
                <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" />
                  <XAxis dataKey="week" />
                  <YAxis />
                  <Tooltip />
                  <Legend />
                  <Line type="monotone" dataKey="value" name={metric.metric} stroke={COLOURS[chartKey]} connectNulls={false} isAnimationActive={false} />
                </LineChart>
              </ResponsiveContainer>
            </div>
          </Card>
        );
      })}
    </>
  );
}
