// The arithmetic under the evaluator: label signatures for vector matching,
// binary operators, counter increase over a range (resets counted) and
// histogram quantiles, as Prometheus computes them.

import { PromQLError } from './language';
import type { Labels, Sample } from './series';

export function dropName(l: Labels): Labels {
  const { __name__: _drop, ...rest } = l;
  return rest;
}

export function signature(l: Labels, on?: string[], ignoring?: string[]): string {
  const keys = on ? [...on].sort() : Object.keys(l).filter((k) => k !== '__name__' && !(ignoring ?? []).includes(k)).sort();
  return JSON.stringify(keys.map((k) => [k, l[k] ?? '']));
}

export function arith(op: string, a: number, b: number): number {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
  }
  throw new PromQLError(`unsupported in the simulator: operator ${op}`);
}

export function compare(op: string, a: number, b: number): boolean {
  switch (op) {
    case '>':
      return a > b;
    case '<':
      return a < b;
    case '>=':
      return a >= b;
    case '<=':
      return a <= b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
  }
  throw new PromQLError(`unsupported in the simulator: operator ${op}`);
}

/** Counter increase over (t - range, t] from samples on the scrape grid, counting resets like Prometheus (no extrapolation). */
export function counterIncrease(valueAt: (t: number) => number | undefined, tMs: number, rangeMs: number, scrapeMs: number): number | undefined {
  const first = Math.ceil((tMs - rangeMs) / scrapeMs) * scrapeMs;
  let prev: number | undefined;
  let count = 0;
  let inc = 0;
  for (let s = first; s <= tMs; s += scrapeMs) {
    const v = valueAt(s);
    if (v === undefined) continue;
    count++;
    if (prev !== undefined) inc += v >= prev ? v - prev : v; // a drop is a reset: the counter restarted from 0
    prev = v;
  }
  return count >= 2 ? inc : undefined;
}

export function histogramQuantile(q: number, samples: Sample[]): Sample[] {
  const groups = new Map<string, { labels: Labels; buckets: Array<{ le: number; v: number }> }>();
  for (const s of samples) {
    const le = s.labels.le;
    if (le === undefined) continue;
    const labels = dropName(s.labels);
    delete labels.le;
    const key = signature(labels);
    const g = groups.get(key) ?? { labels, buckets: [] };
    g.buckets.push({ le: le === '+Inf' ? Infinity : Number(le), v: s.value });
    groups.set(key, g);
  }
  const out: Sample[] = [];
  for (const { labels, buckets } of groups.values()) {
    buckets.sort((a, b) => a.le - b.le);
    out.push({ labels, value: bucketQuantile(q, buckets) });
  }
  return out;
}

/** Prometheus' bucketQuantile: linear interpolation inside the bucket the rank falls in. */
export function bucketQuantile(q: number, buckets: Array<{ le: number; v: number }>): number {
  if (q < 0) return -Infinity;
  if (q > 1) return Infinity;
  if (buckets.length < 2 || buckets[buckets.length - 1]!.le !== Infinity) return NaN;
  const total = buckets[buckets.length - 1]!.v;
  if (!(total > 0)) return NaN;
  const rank = q * total;
  let b = buckets.findIndex((x) => x.v >= rank);
  if (b === buckets.length - 1) return buckets[buckets.length - 2]!.le;
  if (b === 0 && buckets[0]!.le <= 0) return buckets[0]!.le;
  let start = 0;
  let prevCount = 0;
  if (b > 0) {
    start = buckets[b - 1]!.le;
    prevCount = buckets[b - 1]!.v;
  } else b = 0;
  const end = buckets[b]!.le;
  const inBucket = buckets[b]!.v - prevCount;
  return inBucket === 0 ? end : start + (end - start) * ((rank - prevCount) / inBucket);
}
