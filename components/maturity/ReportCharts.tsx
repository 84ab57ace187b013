import { groupedBars, lineChart, thin, type Series } from '@/server/reports/chart.compute';

// The executive report's charts on the page, drawn from the same series and
// the same geometry (chart.compute.ts) as the PDF's vector charts.

const W = 480;
const H = 120;

function Axis({ max, unit }: { max: number; unit: string }) {
  return (
    <>
      <line x1={0} y1={H} x2={W} y2={H} className="report-chart-axis" />
      <line x1={0} y1={H / 2} x2={W} y2={H / 2} className="report-chart-grid" />
      <text x={W + 4} y={10} className="report-chart-tick">
        {max}
        {unit}
      </text>
    </>
  );
}

export function BarsChart({ title, legend, series, unit = '' }: { title: string; legend: string[]; series: Series[]; unit?: string }) {
  const g = groupedBars(series, { width: W, height: H });
  return (
    <figure className="report-chart" aria-label={title}>
      <svg viewBox={`0 0 ${W + 44} ${H + 18}`} role="img" aria-label={series.map((s, i) => `${legend[i]}: ${s.map((p) => `${p.label} ${p.value ?? 'no data'}`).join(', ')}`).join('; ')}>
        <Axis max={g.max} unit={unit} />
        {g.rects.map((r, i) => (
          <rect key={i} x={r.x} y={r.y} width={r.width} height={Math.max(r.height, 0.5)} className={`report-chart-series-${r.series % 2}`} />
        ))}
        {g.groups.map((gr) => (
          <text key={gr.label} x={gr.x + gr.width / 2} y={H + 14} textAnchor="middle" className="report-chart-tick">
            {gr.label}
          </text>
        ))}
      </svg>
      <figcaption>
        {title}:{' '}
        {legend.map((l, i) => (
          <span key={l} className="report-chart-legend">
            <span className={`report-chart-swatch report-chart-series-${i % 2}`} aria-hidden="true" /> {l}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function LineTrend({ title, series, unit = '' }: { title: string; series: Series; unit?: string }) {
  const points = thin(series, 62);
  const l = lineChart(points, { width: W, height: H });
  const every = Math.max(1, Math.ceil(l.ticks.length / 6));
  return (
    <figure className="report-chart" aria-label={title}>
      {points.every((p) => p.value === null) ? (
        <p className="muted">No data in these periods.</p>
      ) : (
        <svg viewBox={`0 0 ${W + 44} ${H + 18}`} role="img" aria-label={points.map((p) => `${p.label} ${p.value ?? 'no data'}${unit}`).join(', ')}>
          <Axis max={l.max} unit={unit} />
          {l.segments.map((seg, i) => (seg.length > 1 ? <polyline key={i} points={seg.map((p) => `${p.x},${p.y}`).join(' ')} className="report-chart-line" /> : <circle key={i} cx={seg[0]!.x} cy={seg[0]!.y} r={2.5} className="report-chart-series-0" />))}
          {l.ticks
            .filter((_, i) => i % every === 0 || i === l.ticks.length - 1)
            .map((t) => (
              <text key={t.label} x={Math.min(t.x, W - 30)} y={H + 14} className="report-chart-tick">
                {t.label}
              </text>
            ))}
        </svg>
      )}
      <figcaption>{title}</figcaption>
    </figure>
  );
}
