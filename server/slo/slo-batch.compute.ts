import type { RangeSeries } from '../integrations/prometheus/client';

// Batched sampling (docs/slo.md, "Sampler"): one Prometheus query evaluates
// the bucket queries of many SLOs. Each SLO's expression is wrapped in
// label_replace, which tags every series it returns with a label naming it,
// and the tagged expressions are joined with `or`. `or` keeps every series of
// both sides whose label sets differ, and the tags make them all differ, so the
// answer holds each expression's series unchanged: summing a tag's series per
// timestamp gives exactly what the expression alone would have given (the
// sampler sums a query's series the same way), so the budget math stays exact.
// The `or`s are nested as a balanced tree: Prometheus evaluates each `or`
// against everything on its left, so a flat chain of n costs n^2.

export const BATCH_LABEL = 'runwell_batch_key';

/** At most this many expressions per query; 10,000 SLOs x 2 queries a bucket stay within 10 queries a 5-minute tick. */
export const MAX_EXPRESSIONS_PER_QUERY = 2_500;
/** And at most this much PromQL text per query (a form body; Prometheus reads up to 10 MB). */
export const MAX_QUERY_CHARS = 2_000_000;

export type TaggedExpression = { key: string; expr: string };

const tag = ({ key, expr }: TaggedExpression) => `label_replace(${expr}, "${BATCH_LABEL}", "${key}", "", "")`;

function joinBalanced(parts: readonly string[]): string {
  if (parts.length === 1) return parts[0]!;
  const mid = Math.ceil(parts.length / 2);
  const side = (p: readonly string[]) => (p.length === 1 ? p[0]! : `(${joinBalanced(p)})`);
  return `${side(parts.slice(0, mid))} or ${side(parts.slice(mid))}`;
}

/** One PromQL query evaluating every expression, each result tagged with its key. Keys must be [A-Za-z0-9_:.-]. */
export function batchedQuery(parts: readonly TaggedExpression[]): string {
  if (parts.length === 0) throw new RangeError('a batch needs at least one expression');
  for (const p of parts) if (!/^[\w:.-]+$/.test(p.key)) throw new RangeError(`batch key ${JSON.stringify(p.key)} is not a plain label value`);
  return joinBalanced(parts.map(tag));
}

/** The expressions split into batches within both limits, in order. */
export function planBatches(parts: readonly TaggedExpression[], limits = { expressions: MAX_EXPRESSIONS_PER_QUERY, chars: MAX_QUERY_CHARS }): TaggedExpression[][] {
  const out: TaggedExpression[][] = [];
  let current: TaggedExpression[] = [];
  let chars = 0;
  for (const p of parts) {
    const size = tag(p).length + 8; // ' or ' and parentheses
    if (current.length > 0 && (current.length >= limits.expressions || chars + size > limits.chars)) {
      out.push(current);
      current = [];
      chars = 0;
    }
    current.push(p);
    chars += size;
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** A batched answer back to one point map per key (timestamp -> sum of that expression's series); keys without series are absent. */
export function splitBatched(series: readonly RangeSeries[]): Map<string, Map<number, number>> {
  const out = new Map<string, Map<number, number>>();
  for (const s of series) {
    const key = s.metric[BATCH_LABEL];
    if (key === undefined) continue;
    let points = out.get(key);
    if (!points) out.set(key, (points = new Map()));
    for (const [t, v] of s.points) points.set(t, (points.get(t) ?? 0) + v);
  }
  return out;
}
