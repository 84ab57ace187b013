// A deliberately small PromQL evaluator for the simulator's Prometheus API.
// It covers the query shapes Runwell itself sends (SLI sampler, golden-signal
// charts, alert-rule style ratios) and nothing more: anything else is answered
// with an error that names what is unsupported, never with a made-up value.
// Pure: series come from a SeriesSource; no clock, no I/O. See simulator/README.md.

export type Labels = Record<string, string>;
export type Matcher = { name: string; op: '=' | '!=' | '=~' | '!~'; value: string };

/** Where the evaluator reads raw samples from: counters/gauges at any time (ms). */
export interface SeriesSource {
  /** Series whose labels (incl. __name__) satisfy every matcher. */
  select(matchers: readonly Matcher[]): Array<{ labels: Labels; valueAt(tMs: number): number | undefined }>;
  /** Scrape interval: range selectors read samples on this grid. */
  readonly scrapeMs: number;
}

export class PromQLError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLError';
  }
}

type Sample = { labels: Labels; value: number };
type Value = { kind: 'scalar'; value: number } | { kind: 'vector'; samples: Sample[] };

// ---- syntax ----

type Node =
  | { t: 'num'; value: number }
  | { t: 'sel'; matchers: Matcher[]; rangeMs?: number }
  | { t: 'call'; fn: string; args: Node[] }
  | { t: 'agg'; op: string; by: string[]; arg: Node }
  | { t: 'bin'; op: string; lhs: Node; rhs: Node; bool: boolean; on?: string[]; ignoring?: string[] }
  | { t: 'neg'; arg: Node };

const FUNCTIONS: Record<string, { args: Array<'vector' | 'range' | 'scalar'> }> = {
  rate: { args: ['range'] },
  increase: { args: ['range'] },
  histogram_quantile: { args: ['scalar', 'vector'] },
  clamp_min: { args: ['vector', 'scalar'] },
  clamp_max: { args: ['vector', 'scalar'] },
  vector: { args: ['scalar'] },
};
const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'count']);
const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);

type Tok = { k: 'id' | 'num' | 'str' | 'op' | 'dur'; v: string; pos: number };

const DURATION_RE = /^(\d+(?:ms|[smhdwy]))+/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000, y: 31_536_000_000 };

export function parseDurationMs(text: string): number {
  if (!DURATION_RE.test(text) || text.replace(DURATION_RE, '') !== '') throw new PromQLError(`bad duration "${text}"`);
  let ms = 0;
  for (const m of text.matchAll(/(\d+)(ms|[smhdwy])/g)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') throw new PromQLError('comments are not supported');
    // Inside [...] a duration is expected; everywhere else digits start a number.
    const prev = out[out.length - 1];
    if (prev?.k === 'op' && prev.v === '[') {
      const m = DURATION_RE.exec(src.slice(i));
      if (m) {
        out.push({ k: 'dur', v: m[0], pos: i });
        i += m[0].length;
        continue;
      }
    }
    const num = /^(\d+\.?\d*(?:e[+-]?\d+)?|\.\d+)/i.exec(src.slice(i));
    if (num) {
      out.push({ k: 'num', v: num[0], pos: i });
      i += num[0].length;
      continue;
    }
    const id = /^[a-zA-Z_:][a-zA-Z0-9_:]*/.exec(src.slice(i));
    if (id) {
      out.push({ k: 'id', v: id[0], pos: i });
      i += id[0].length;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let s = '';
      while (j < src.length && src[j] !== c) {
        if (src[j] === '\\' && c !== '`') {
          const n = src[j + 1];
          s += n === 'n' ? '\n' : n === 't' ? '\t' : (n ?? '');
          j += 2;
        } else s += src[j++];
      }
      if (j >= src.length) throw new PromQLError(`unterminated string at position ${i}`);
      out.push({ k: 'str', v: s, pos: i });
      i = j + 1;
      continue;
    }
    const op = ['=~', '!~', '!=', '>=', '<=', '==', '>', '<', '=', '+', '-', '*', '/', '(', ')', '{', '}', '[', ']', ','].find((o) => src.startsWith(o, i));
    if (!op) throw new PromQLError(`unexpected character "${c}" at position ${i}`);
    out.push({ k: 'op', v: op, pos: i });
    i += op.length;
  }
  return out;
}

