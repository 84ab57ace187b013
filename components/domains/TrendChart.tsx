'use client';

import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '@/server/domains/strip.schema';

// A domain's daily figures over 30/90 days (DomainSnapshot rows).

const COLOURS = ['var(--danger)', 'var(--warning)', 'var(--chart-1)', 'var(--chart-2)', 'var(--chart-1-forecast)', 'var(--chart-capacity)'];

export function TrendChart({ label, trend, series, empty }: { label: string; trend: readonly TrendPoint[]; series: readonly { key: string; name: string }[]; empty: string }) {
  if (trend.length === 0) return <p className="muted">{empty}</p>;
  const data = trend.map((p) => ({ day: p.day.slice(5), ...Object.fromEntries(series.map((s) => [s.name, p.values[s.key] ?? 0])) }));
  // Wide enough for the longest tick (a 4-digit value was cut to "000" at a fixed 32 px).
  const highest = Math.max(0, ...trend.flatMap((p) => series.map((s) => p.values[s.key] ?? 0)));
  const axisWidth = Math.max(32, 12 + 8 * String(Math.round(highest)).length);
  return (
    <figure aria-label={label} className="domain-trend">
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" />
            <XAxis dataKey="day" tick={{ fontSize: 12, fill: 'var(--text-muted)' }} />
            <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: 'var(--text-muted)' }} width={axisWidth} />
            <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', color: 'var(--text)' }} />
            <Legend />
            {series.map((s, i) => (
              <Line key={s.key} type="monotone" dataKey={s.name} stroke={COLOURS[i % COLOURS.length]} strokeWidth={2} dot={trend.length < 20} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">
        {trend.length} daily snapshot{trend.length === 1 ? '' : 's'}, {trend[0]!.day} to {trend[trend.length - 1]!.day}.
      </figcaption>
    </figure>
  );
}
