'use client';

import { formatDay, formatRange } from '../format/time';
import { When } from '../format/When';

// A horizontal calendar of the next weeks: the final schedule on top, then each
// layer, one bar each; gaps (nobody on call) are highlighted. Colours follow
// the person; the table below lists the same shifts for screen readers.
// Days are the viewer's own days (local midnight), labelled in the middle of
// their column; on a phone the calendar scrolls sideways inside its card
// rather than squeezing two weeks into 300 px.

type Seg = { start: number; end: number; userId: string | null };
type Span = { start: number; end: number };

function colourFor(userId: string | null): string {
  if (!userId) return 'transparent';
  let h = 0;
  for (const c of userId) h = (h * 31 + c.charCodeAt(0)) % 360;
  return `hsl(${h} 60% 55%)`;
}

/** Local midnights from the first one at or after `from` up to `to`, plus `to` as the last edge. */
export function dayEdges(from: number, to: number): number[] {
  const d = new Date(from);
  d.setHours(0, 0, 0, 0);
  if (d.getTime() < from) d.setDate(d.getDate() + 1);
  const edges: number[] = [];
  while (d.getTime() < to) {
    edges.push(d.getTime());
    d.setDate(d.getDate() + 1);
  }
  return edges;
}

function Bar({ label, segments, gaps, from, to, name }: { label: string; segments: Seg[]; gaps?: Span[]; from: number; to: number; name: (id: string | null) => string }) {
  const pct = (t: number) => `${((Math.min(Math.max(t, from), to) - from) / (to - from)) * 100}%`;
  const width = (s: Span) => `${((Math.min(s.end, to) - Math.max(s.start, from)) / (to - from)) * 100}%`;
  return (
    <div className="oncall-row">
      <div className="oncall-row-label" title={label}>
        {label}
      </div>
      <div className="oncall-bar" aria-hidden="true">
        {segments.map((s, i) => (
          <div key={`s${i}`} className="oncall-seg" title={`${name(s.userId)}: ${formatRange(s.start, s.end)}`} style={{ left: pct(s.start), width: width(s), background: colourFor(s.userId) }}>
            <span>{name(s.userId)}</span>
          </div>
        ))}
        {(gaps ?? []).map((g, i) => (
          <div key={`g${i}`} className="oncall-seg oncall-gap" title={`Nobody on call: ${formatRange(g.start, g.end)}`} style={{ left: pct(g.start), width: width(g) }}>
            <span>gap</span>
          </div>
        ))}
      </div>
    </div>
  );
}

function DayScale({ from, to }: { from: number; to: number }) {
  const edges = dayEdges(from, to);
  const starts = edges[0] === from ? edges : [from, ...edges];
  const pos = (t: number) => ((t - from) / (to - from)) * 100;
  // The part of today before the first midnight is labelled only when it is wide enough.
  const cols = starts.map((start, i) => ({ start, end: starts[i + 1] ?? to })).filter((c, i) => i > 0 || pos(c.end) - pos(c.start) >= 4);
  return (
    <div className="oncall-row oncall-scale-row">
      <div className="oncall-row-label" />
      <div className="oncall-ticks" aria-hidden="true">
        {cols.map(({ start, end }, i) => {
          const widthPct = pos(end) - pos(start);
          const d = new Date(start);
          // The month is named on the first column and on the 1st.
          const first = i === 0 || d.getDate() === 1;
          return (
            <span key={start} className={first ? 'oncall-tick oncall-tick-month' : 'oncall-tick'} style={{ left: `${pos(start)}%`, width: `${widthPct}%` }} title={formatDay(start, { weekday: true })}>
              <span className="oncall-tick-weekday">{formatDay(start, { weekday: true }).split(/[ ,]/)[0]}</span>
              <span>{first ? formatDay(start) : d.getDate()}</span>
            </span>
          );
        })}
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
  return (
    <div className="oncall-calendar">
      <div className="oncall-scroll" tabIndex={0} role="group" aria-label={`Calendar ${formatRange(from, to)}`}>
        <div className="oncall-grid">
          <DayScale from={from} to={to} />
          <Bar label="Final" segments={calendar.shifts} gaps={calendar.gaps} from={from} to={to} name={name} />
          {calendar.layers.map((l, i) => (
            <Bar key={i} label={`Layer ${i + 1}: ${l.name}`} segments={l.shifts.filter((s) => s.userId)} from={from} to={to} name={name} />
          ))}
        </div>
      </div>
      {calendar.gaps.length > 0 && (
        <p className="oncall-gap-note" role="status">
          {calendar.gaps.length} gap{calendar.gaps.length === 1 ? '' : 's'} with nobody on call: {calendar.gaps.slice(0, 3).map((g) => formatRange(g.start, g.end)).join('; ')}
        </p>
      )}
      <details>
        <summary>Shifts as a list</summary>
        <div className="table-wrap">
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
                  <td className="nowrap">
                    <When at={s.start} mode="absolute" />
                  </td>
                  <td className="nowrap">
                    <When at={s.end} mode="absolute" />
                  </td>
                  <td>{s.source}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}

