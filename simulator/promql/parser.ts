// Recursive-descent parser of the PromQL subset: precedence climbing over
// or/and/unless, comparisons, +-, */, unary minus; selectors, ranges,
// functions and by(...) aggregations. What it does not support it names.

import { AGGREGATIONS, COMPARISONS, FUNCTIONS, PromQLError, type Node } from './language';
import { parseDurationMs, tokenize, type Tok } from './lexer';
import type { Matcher } from './series';

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
    if (t.k === 'str') {
      this.i++;
      return { t: 'str', value: t.v };
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
