import { createElement as h, type ReactElement, type ReactNode } from 'react';
import { Document, G, Line, Page, Polyline, Rect, renderToBuffer, StyleSheet, Svg, Text, View } from '@react-pdf/renderer';
import { barLength, groupedBars, lineChart, thin } from './chart.compute';
import { pageRuns, printable, type Block, type DocModel, type Figure, type Row, type Section } from './pdf.compute';

// Draws a document model (pdf.compute.ts) as an A4 PDF with @react-pdf/renderer,
// in the server process (no browser). Charts are vector shapes (rectangles and
// polylines) from chart.compute.ts. Server-only: pages and components never
// import this file (the lint boundaries allow them schema/compute files only),
// and next.config.mjs keeps the package out of the bundles.

const INK = '#1f2933';
const MUTED = '#616e7c';
const RULE = '#cbd2d9';
const ACCENT = '#2f6fde';
const PREVIOUS = '#9aa5b1';
const TONES = { better: '#1e7b45', worse: '#b42318', same: MUTED, unknown: MUTED, high: '#b42318', medium: '#b54708' } as const;
const SERIES = [ACCENT, PREVIOUS];

const s = StyleSheet.create({
  page: { paddingTop: 36, paddingBottom: 44, paddingHorizontal: 36, fontFamily: 'Helvetica', fontSize: 9, color: INK },
  title: { fontSize: 18, fontFamily: 'Helvetica-Bold', marginBottom: 4 },
  subtitle: { color: MUTED, marginBottom: 14 },
  section: { marginBottom: 12 },
  h2: { fontSize: 13, fontFamily: 'Helvetica-Bold', marginBottom: 6, paddingBottom: 3, borderBottomWidth: 1, borderBottomColor: RULE },
  text: { marginBottom: 4, lineHeight: 1.35 },
  figures: { flexDirection: 'row', flexWrap: 'wrap', marginHorizontal: -3 },
  figure: { width: '25%', padding: 3 },
  figureBox: { borderWidth: 1, borderColor: RULE, borderRadius: 3, padding: 6, minHeight: 62 },
  figureLabel: { color: MUTED, fontFamily: 'Helvetica-Bold', fontSize: 8 },
  figureValue: { fontSize: 15, fontFamily: 'Helvetica-Bold', marginVertical: 2 },
  small: { fontSize: 7.5, color: MUTED },
  risk: { flexDirection: 'row', marginBottom: 4 },
  badge: { width: 44, fontFamily: 'Helvetica-Bold', fontSize: 8, textTransform: 'uppercase' },
  caption: { color: MUTED, fontSize: 8, marginBottom: 3, marginTop: 4 },
  tr: { flexDirection: 'row', borderBottomWidth: 0.5, borderBottomColor: RULE, paddingVertical: 2.5 },
  th: { fontFamily: 'Helvetica-Bold', fontSize: 8 },
  td: { paddingRight: 4 },
  dense: { fontSize: 8 },
  denseRow: { paddingVertical: 1.5 },
  chartTitle: { fontFamily: 'Helvetica-Bold', fontSize: 9, marginTop: 8, marginBottom: 4 },
  legend: { flexDirection: 'row', marginTop: 3 },
  footer: { position: 'absolute', bottom: 20, left: 36, right: 36, flexDirection: 'row', justifyContent: 'space-between', color: MUTED, fontSize: 7.5 },
});

const CHART_W = 500;
const CHART_H = 110;

function figures(items: Figure[]): ReactElement {
  return h(
    View,
    { style: s.figures },
    ...items.map((f) =>
      h(View, { style: s.figure, key: f.label, wrap: false }, h(View, { style: s.figureBox }, h(Text, { style: s.figureLabel }, f.label), h(Text, { style: s.figureValue }, f.value), h(Text, { style: s.small }, f.sub), f.change ? h(Text, { style: { ...s.small, color: TONES[f.tone] } }, f.change) : null)),
    ),
  );
}

