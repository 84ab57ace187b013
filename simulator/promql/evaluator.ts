// A deliberately small PromQL evaluator for the simulator's Prometheus API.
// It covers the query shapes Runwell itself sends (SLI sampler, golden-signal
// charts, alert-rule style ratios) and nothing more: anything else is answered
// with an error that names what is unsupported, never with a made-up value.
// Pure: series come from a SeriesSource; no clock, no I/O. See simulator/README.md.

import { arith, compare, counterIncrease, dropName, histogramQuantile, signature } from './functions';
import { COMPARISONS, FUNCTIONS, PromQLError, type Node } from './language';
import { parsePromQL } from './parser';
import type { Labels, Sample, SeriesSource, Value } from './series';

export class Evaluator {
  constructor(private source: SeriesSource) {}

  /** Evaluate at tMs; range selectors are only valid as rate()/increase() arguments. */
  instant(query: string | Node, tMs: number): Value {
    const node = typeof query === 'string' ? parsePromQL(query) : query;
    return this.eval(node, tMs);
  }

  private vectorArg(fn: string, v: Value): Sample[] {
    if (v.kind !== 'vector') throw new PromQLError(`${fn}: expected an instant vector, got a scalar`);
    return v.samples;
  }

  private scalarArg(fn: string, v: Value): number {
    if (v.kind !== 'scalar') throw new PromQLError(`${fn}: expected a scalar, got an instant vector`);
    return v.value;
  }

  private eval(n: Node, t: number): Value {
    switch (n.t) {
      case 'num':
        return { kind: 'scalar', value: n.value };
      case 'str':
        throw new PromQLError('a string can only be an argument of label_replace()');
      case 'neg': {
        const v = this.eval(n.arg, t);
        return v.kind === 'scalar' ? { kind: 'scalar', value: -v.value } : { kind: 'vector', samples: v.samples.map((s) => ({ labels: dropName(s.labels), value: -s.value })) };
      }
      case 'sel': {
        if (n.rangeMs !== undefined) throw new PromQLError('a range vector can only be an argument of rate() or increase()');
        // Instant selector: the latest scrape at or before t (within the 5 m lookback).
        const grid = Math.floor(t / this.source.scrapeMs) * this.source.scrapeMs;
        const samples: Sample[] = [];
        for (const s of this.source.select(n.matchers)) {
          const v = s.valueAt(grid);
          if (v !== undefined) samples.push({ labels: s.labels, value: v });
        }
        return { kind: 'vector', samples };
      }
      case 'call':
        return this.call(n.fn, n.args, t);
      case 'agg':
        return this.aggregate(n.op, n.by, this.vectorArg(n.op, this.eval(n.arg, t)));
      case 'bin':
        return this.binary(n, this.eval(n.lhs, t), this.eval(n.rhs, t));
    }
  }

  private call(fn: string, args: Node[], t: number): Value {
    const spec = FUNCTIONS[fn]!;
    if (args.length !== spec.args.length) throw new PromQLError(`${fn}() takes ${spec.args.length} argument(s), got ${args.length}`);
    switch (fn) {
      case 'rate':
      case 'increase': {
        const sel = args[0]!;
        if (sel.t !== 'sel' || sel.rangeMs === undefined) throw new PromQLError(`${fn}() needs a range vector such as metric[5m]`);
        const samples: Sample[] = [];
        for (const s of this.source.select(sel.matchers)) {
          const inc = counterIncrease((x) => s.valueAt(x), t, sel.rangeMs, this.source.scrapeMs);
          if (inc !== undefined) samples.push({ labels: dropName(s.labels), value: fn === 'rate' ? inc / (sel.rangeMs / 1000) : inc });
        }
        return { kind: 'vector', samples };
      }
      case 'histogram_quantile':
        return { kind: 'vector', samples: histogramQuantile(this.scalarArg(fn, this.eval(args[0]!, t)), this.vectorArg(fn, this.eval(args[1]!, t))) };
      case 'clamp_min':
      case 'clamp_max': {
        const v = this.vectorArg(fn, this.eval(args[0]!, t));
        const bound = this.scalarArg(fn, this.eval(args[1]!, t));
        return { kind: 'vector', samples: v.map((s) => ({ labels: dropName(s.labels), value: fn === 'clamp_min' ? Math.max(s.value, bound) : Math.min(s.value, bound) })) };
      }
      case 'vector':
        return { kind: 'vector', samples: [{ labels: {}, value: this.scalarArg(fn, this.eval(args[0]!, t)) }] };
      case 'label_replace': {
        const v = this.vectorArg(fn, this.eval(args[0]!, t));
        const [dst, replacement, src, regex] = args.slice(1).map((a) => {
          if (a.t !== 'str') throw new PromQLError('label_replace() takes a vector and four strings');
          return a.value;
        }) as [string, string, string, string];
        return { kind: 'vector', samples: v.map((s) => ({ labels: labelReplace(s.labels, dst, replacement, src, regex), value: s.value })) };
      }
    }
    throw new PromQLError(`unsupported in the simulator: function ${fn}()`);
  }

