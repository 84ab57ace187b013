import { describe, expect, it } from 'vitest';
import { makeSlo } from './slo.fixtures';
import { bucketFromSamples, bucketQueries } from './slo-sampling.compute';

describe('bucketQueries', () => {
  it('renders the SLI over one bucket, with the same guards as the rules', () => {
    expect(bucketQueries(makeSlo().sli, 300_000)).toEqual({
      kind: 'events',
      bad: '(sum((increase(http_requests_total{job="checkout",code=~"5.."}[5m]) / 300))) or on() vector(0)',
      total: 'sum((increase(http_requests_total{job="checkout"}[5m]) / 300))',
      multiplyBy: 300,
    });
  });

  it('latency SLIs become count - bucket{le}', () => {
    const q = bucketQueries({ type: 'latency', metric: 'http_request_duration_seconds', selector: '', le: '0.5' }, 60_000);
    expect(q).toMatchObject({ kind: 'events', total: 'sum((increase(http_request_duration_seconds_count[1m]) / 60))', multiplyBy: 60 });
  });

  it('raw SLIs sample the ratio itself', () => {
    expect(bucketQueries({ type: 'raw', errorRatioQuery: 'job:errors:ratio[{{.window}}]' }, 300_000)).toEqual({ kind: 'raw', errorRatio: '(job:errors:ratio[5m]) >= 0' });
  });
});

describe('bucketFromSamples', () => {
  const events = bucketQueries(makeSlo().sli, 300_000);
  const raw = bucketQueries({ type: 'raw', errorRatioQuery: 'r[{{.window}}]' }, 300_000);
  it.each([
    { label: 'traffic', q: events, values: { bad: 0.1, total: 20 }, bucket: { start: 0, bad: 30, total: 6000 } },
    { label: 'no error sample', q: events, values: { total: 20 }, bucket: { start: 0, bad: 0, total: 6000 } },
    { label: 'zero traffic is zeros', q: events, values: { bad: 0, total: 0 }, bucket: { start: 0, bad: 0, total: 0 } },
    { label: 'no total sample is missing', q: events, values: {}, bucket: { start: 0, missing: true } },
    { label: 'raw ratio', q: raw, values: { errorRatio: 0.02 }, bucket: { start: 0, bad: 0.02, total: 1 } },
    { label: 'raw without sample', q: raw, values: {}, bucket: { start: 0, missing: true } },
  ])('$label', ({ q, values, bucket }) => {
    expect(bucketFromSamples(q, 0, values)).toEqual(bucket);
  });
});