function table(b: Extract<Block, { kind: 'table' }>): ReactElement {
  const hasBar = b.rows.some((r) => r.bar);
  const cell = (text: string, i: number, header: boolean) => h(Text, { key: i, style: [s.td, header ? s.th : {}, b.dense ? s.dense : {}, { width: `${b.widths[i] ?? 20}%` }] }, text);
  const tr = b.dense ? [s.tr, s.denseRow] : s.tr;
  const bar = (r: Row, i: number) => {
    const width = 90;
    const len = r.bar ? barLength(r.bar.value, r.bar.max, width) : 0;
    return h(View, { key: 'bar', style: { width: `${b.widths[i] ?? 20}%`, flexDirection: 'row', alignItems: 'center' } }, h(Svg, { width, height: 8 }, h(Rect, { x: 0, y: 0, width, height: 8, fill: '#eef2f7' }), len > 0 ? h(Rect, { x: 0, y: 0, width: len, height: 8, fill: ACCENT }) : null), h(Text, { style: { ...s.small, marginLeft: 4 } }, r.bar?.label ?? ''));
  };
  const n = b.columns.length - (hasBar ? 1 : 0);
  return h(
    View,
    null,
    h(Text, { style: s.caption }, b.caption),
    h(View, { style: tr, fixed: true }, ...b.columns.map((c, i) => cell(c, i, true))),
    ...b.rows.map((r, k) => h(View, { style: tr, key: k, wrap: false }, ...r.cells.slice(0, n).map((c, i) => cell(c, i, false)), hasBar ? bar(r, n) : null)),
  );
}

function axis(max: number, unit: string): ReactNode[] {
  return [
    h(Line, { key: 'base', x1: 0, y1: CHART_H, x2: CHART_W, y2: CHART_H, stroke: RULE, strokeWidth: 1 }),
    h(Line, { key: 'mid', x1: 0, y1: CHART_H / 2, x2: CHART_W, y2: CHART_H / 2, stroke: RULE, strokeWidth: 0.5, strokeDasharray: '2,2' }),
    h(Text, { key: 'max', x: CHART_W + 4, y: 8, style: { fontSize: 7 }, fill: MUTED } as never, `${max}${unit}`),
  ];
}

function bars(b: Extract<Block, { kind: 'bars' }>): ReactElement {
  const g = groupedBars(b.series, { width: CHART_W, height: CHART_H });
  return h(
    View,
    { wrap: false },
    h(Text, { style: s.chartTitle }, b.title),
    h(Svg, { width: CHART_W + 40, height: CHART_H + 16 }, ...axis(g.max, b.unit), ...g.rects.map((r, i) => h(Rect, { key: i, x: r.x, y: r.y, width: r.width, height: Math.max(r.height, 0.5), fill: SERIES[r.series % 2] })), ...g.groups.map((gr, i) => h(G, { key: `l${i}` }, h(Text, { x: gr.x + gr.width / 2 - 10, y: CHART_H + 12, style: { fontSize: 8 }, fill: INK } as never, gr.label)))),
    legend(b.legend),
    h(Text, { style: s.small }, b.series.map((ser, i) => `${b.legend[i]}: ${ser.map((p) => `${p.label} ${p.value ?? '—'}${b.unit}`).join(', ')}`).join(' · ')),
  );
}

