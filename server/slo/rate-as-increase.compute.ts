// The sampler's bucket queries ask for `increase(x[w]) / w` where the user
// wrote `rate(x[w])` with w the bucket (docs/slo.md, "Prometheus-compatible
// stores"). Prometheus, Thanos and Mimir define rate as exactly that (the same
// extrapolated increase divided by the range), so their answers do not change.
// VictoriaMetrics' rate divides by the time between the window's last sample
// and the sample before the window instead, so with jittered or missed scrapes
// rate(x[5m]) x 300 is not the bucket's increase (measured: up to 27 % off per
// bucket), while its increase(x[5m]) is exact: last sample minus the last one
// before the window, so consecutive buckets add up to the counter's increase.
// Only calls whose range is the bucket are rewritten (a hard-coded rate(x[1m])
// keeps its meaning); string literals are skipped.

const IDENT = /[A-Za-z0-9_:]/;

/** Index after the string literal starting at `i` (", ' or `), escapes honoured. */
function skipString(text: string, i: number): number {
  const quote = text[i]!;
  let j = i + 1;
  while (j < text.length && text[j] !== quote) j += text[j] === '\\' && quote !== '`' ? 2 : 1;
  return j + 1;
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let j = open; j < text.length; ) {
    const c = text[j]!;
    if (c === '"' || c === "'" || c === '`') {
      j = skipString(text, j);
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
    j++;
  }
  return -1;
}

export function rateAsIncrease(expr: string, range: string, seconds: number): string {
  let out = '';
  for (let i = 0; i < expr.length; ) {
    const c = expr[i]!;
    if (c === '"' || c === "'" || c === '`') {
      const end = skipString(expr, i);
      out += expr.slice(i, end);
      i = end;
      continue;
    }
    const call = /^rate\s*\(/.exec(expr.slice(i, i + 32));
    if (call && (i === 0 || !IDENT.test(expr[i - 1]!))) {
      const open = i + call[0].length - 1;
      const close = closingParen(expr, open);
      const inner = close < 0 ? '' : expr.slice(open + 1, close);
      if (close > 0 && inner.trimEnd().endsWith(`[${range}]`)) {
        out += `(increase(${rateAsIncrease(inner, range, seconds)}) / ${seconds})`;
        i = close + 1;
        continue;
      }
    }
    out += c;
    i++;
  }
  return out;
}
