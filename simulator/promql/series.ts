// The data side of the PromQL subset: labels, matchers, the SeriesSource the
// evaluator reads raw samples from, and the values it returns.

export type Labels = Record<string, string>;
export type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };

/** Where the evaluator reads raw samples from: counters/gauges at any time (ms). */
export interface SeriesSource {
  /** Series whose labels (incl. __name__) satisfy every matcher. */
  select(matchers: readonly Matcher[]): Array<{ labels: Labels; valueAt(tMs: number): number | undefined }>;
  /** Scrape interval: range selectors read samples on this grid. */
  readonly scrapeMs: number;
}

export type Sample = { labels: Labels; value: number };
export type Value = { kind: 'scalar'; value: number } | { kind: 'vector'; samples: Sample[] };

/** Prometheus' text form of a sample value. */
export function formatSampleValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

export function matches(labels: Labels, matchers: readonly Matcher[]): boolean {
  return matchers.every((m) => {
    const v = labels[m.name] ?? '';
    switch (m.op) {
      case '=':
        return v === m.value;
      case '!=':
        return v !== m.value;
      case '=~':
        return new RegExp(`^(?:${m.value})$`).test(v);
      case '!~':
        return !new RegExp(`^(?:${m.value})$`).test(v);
    }
  });
}
