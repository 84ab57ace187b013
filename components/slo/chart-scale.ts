import type { GoldenSignalKey } from '@/server/slo/golden-signals.schema';

// Axis arithmetic for the SLO and golden-signal charts: round ticks a person
// reads at a glance (99.5 %, 99 %, 98.5 %, not 98.42 %), and units on every value.

const STEPS = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50];

/** Ticks from a round value at or below `lo` up to `hi` (a round top, e.g. 100), about `count` of them. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = Math.max(hi - lo, 1e-9);
  const step = STEPS.find((s) => span / s <= count) ?? STEPS[STEPS.length - 1]!;
  const start = Math.floor(lo / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= hi + step * 1e-6; v += step) ticks.push(Number(v.toFixed(6)));
  if (ticks[ticks.length - 1]! < hi) ticks.push(hi);
  return ticks;
}

/** Digits a tick needs to show its step (0.05 -> 2, 0.5 -> 1, 5 -> 0). */
export function tickDigits(ticks: readonly number[]): number {
  if (ticks.length < 2) return 0;
  const step = Math.abs(ticks[1]! - ticks[0]!);
  return step >= 1 ? 0 : Math.min(3, Math.ceil(-Math.log10(step) - 1e-9));
}

export function formatPercentTick(v: number, digits: number): string {
  return `${v.toFixed(digits)} %`;
}

/** Latency in Prometheus is seconds; people read milliseconds below a second. */
function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return '—';
  if (Math.abs(s) >= 1) return `${Number(s.toFixed(2))} s`;
  return `${Number((s * 1000).toFixed(s * 1000 >= 10 ? 0 : 1))} ms`;
}

function formatRate(v: number, unit: string): string {
  if (!Number.isFinite(v)) return '—';
  const digits = Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 1 ? 1 : Math.abs(v) >= 0.01 ? 3 : 4;
  return `${Number(v.toFixed(digits))} ${unit}`;
}

/** How each golden signal's values read, on the axis and in the tooltip. */
export function goldenSignalFormat(key: GoldenSignalKey): (v: number) => string {
  switch (key) {
    case 'latency':
      return formatSeconds;
    case 'traffic':
      return (v) => formatRate(v, 'req/s');
    case 'errors5xx':
    case 'errors4xx':
      return (v) => formatRate(v, 'err/s');
    case 'saturation':
      return (v) => (Number.isFinite(v) ? `${Number((v * 100).toFixed(1))} %` : '—');
  }
}
