'use client';

import { formatDateTime } from '../format/time';

// A horizontal calendar of the next weeks: the final schedule on top, then each
// layer, one bar each; gaps (nobody on call) are highlighted. Colours follow
// the person; the table below lists the same shifts for screen readers.

type Seg = { start: number; end: number; userId: string | null };
type Span = { start: number; end: number };
const DAY_MS = 86_400_000;

export function colourFor(userId: string | null): string {
  if (!userId) return 'transparent';
  let h = 0;
  for (const c of userId) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 60% 55%)`;
}

function Bar({ label, segments, gaps, from, to, name }: { label: string; segments: Seg[]; gaps?: Span[]; from: number; to: number; name: (id: string | null) => string }) {
  const pct = (t: number) => `${((Math.min(Math.max(t, from), to) - from) / (to - from)) * 100}%`;
  const width = (s: Span) => `${((Math.min(s.end, to) - Math.max(s.start, from)) / (to - from)) * 100}%`;
  return (
    <div className="oncall-row">
      <div className="oncall-row-label">{label}</div>
      <div className="oncall-bar" aria-hidden="true">
        {segments.map((s, i) => (
          <div key={`s${i}`} className="oncall-seg" title={`${name(s.userId)}: ${formatDateTime(new Date(s.start))} – ${formatDateTime(new Date(s.end))}`} style={{ left: pct(s.start), width: width(s), background: colourFor(s.userId) }}>
            <span>{name(s.userId)}</span>
          </div>
        ))}
        {(gaps ?? []).map((g, i) => (
          <div key={`g${i}`} className="oncall-seg oncall-gap" title={`Nobody on call: ${formatDateTime(new Date(g.start))} – ${formatDateTime(new Date(g.end))}`} style={{ left: pct(g.start), width: width(g) }}>
            <span>gap</span>
          </div>
        ))}
      </div>
    </div>
  );
}

export function ScheduleCalendar({
  calendar,
  name,
}: {
  calendar: { from: number; to: number; shifts: (Seg & { source: string })[]; gaps: Span[]; layers: { name: string; shifts: Seg[] }[] };
  name: (id: string | null) => string;
}) {
  const { from, to } = calendar;
  const days: number[] = [];
  for (let d = Math.ceil(from / DAY_MS) * DAY_MS; d < to; d += DAY_MS) days.push(d);
  return (
    <div className="oncall-calendar">
      <div className="oncall-row">
        <div className="oncall-row-label" />
        <div className="oncall-ticks" aria-hidden="true">
          {days.map((d) => (
            <span key={d} style={{ left: `${((d - from) / (to - from)) * 100}%` }}>
              {new Date(d).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' })}
            </span>
          ))}
        </div>
      </div>
      <Bar label="Final" segments={calendar.shifts} gaps={calendar.gaps} from={from} to={to} name={name} />
      {calendar.layers.map((l, i) => (
        <Bar key={i} label={`Layer ${i + 1}: ${l.name}`} segments={l.shifts.filter((s) => s.userId)} from={from} to={to} name={name} />
      ))}
      {calendar.gaps.length > 0 && (
        <p className="oncall-gap-note" role="status">
          {calendar.gaps.length} gap{calendar.gaps.length === 1 ? '' : 's'} with nobody on call: {calendar.gaps.slice(0, 3).map((g) => `${formatDateTime(new Date(g.start))} – ${formatDateTime(new Date(g.end))}`).join('; ')}
        </p>
      )}
      <details>
        <summary>Shifts as a list</summary>
        <table className="table">
          <caption className="visually-hidden">Final shifts</caption>
          <thead>
            <tr>
              <th scope="col">Who</th>
              <th scope="col">From</th>
              <th scope="col">To</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {calendar.shifts.map((s, i) => (
              <tr key={i}>
                <td>{name(s.userId)}</td>
                <td>{formatDateTime(new Date(s.start))}</td>
                <td>{formatDateTime(new Date(s.end))}</td>
                <td>{s.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </div>
  );
}