function line(b: Extract<Block, { kind: 'line' }>): ReactElement {
  const series = thin(b.series, 62);
  const l = lineChart(series, { width: CHART_W, height: CHART_H });
  const every = Math.max(1, Math.ceil(l.ticks.length / 8));
  return h(
    View,
    { wrap: false },
    h(Text, { style: s.chartTitle }, b.title),
    series.every((p) => p.value === null)
      ? h(Text, { style: s.small }, 'No data in these periods.')
      : h(
          Svg,
          { width: CHART_W + 40, height: CHART_H + 16 },
          ...axis(l.max, b.unit),
          ...l.segments.map((seg, i) => (seg.length > 1 ? h(Polyline, { key: `s${i}`, points: seg.map((p) => `${p.x},${p.y}`).join(' '), stroke: ACCENT, strokeWidth: 1.5, fill: 'none' }) : h(Rect, { key: `s${i}`, x: seg[0]!.x - 1.5, y: seg[0]!.y - 1.5, width: 3, height: 3, fill: ACCENT }))),
          ...l.ticks.filter((_, i) => i % every === 0 || i === l.ticks.length - 1).map((t, i) => h(Text, { key: `t${i}`, x: Math.min(t.x, CHART_W - 30), y: CHART_H + 12, style: { fontSize: 7 }, fill: MUTED } as never, t.label)),
        ),
    h(Text, { style: s.small }, series.filter((p) => p.value !== null).slice(-6).map((p) => `${p.label}: ${p.value}${b.unit}`).join(' · ')),
  );
}

function legend(names: string[]): ReactElement {
  return h(View, { style: s.legend }, ...names.map((n, i) => h(View, { key: n, style: { flexDirection: 'row', alignItems: 'center', marginRight: 10 } }, h(Svg, { width: 8, height: 8 }, h(Rect, { x: 0, y: 0, width: 8, height: 8, fill: SERIES[i % 2] })), h(Text, { style: { ...s.small, marginLeft: 3 } }, n))));
}

function block(b: Block, key: number): ReactElement {
  switch (b.kind) {
    case 'text':
      return h(Text, { key, style: [s.text, b.muted ? s.small : {}] }, b.text);
    case 'figures':
      return h(View, { key }, figures(b.items));
    case 'list':
      return h(View, { key }, ...b.items.map((x, i) => h(View, { key: i, style: s.risk, wrap: false }, h(Text, { style: [s.badge, { color: TONES[x.tone] }] }, x.badge), h(Text, { style: { flex: 1, lineHeight: 1.35 } }, x.text))));
    case 'table':
      return h(View, { key }, table(b));
    case 'bars':
      return h(View, { key }, bars(b));
    case 'line':
      return h(View, { key }, line(b));
  }
}

// One <Page> per run of sections, not one <Page> for the whole document: react-pdf
// splits a wrapping page by re-laying out everything after the break, so a single
// <Page> that wraps onto P pages costs O(P^2) (the 100-team maturity PDF, about
// 200 pages, took over 10 minutes; one team per <Page> makes it linear).
export function pdfElement(doc: DocModel): ReactElement {
  const pageNumber = h(Text, { render: ({ pageNumber, totalPages }: { pageNumber: number; totalPages: number }) => `Page ${pageNumber} of ${totalPages}` });
  const footer = (run: Section[]) => h(View, { style: s.footer, fixed: true }, h(Text, null, doc.footer), doc.pageNumbers === false ? h(Text, null, run[0]?.title ?? '') : pageNumber);
  const runs = pageRuns(doc.sections);
  if (!runs.length) runs.push([]);
  return h(
    Document,
    { title: doc.title, author: 'Runwell', creator: 'Runwell', producer: 'Runwell' },
    ...runs.map((run, r) =>
      h(
        Page,
        { key: r, size: 'A4', style: s.page, ...(run[0] ? { bookmark: run[0].title } : {}) },
        r === 0 ? h(Text, { style: s.title }, doc.title) : null,
        r === 0 ? h(Text, { style: s.subtitle }, doc.subtitle) : null,
        ...run.map((sec, i) => h(View, { key: i, style: s.section }, h(Text, { style: s.h2, minPresenceAhead: 60 }, sec.title), ...sec.blocks.map(block))),
        footer(run),
      ),
    ),
  );
}

/** The PDF's bytes. */
export async function renderPdf(doc: DocModel): Promise<Buffer> {
  return renderToBuffer(pdfElement(printable(doc)) as Parameters<typeof renderToBuffer>[0]);
}
