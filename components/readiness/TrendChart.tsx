'use client';

import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { TrendPoint } from '@/server/readiness/readiness-api.schema';

// Daily snapshots; the last point may be today's live figure (marked in the tooltip).
export function TrendChart({ points, label }: { points: TrendPoint[]; label: string }) {
  if (points.length === 0) return <p className="muted">No history yet: a snapshot is stored every day.</p>;
  const data = points.map((p) => ({ ...p, day: p.live ? `${p.day} (now)` : p.day }));
  return (
    <figure aria-label={label} style={{ margin: 0 }}>
      <div style={{ width: '100%', height: 220 }}>
        <ResponsiveContainer>
          <LineChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--border, #ccc)" />
            <XAxis dataKey="day" tick={{ fontSize: 12 }} />
            <YAxis domain={[0, 100]} tick={{ fontSize: 12 }} width={36} />
            <Tooltip />
            <Line type="monotone" dataKey="score" name="Score" stroke="var(--accent, #2563eb)" strokeWidth={2} dot={points.length < 40} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="muted">
        {label}: {points.length === 1 ? `${points[0]!.score} on ${points[0]!.day}` : `${points[0]!.score} → ${points[points.length - 1]!.score} over ${points.length} days`}
      </figcaption>
    </figure>
  );
}
