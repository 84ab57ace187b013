// The PromQL subset's syntax tree and vocabulary (functions with their argument
// kinds, aggregations, comparisons) and the error that names what is unsupported.

import type { Matcher } from './series';

export class PromQLError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PromQLError';
  }
}

export type Node =
  | { t: 'num'; value: number }
  | { t: 'str'; value: string }
  | { t: 'sel'; matchers: Matcher[]; rangeMs?: number }
  | { t: 'call'; fn: string; args: Node[] }
  | { t: 'agg'; op: string; by: string[]; arg: Node }
  | { t: 'bin'; op: string; lhs: Node; rhs: Node; bool: boolean; on?: string[]; ignoring?: string[] }
  | { t: 'neg'; arg: Node };

export const FUNCTIONS: Record<string, { args: Array<'vector' | 'range' | 'scalar' | 'string'> }> = {
  rate: { args: ['range'] },
  increase: { args: ['range'] },
  histogram_quantile: { args: ['scalar', 'vector'] },
  clamp_min: { args: ['vector', 'scalar'] },
  clamp_max: { args: ['vector', 'scalar'] },
  vector: { args: ['scalar'] },
  // Runwell's batched sampler tags each SLO's expression with label_replace(v, dst, replacement, src, regex).
  label_replace: { args: ['vector', 'string', 'string', 'string', 'string'] },
};
export const AGGREGATIONS = new Set(['sum', 'min', 'max', 'avg', 'count']);
export const COMPARISONS = new Set(['>', '<', '>=', '<=', '==', '!=']);
