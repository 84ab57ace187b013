'use client';

import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { SloDetail } from '@/server/slo/slo-api.schema';
import { formatDateTime, formatDay } from '../format/time';
import { formatPercentTick, niceTicks, tickDigits } from './chart-scale';

// Charts of the SLO detail page. Times arrive as epoch ms; ticks show local dates.

const tick = (t: number) => formatDay(t);
// Reference lines are labelled inside the plot, above the line at its right end,
// in the muted text colour: outside the plot they were cut to "fre", "pa".
const refLabel = (value: string) => ({ value, fontSize: 11, position: 'insideTopRight' as const, fill: 'var(--text-muted, #555)' });
/** Labels of lines closer than this share of the axis would overlap: only the first keeps its label. */
const MIN_LABEL_GAP = 0.07;
const label = (t: unknown) => formatDateTime(Number(t));

function Frame({ title, summary, children }: { title: string; summary: string; children: React.ReactElement }) {
  return (
    <figure aria-label={title} style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>{children}</ResponsiveContainer>
      </div>
      <figcaption className="muted">{summary}</figcaption>
    </figure>
  );
}

/** Remaining budget across the window, from 100 % at the window start; policy bands drawn. */
export function BudgetTimeline({ detail }: { detail: SloDetail }) {
  const points = detail.report.timeline;
  const last = points[points.length - 1];
  const min = Math.min(0, ...points.map((p) => p.remainingPercent));
  return (
    <Frame
      title="Error budget timeline"
      summary={`Remaining error budget across the window: 100 % at ${label(points[0]?.t)}, ${last ? last.remainingPercent.toFixed(1) : '—'} % now.${detail.dataState === 'no-data' ? ' No data yet: the line stays at 100 % until counts arrive.' : ''}`}
    >
      <LineChart data={points} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border, #ccc)" />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={tick} tick={{ fontSize: 12 }} />
        <YAxis domain={[Math.floor(min / 10) * 10, 100]} tick={{ fontSize: 12 }} width={44} unit="%" />
        <Tooltip labelFormatter={label} formatter={(v) => [`${Number(v).toFixed(2)} %`, 'Remaining']} />
        <ReferenceLine y={50} stroke="var(--info, #2563eb)" strokeDasharray="4 4" label={refLabel('caution below 50 %')} />
        <ReferenceLine y={25} stroke="var(--warning, #b45309)" strokeDasharray="4 4" label={refLabel('restricted below 25 %')} />
        <ReferenceLine y={10} stroke="var(--danger, #b91c1c)" strokeDasharray="4 4" label={refLabel('freeze below 10 %')} />
        <Line type="stepAfter" dataKey="remainingPercent" name="Remaining" stroke="var(--accent, #2563eb)" strokeWidth={2} dot={false} isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}

/** Hourly burn rate with the alert thresholds (14.4 / 6 / 3 / 1 at 30 d, derived from the window). */
export function BurnRateChart({ detail }: { detail: SloDetail }) {
  const factors = [...new Map(detail.thresholds.map((t) => [t.factor, t])).values()].sort((a, b) => b.factor - a.factor);
  const max = Math.max(...factors.map((f) => f.factor), ...detail.series.map((p) => p.burn1h ?? 0)) * 1.1;
  const top = Math.ceil(max || 1);
  let lastLabelled = Number.POSITIVE_INFINITY;
  const labelled = new Set(
    factors.flatMap((f) => {
      if ((lastLabelled - f.factor) / top < MIN_LABEL_GAP) return [];
      lastLabelled = f.factor;
      return [f.factor];
    }),
  );
  return (
    <Frame
      title="Burn rate"
      summary={`Burn rate per hour (1 = the budget lasts exactly the window). Alert thresholds: ${detail.thresholds
        .map((t) => `${t.severity} ${t.factor}× over ${t.shortWindow} and ${t.longWindow}`)
        .join('; ')}.`}
    >
      <LineChart data={detail.series} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border, #ccc)" />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={tick} tick={{ fontSize: 12 }} />
        <YAxis domain={[0, top]} tick={{ fontSize: 12 }} width={44} tickFormatter={(v: number) => `${v}×`} />
        <Tooltip labelFormatter={label} formatter={(v) => [v === null ? '—' : `${Number(v).toFixed(2)}×`, 'Burn rate (1 h)']} />
        {factors.map((f) => (
          <ReferenceLine
            key={f.factor}
            y={f.factor}
            stroke={f.severity === 'page' ? 'var(--danger, #b91c1c)' : 'var(--warning, #b45309)'}
            strokeDasharray="6 3"
            label={labelled.has(f.factor) ? refLabel(`${f.severity} ${f.factor}×`) : undefined}
          />
        ))}
        <Line type="monotone" dataKey="burn1h" name="Burn rate" stroke="var(--accent, #2563eb)" dot={false} connectNulls={false} isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}

export function SliChart({ detail }: { detail: SloDetail }) {
  const data = detail.series.map((p) => ({ t: p.t, sli: p.sli === null ? null : p.sli * 100 }));
  const values = data.map((d) => d.sli).filter((v): v is number => v !== null);
  const lo = Math.max(0, Math.min(detail.objective - (100 - detail.objective), ...values));
  const ticks = niceTicks(lo, 100);
  const digits = tickDigits(ticks);
  return (
    <Frame title="SLI" summary={`SLI per hour against the ${detail.objective} % objective.`}>
      <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" stroke="var(--border, #ccc)" />
        <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={tick} tick={{ fontSize: 12 }} />
        <YAxis domain={[ticks[0]!, 100]} ticks={ticks} tick={{ fontSize: 12 }} width={64} tickFormatter={(v: number) => formatPercentTick(v, digits)} allowDataOverflow />
        <Tooltip labelFormatter={label} formatter={(v) => [v === null ? '—' : `${Number(v).toFixed(3)} %`, 'SLI']} />
        <ReferenceLine y={detail.objective} stroke="var(--danger, #b91c1c)" strokeDasharray="6 3" label={refLabel(`objective ${detail.objective} %`)} />
        <Line type="monotone" dataKey="sli" name="SLI" stroke="var(--accent, #2563eb)" dot={false} isAnimationActive={false} />
      </LineChart>
    </Frame>
  );
}