class Parser {
  private i = 0;
  constructor(private toks: Tok[]) {}

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }
  private isOp(v: string): boolean {
    const t = this.peek();
    return t?.k === 'op' && t.v === v;
  }
  private isId(v: string): boolean {
    const t = this.peek();
    return t?.k === 'id' && t.v === v;
  }
  private expect(v: string): void {
    const t = this.peek();
    if (!t || t.k !== 'op' || t.v !== v) throw new PromQLError(`expected "${v}" ${t ? `at position ${t.pos}` : 'at end of query'}`);
    this.i++;
  }
  private labelList(): string[] {
    this.expect('(');
    const out: string[] = [];
    while (!this.isOp(')')) {
      const t = this.peek();
      if (t?.k !== 'id') throw new PromQLError(`expected a label name ${t ? `at position ${t.pos}` : 'at end of query'}`);
      out.push(t.v);
      this.i++;
      if (!this.isOp(')')) this.expect(',');
    }
    this.expect(')');
    return out;
  }

  parse(): Node {
    const n = this.or();
    const t = this.peek();
    if (t) throw new PromQLError(`unexpected "${t.v}" at position ${t.pos}`);
    return n;
  }

  private matching(node: { on?: string[]; ignoring?: string[] }): void {
    if (this.isId('on')) {
      this.i++;
      node.on = this.labelList();
    } else if (this.isId('ignoring')) {
      this.i++;
      node.ignoring = this.labelList();
    }
    if (this.isId('group_left') || this.isId('group_right')) throw new PromQLError(`unsupported in the simulator: ${this.peek()!.v} (many-to-one matching)`);
  }

  private or(): Node {
    let lhs = this.and();
    while (this.isId('or')) {
      this.i++;
      const node: Extract<Node, { t: 'bin' }> = { t: 'bin', op: 'or', lhs, rhs: lhs, bool: false };
      this.matching(node);
      node.rhs = this.and();
      lhs = node;
    }
    return lhs;
  }

  private and(): Node {
    let lhs = this.cmp();
    while (this.isId('and') || this.isId('unless')) {
      const op = this.peek()!.v;
      this.i++;
      const node: Extract<Node, { t: 'bin' }> = { t: 'bin', op, lhs, rhs: lhs, bool: false };
      this.matching(node);
      node.rhs = this.cmp();
      lhs = node;
    }
    return lhs;
  }

  private cmp(): Node {
    let lhs = this.add();
    for (let t = this.peek(); t?.k === 'op' && COMPARISONS.has(t.v); t = this.peek()) {
      this.i++;
      const node: Extract<Node, { t: 'bin' }> = { t: 'bin', op: t.v, lhs, rhs: lhs, bool: false };
      if (this.isId('bool')) {
        this.i++;
        node.bool = true;
      }
      this.matching(node);
      node.rhs = this.add();
      lhs = node;
    }
    return lhs;
  }

  private add(): Node {
    let lhs = this.mul();
    while (this.isOp('+') || this.isOp('-')) {
      const op = this.peek()!.v;
      this.i++;
      const node: Extract<Node, { t: 'bin' }> = { t: 'bin', op, lhs, rhs: lhs, bool: false };
      this.matching(node);
      node.rhs = this.mul();
      lhs = node;
    }
    return lhs;
  }

  private mul(): Node {
    let lhs = this.unary();
    while (this.isOp('*') || this.isOp('/')) {
      const op = this.peek()!.v;
      this.i++;
      const node: Extract<Node, { t: 'bin' }> = { t: 'bin', op, lhs, rhs: lhs, bool: false };
      this.matching(node);
      node.rhs = this.unary();
      lhs = node;
    }
    return lhs;
  }

  private unary(): Node {
    if (this.isOp('-')) {
      this.i++;
      return { t: 'neg', arg: this.unary() };
    }
    if (this.isOp('+')) {
      this.i++;
      return this.unary();
    }
    return this.primary();
  }

  private primary(): Node {
    const t = this.peek();
    if (!t) throw new PromQLError('unexpected end of query');
    if (t.k === 'num') {
      this.i++;
      return { t: 'num', value: Number(t.v) };
    }
    if (t.k === 'op' && t.v === '(') {
      this.i++;
      const n = this.or();
      this.expect(')');
      return this.rangeSuffix(n);
    }
    if (t.k === 'op' && t.v === '{') return this.rangeSuffix({ t: 'sel', matchers: this.matchers([]) });
    if (t.k !== 'id') throw new PromQLError(`unexpected "${t.v}" at position ${t.pos}`);
    this.i++;
    if (AGGREGATIONS.has(t.v) && (this.isOp('(') || this.isId('by') || this.isId('without'))) return this.rangeSuffix(this.aggregation(t.v));
    if (this.isOp('(')) {
      if (!FUNCTIONS[t.v]) throw new PromQLError(`unsupported in the simulator: function ${t.v}()`);
      this.i++;
      const args: Node[] = [];
      while (!this.isOp(')')) {
        args.push(this.or());
        if (!this.isOp(')')) this.expect(',');
      }
      this.expect(')');
      return this.rangeSuffix({ t: 'call', fn: t.v, args });
    }
    if (['by', 'without', 'on', 'ignoring', 'offset', 'bool', 'and', 'or', 'unless'].includes(t.v)) throw new PromQLError(`unexpected "${t.v}" at position ${t.pos}`);
    if (t.v === 'NaN' || t.v === 'Inf') return { t: 'num', value: t.v === 'NaN' ? NaN : Infinity };
    const base: Matcher[] = [{ name: '__name__', op: '=', value: t.v }];
    return this.rangeSuffix({ t: 'sel', matchers: this.isOp('{') ? this.matchers(base) : base });
  }

  private aggregation(op: string): Node {
    let by: string[] | undefined;
    if (this.isId('without')) throw new PromQLError(`unsupported in the simulator: ${op} without (...)`);
    if (this.isId('by')) {
      this.i++;
      by = this.labelList();
    }
    this.expect('(');
    const arg = this.or();
    if (this.isOp(',')) throw new PromQLError(`unsupported in the simulator: ${op} with a parameter`);
    this.expect(')');
    if (this.isId('without')) throw new PromQLError(`unsupported in the simulator: ${op} without (...)`);
    if (this.isId('by')) {
      if (by) throw new PromQLError(`${op}: "by" given twice`);
      this.i++;
      by = this.labelList();
    }
    return { t: 'agg', op, by: by ?? [], arg };
  }

  private matchers(base: Matcher[]): Matcher[] {
    this.expect('{');
    const out = [...base];
    while (!this.isOp('}')) {
      const name = this.peek();
      if (name?.k !== 'id') throw new PromQLError(`expected a label name ${name ? `at position ${name.pos}` : 'at end of query'}`);
      this.i++;
      const op = this.peek();
      if (op?.k !== 'op' || !['=', '!=', '=~', '!~'].includes(op.v)) throw new PromQLError(`expected a label matcher operator after ${name.v}`);
      this.i++;
      const value = this.peek();
      if (value?.k !== 'str') throw new PromQLError(`expected a quoted label value after ${name.v}${op.v}`);
      this.i++;
      out.push({ name: name.v, op: op.v as Matcher['op'], value: value.v });
      if (!this.isOp('}')) this.expect(',');
    }
    this.expect('}');
    if (out.length === 0) throw new PromQLError('a selector needs a metric name or at least one label matcher');
    return out;
  }

  private rangeSuffix(n: Node): Node {
    if (this.isId('offset')) throw new PromQLError('unsupported in the simulator: offset');
    if (!this.isOp('[')) return n;
    this.i++;
    const d = this.peek();
    if (d?.k !== 'dur') throw new PromQLError(`expected a duration in [...] ${d ? `at position ${d.pos}` : ''}`.trim());
    this.i++;
    const colon = this.peek();
    if (colon?.k === 'id' && colon.v.startsWith(':')) throw new PromQLError('unsupported in the simulator: subqueries');
    this.expect(']');
    if (n.t !== 'sel') throw new PromQLError('unsupported in the simulator: subqueries (a range on an expression)');
    if (this.isId('offset')) throw new PromQLError('unsupported in the simulator: offset');
    return { ...n, rangeMs: parseDurationMs(d.v) };
  }
}

export function parsePromQL(query: string): Node {
  return new Parser(tokenize(query)).parse();
}

// ---- evaluation ----

function dropName(l: Labels): Labels {
  const { __name__: _drop, ...rest } = l;
  return rest;
}

function signature(l: Labels, on?: string[], ignoring?: string[]): string {
  const keys = on ? [...on].sort() : Object.keys(l).filter((k) => k !== '__name__' && !(ignoring ?? []).includes(k)).sort();
  return JSON.stringify(keys.map((k) => [k, l[k] ?? '']));
}

function arith(op: string, a: number, b: number): number {
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

function compare(op: string, a: number, b: number): boolean {
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
function counterIncrease(valueAt: (t: number) => number | undefined, tMs: number, rangeMs: number, scrapeMs: number): number | undefined {
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

function histogramQuantile(q: number, samples: Sample[]): Sample[] {
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
