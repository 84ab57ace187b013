// Exact floating-point sums (Shewchuk's non-overlapping partials, the algorithm
// of Python's math.fsum). A sum is kept as a short array of doubles whose exact
// mathematical sum is the exact sum of everything added so far, so adding x and
// later adding -x leaves no residue, whatever happened in between. The
// precomputed SLO state (slo-state.compute.ts) keeps its running window sums
// this way: after any sequence of buckets entering and leaving, `exactValue` is
// the correctly rounded sum of the buckets inside, the same figure a fresh
// summation gives to the last bit, so incremental updates never drift (and a
// window whose traffic all aged out is exactly 0, not 1e-13 "with data").

/** Partials in increasing magnitude, non-overlapping, no zeros. [] is 0. */
export type ExactSum = number[];

export function exactAdd(partials: readonly number[], value: number): ExactSum {
  if (!Number.isFinite(value)) throw new RangeError(`cannot add ${value} to an exact sum`);
  const out: number[] = [];
  let x = value;
  for (const p of partials) {
    let y = p;
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) out.push(lo);
    x = hi;
  }
  if (x !== 0) out.push(x);
  return out;
}

/** exactAdd into `partials` itself (the running sums of the state, which own their arrays). */
export function exactAddTo(partials: number[], value: number): void {
  if (!Number.isFinite(value)) throw new RangeError(`cannot add ${value} to an exact sum`);
  let x = value;
  let n = 0;
  for (let i = 0; i < partials.length; i++) {
    let y = partials[i]!;
    if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
    const hi = x + y;
    const lo = y - (hi - x);
    if (lo !== 0) partials[n++] = lo;
    x = hi;
  }
  partials.length = n;
  if (x !== 0) partials.push(x);
}

/** The exact sum, correctly rounded to the nearest double (math.fsum's final step). */
export function exactValue(partials: readonly number[]): number {
  let n = partials.length;
  if (n === 0) return 0;
  let hi = partials[--n]!;
  let lo = 0;
  while (n > 0) {
    const x = hi;
    const y = partials[--n]!;
    hi = x + y;
    lo = y - (hi - x);
    if (lo !== 0) break;
  }
  // Round half-even correctly when the rest of the partials push past a tie.
  if (n > 0 && ((lo < 0 && partials[n - 1]! < 0) || (lo > 0 && partials[n - 1]! > 0))) {
    const y = lo * 2;
    const x = hi + y;
    if (y === x - hi) hi = x;
  }
  return hi;
}