  private aggregate(op: string, by: string[], samples: Sample[]): Value {
    const groups = new Map<string, { labels: Labels; values: number[] }>();
    for (const s of samples) {
      const labels: Labels = {};
      for (const k of by) if (s.labels[k] !== undefined) labels[k] = s.labels[k];
      const key = signature(labels);
      const g = groups.get(key) ?? { labels, values: [] };
      g.values.push(s.value);
      groups.set(key, g);
    }
    const reduce = (vs: number[]): number => {
      switch (op) {
        case 'sum':
          return vs.reduce((a, b) => a + b, 0);
        case 'min':
          return Math.min(...vs);
        case 'max':
          return Math.max(...vs);
        case 'avg':
          return vs.reduce((a, b) => a + b, 0) / vs.length;
        case 'count':
          return vs.length;
      }
      throw new PromQLError(`unsupported in the simulator: aggregation ${op}`);
    };
    return { kind: 'vector', samples: [...groups.values()].map((g) => ({ labels: g.labels, value: reduce(g.values) })) };
  }

  private binary(n: Extract<Node, { t: 'bin' }>, l: Value, r: Value): Value {
    const isCmp = COMPARISONS.has(n.op);
    if (n.op === 'or' || n.op === 'and' || n.op === 'unless') {
      if (l.kind !== 'vector' || r.kind !== 'vector') throw new PromQLError(`"${n.op}" needs instant vectors on both sides`);
      const rightSigs = new Set(r.samples.map((s) => signature(s.labels, n.on, n.ignoring)));
      if (n.op === 'and') return { kind: 'vector', samples: l.samples.filter((s) => rightSigs.has(signature(s.labels, n.on, n.ignoring))) };
      if (n.op === 'unless') return { kind: 'vector', samples: l.samples.filter((s) => !rightSigs.has(signature(s.labels, n.on, n.ignoring))) };
      const leftSigs = new Set(l.samples.map((s) => signature(s.labels, n.on, n.ignoring)));
      return { kind: 'vector', samples: [...l.samples, ...r.samples.filter((s) => !leftSigs.has(signature(s.labels, n.on, n.ignoring)))] };
    }
    const apply = (a: number, b: number): number | undefined => {
      if (!isCmp) return arith(n.op, a, b);
      const ok = compare(n.op, a, b);
      return n.bool ? (ok ? 1 : 0) : ok ? a : undefined;
    };
    if (l.kind === 'scalar' && r.kind === 'scalar') {
      if (isCmp && !n.bool) throw new PromQLError('comparisons between scalars must use the bool modifier');
      return { kind: 'scalar', value: apply(l.value, r.value)! };
    }
    const keepName = isCmp && !n.bool;
    if (l.kind === 'vector' && r.kind === 'scalar') {
      return { kind: 'vector', samples: l.samples.flatMap((s) => { const v = apply(s.value, r.value); return v === undefined ? [] : [{ labels: keepName ? s.labels : dropName(s.labels), value: v }]; }) };
    }
    if (l.kind === 'scalar' && r.kind === 'vector') {
      return { kind: 'vector', samples: r.samples.flatMap((s) => { const v = apply(l.value, s.value); return v === undefined ? [] : [{ labels: keepName ? s.labels : dropName(s.labels), value: isCmp && !n.bool ? s.value : v }]; }) };
    }
    const lv = (l as Extract<Value, { kind: 'vector' }>).samples;
    const rv = (r as Extract<Value, { kind: 'vector' }>).samples;
    const right = new Map<string, Sample>();
    for (const s of rv) {
      const sig = signature(s.labels, n.on, n.ignoring);
      if (right.has(sig)) throw new PromQLError('many-to-many matching: several series on the right-hand side share the same labels; aggregate first');
      right.set(sig, s);
    }
    const out: Sample[] = [];
    const seen = new Set<string>();
    for (const s of lv) {
      const sig = signature(s.labels, n.on, n.ignoring);
      const m = right.get(sig);
      if (!m) continue;
      if (seen.has(sig)) throw new PromQLError('many-to-many matching: several series on the left-hand side share the same labels; aggregate first');
      seen.add(sig);
      const v = apply(s.value, m.value);
      if (v === undefined) continue;
      let labels = keepName ? s.labels : dropName(s.labels);
      if (n.on) labels = Object.fromEntries(n.on.filter((k) => s.labels[k] !== undefined).map((k) => [k, s.labels[k]!]));
      out.push({ labels, value: v });
    }
    return { kind: 'vector', samples: out };
  }
}

/** Prometheus' label_replace on one label set: an anchored match of the source label's value sets (or, when empty, removes) the destination. */
function labelReplace(labels: Labels, dst: string, replacement: string, src: string, regex: string): Labels {
  const match = new RegExp(`^(?:${regex})$`).exec(labels[src] ?? '');
  if (!match) return labels;
  const value = replacement.replace(/\$(\d+)|\$\{(\w+)\}/g, (_, n: string | undefined, name: string | undefined) => (n !== undefined ? (match[Number(n)] ?? '') : (match.groups?.[name!] ?? '')));
  const out = { ...labels };
  if (value === '') delete out[dst];
  else out[dst] = value;
  return out;
}
