// Chart geometry (pure), shared by the report page's SVG and the PDF's vector
// shapes so both draw the same series the same way. Coordinates are in the
// caller's units with y growing downwards (SVG and react-pdf alike).

export type Series = { label: string; value: number | null }[];
export type Rect = { x: number; y: number; width: number; height: number; series: number; label: string; value: number | null };
export type Point = { x: number; y: number; label: string; value: number };

/** A round upper bound for an axis: 1, 2, 5 times a power of ten, at least `floor`. */
export function niceMax(values: readonly (number | null)[], floor = 1): number {
  const max = Math.max(floor, ...values.filter((v): v is number => v !== null && Number.isFinite(v)));
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * p).find((m) => m >= max)!;
}

/**
 * Grouped vertical bars: one group per label, one bar per series in it
 * (e.g. this period and the one before). Missing values draw no bar.
 */
export function groupedBars(series: readonly Series[], box: { width: number; height: number }, max = niceMax(series.flat().map((p) => p.value))): { rects: Rect[]; groups: { label: string; x: number; width: number }[]; max: number } {
  const labels = series[0]?.map((p) => p.label) ?? [];
  const groupWidth = labels.length ? box.width / labels.length : box.width;
  const gap = groupWidth * 0.2;
  const barWidth = series.length ? (groupWidth - gap) / series.length : 0;
  const rects: Rect[] = [];
  labels.forEach((label, g) => {
    series.forEach((s, i) => {
      const value = s[g]?.value ?? null;
      if (value === null) return;
      const height = max > 0 ? (Math.max(0, Math.min(value, max)) / max) * box.height : 0;
      rects.push({ x: g * groupWidth + gap / 2 + i * barWidth, y: box.height - height, width: barWidth, height, series: i, label, value });
    });
  });
  return { rects, groups: labels.map((label, g) => ({ label, x: g * groupWidth, width: groupWidth })), max };
}

/** A horizontal bar's length for a value on a 0..max scale (the team rows' inline bars). */
export function barLength(value: number | null, max: number, width: number): number {
  if (value === null || max <= 0) return 0;
  return (Math.max(0, Math.min(value, max)) / max) * width;
}

/**
 * A line over evenly spaced labels; a missing value breaks the line
 * (`segments`), so a gap in the data is not drawn as a trend.
 */
export function lineChart(series: Series, box: { width: number; height: number }, max = niceMax(series.map((p) => p.value))): { segments: Point[][]; ticks: { label: string; x: number }[]; max: number } {
  const step = series.length > 1 ? box.width / (series.length - 1) : 0;
  const x = (i: number) => (series.length > 1 ? i * step : box.width / 2);
  const segments: Point[][] = [];
  let current: Point[] = [];
  series.forEach((p, i) => {
    if (p.value === null) {
      if (current.length) segments.push(current);
      current = [];
      return;
    }
    const y = box.height - (max > 0 ? (Math.max(0, Math.min(p.value, max)) / max) * box.height : 0);
    current.push({ x: x(i), y, label: p.label, value: p.value });
  });
  if (current.length) segments.push(current);
  return { segments, ticks: series.map((p, i) => ({ label: p.label, x: x(i) })), max };
}

/** At most `count` evenly spread points of a long daily series (the readiness trend), the last one kept. */
export function thin<T>(items: readonly T[], count: number): T[] {
  if (items.length <= count) return [...items];
  const step = (items.length - 1) / (count - 1);
  return Array.from({ length: count }, (_, i) => items[Math.round(i * step)]!);
}
