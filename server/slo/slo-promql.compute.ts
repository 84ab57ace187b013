import { WINDOW_VAR_RE, type SloSli } from './slo.schema';

// PromQL text for an SLI. Queries keep Sloth's `{{.window}}` placeholder until a
// concrete window ("5m", "30d") is rendered in.

function renderWindow(query: string, window: string): string {
  return query.trim().replace(WINDOW_VAR_RE, window);
}

/** A histogram latency SLI as good/total queries (with the window placeholder). */
export function latencyQueries(sli: Extract<SloSli, { type: 'latency' }>): { goodQuery: string; totalQuery: string } {
  const sel = sli.selector.trim();
  const le = `le="${sli.le}"`;
  return {
    goodQuery: `sum(rate(${sli.metric}_bucket{${sel ? `${sel},` : ''}${le}}[{{.window}}]))`,
    totalQuery: `sum(rate(${sli.metric}_count${sel ? `{${sel}}` : ''}[{{.window}}]))`,
  };
}

/** Events-style SLIs as bad/total queries; raw SLIs have no event counts. */
export type EventQueries = { kind: 'errors'; errorQuery: string; totalQuery: string } | { kind: 'good'; goodQuery: string; totalQuery: string };

export function eventQueries(sli: SloSli): EventQueries | null {
  switch (sli.type) {
    case 'events':
      return { kind: 'errors', errorQuery: sli.errorQuery, totalQuery: sli.totalQuery };
    case 'goodEvents':
      return { kind: 'good', goodQuery: sli.goodQuery, totalQuery: sli.totalQuery };
    case 'latency':
      return { kind: 'good', ...latencyQueries(sli) };
    case 'raw':
      return null;
  }
}

/** An error query for formats that only know bad/total (Sloth): total - good. */
export function errorQueryOf(q: EventQueries): string {
  if (q.kind === 'errors') return q.errorQuery;
  return `(${q.totalQuery.trim()})\n-\n(${q.goodQuery.trim()})`;
}

/**
 * Bad events per second over `window`, never absent while the service has
 * traffic: an error selector that matches no series (no 5xx ever happened)
 * returns nothing in PromQL, which would make the error ratio disappear instead
 * of being 0. `or on() vector(0)` fills that in for the usual single-series
 * (fully aggregated) queries; for queries grouped `by (...)` a group without
 * errors still drops out, as it does in Sloth.
 */
export function errorRateExpr(q: EventQueries, window: string): string {
  if (q.kind === 'errors') return `(${renderWindow(q.errorQuery, window)}) or on() vector(0)`;
  // Rate extrapolation can put good a hair above total; never report negative errors.
  return `clamp_min((${renderWindow(q.totalQuery, window)}) - ((${renderWindow(q.goodQuery, window)}) or on() vector(0)), 0)`;
}

export function totalRateExpr(q: EventQueries, window: string): string {
  return renderWindow(q.totalQuery, window);
}

/**
 * Error ratio over `window` with no NaN/Inf and no fake 100 %: the denominator is
 * filtered with `> 0`, so with zero traffic the division has no right-hand side
 * and yields no sample ("no data"). `(errors / total) or on() vector(0)` would
 * not help: 0/0 is a NaN *sample*, which `or` keeps; and `clamp_min(total, ε)`
 * turns no traffic into a perfect 0 % (and a stray error count into a huge
 * ratio that pages).
 */
export function errorRatioExpr(q: EventQueries, window: string): string {
  return `(\n  ${errorRateExpr(q, window)}\n)\n/\n(\n  (${totalRateExpr(q, window)}) > 0\n)`;
}

/** A raw error-ratio query; `>= 0` drops the NaN that a 0/0 inside the user's own query would give. */
export function rawRatioExpr(query: string, window: string): string {
  return `(${renderWindow(query, window)}) >= 0`;
}

export function selector(labels: Record<string, string>): string {
  const parts = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${escapeLabelValue(labels[k]!)}"`);
  return `{${parts.join(', ')}}`;
}

function escapeLabelValue(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** Numbers as printed in rules: 12 significant digits, no binary noise (0.001, 14.4, 0.933333333333). */
export function promNumber(x: number): string {
  return String(Number(x.toPrecision(12)));
}
