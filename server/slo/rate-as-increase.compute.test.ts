import { describe, expect, it } from 'vitest';
import { rateAsIncrease } from './rate-as-increase.compute';

describe('rateAsIncrease', () => {
  it.each([
    { label: 'a plain rate', expr: 'sum(rate(x_total[5m]))', want: 'sum((increase(x_total[5m]) / 300))' },
    { label: 'selector, spaces, by()', expr: 'sum by (code) (rate (x_total{job="a"} [5m] ))', want: 'sum by (code) ((increase(x_total{job="a"} [5m] ) / 300))' },
    { label: 'two rates', expr: 'sum(rate(a[5m])) - sum(rate(b[5m]))', want: 'sum((increase(a[5m]) / 300)) - sum((increase(b[5m]) / 300))' },
    { label: 'another range keeps rate', expr: 'sum(rate(a[1m]))', want: 'sum(rate(a[1m]))' },
    { label: 'irate and names ending in rate', expr: 'irate(a[5m]) + job:rate(b[5m]) + error_rate', want: 'irate(a[5m]) + job:rate(b[5m]) + error_rate' },
    { label: 'rate( inside a label value', expr: 'sum(rate(a{path="/rate(x[5m])"}[5m]))', want: 'sum((increase(a{path="/rate(x[5m])"}[5m]) / 300))' },
    { label: 'escaped quote in a label value', expr: 'rate(a{p="\\"rate("}[5m])', want: '(increase(a{p="\\"rate("}[5m]) / 300)' },
    { label: 'a subquery over the bucket', expr: 'rate(sum(rate(a[1m]))[5m:1m])', want: 'rate(sum(rate(a[1m]))[5m:1m])' },
    { label: 'an unclosed rate stays as it is', expr: 'sum(rate(a[5m]', want: 'sum(rate(a[5m]' },
    { label: 'no rate at all', expr: 'job:errors:ratio5m', want: 'job:errors:ratio5m' },
  ])('$label', ({ expr, want }) => {
    expect(rateAsIncrease(expr, '5m', 300)).toBe(want);
  });
});
