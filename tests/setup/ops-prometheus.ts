import type { CounterSeries } from './prometheus';

// History for the network, storage and performance integration tests: gauges
// and counters written as OpenMetrics gauges (promtool accepts any name for a
// gauge; rate() reads them alike), one sample a minute for an hour ending at T0.

const MINUTE = 60_000;

/** A counter growing `perSecond`, sampled each minute over the hour before `t0`. */
export function counterSamples(perSecond: number, t0: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let m = 60; m >= 0; m--) out.push([t0 - m * MINUTE, (60 - m) * 60 * perSecond]);
  return out;
}

/** A constant gauge over the same hour. */
export function gaugeSamples(value: number, t0: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let m = 60; m >= 0; m--) out.push([t0 - m * MINUTE, value]);
  return out;
}

/** Histogram buckets of a rate (per second), for `histogram_quantile`: `shares` maps each `le` to the share under it. */
export function histogramSeries(name: string, labels: Record<string, string>, perSecond: number, shares: ReadonlyArray<readonly [string, number]>, t0: number): CounterSeries[] {
  return shares.map(([le, share]) => ({ name: `${name}_bucket`, labels: { ...labels, le }, samples: counterSamples(perSecond * share, t0) }));
}

/** OpenMetrics text with every family typed gauge. */
export function gaugeOpenMetrics(series: readonly CounterSeries[]): string {
  const byName = new Map<string, CounterSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, list] of byName) {
    lines.push(`# TYPE ${name} gauge`);
    for (const s of list) {
      const labels = Object.entries(s.labels ?? {})
        .map(([k, v]) => `${k}="${v}"`)
        .join(',');
      for (const [t, v] of s.samples) lines.push(`${name}${labels ? `{${labels}}` : ''} ${v} ${t / 1000}`);
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}
