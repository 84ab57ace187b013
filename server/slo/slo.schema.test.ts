import { describe, expect, it } from 'vitest';
import { makeSlo } from './slo.fixtures';
import { fromZodIssues, formatIssue } from '../lib/issues';
import { errorBudgetRatio, objectiveRatio, sloId, sloSchema } from './slo.schema';

const base = {
  service: 'checkout',
  name: 'availability',
  objective: 99.9,
  sli: { type: 'events', errorQuery: 'sum(rate(e[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
  alerting: { name: 'CheckoutHighErrorRate' },
};

function problems(input: unknown): string[] {
  const r = sloSchema.safeParse(input, { reportInput: true });
  return r.success ? [] : fromZodIssues(r.error.issues).map(formatIssue);
}

describe('sloSchema', () => {
  it('fills defaults: rolling 30 d, occurrences, both alerts enabled', () => {
    const slo = sloSchema.parse(base);
    expect(slo.window).toEqual({ type: 'rolling', days: 30 });
    expect(slo.budgeting).toEqual({ method: 'occurrences' });
    expect(slo.labels).toEqual({});
    expect(slo.alerting.page).toEqual({ disabled: false, labels: {}, annotations: {} });
    expect(sloId(slo)).toBe('checkout-availability');
  });

  it.each([
    { label: 'objective 100', patch: { objective: 100 }, problem: 'objective: must be above 0 and below 100' },
    { label: 'objective 0', patch: { objective: 0 }, problem: 'objective: must be above 0 and below 100' },
    { label: 'objective as text', patch: { objective: '99.9' }, problem: 'objective: must be a number' },
    { label: 'unknown key', patch: { extra: true }, problem: 'extra: unknown key' },
    { label: 'bad name', patch: { name: '-x' }, problem: 'name: must start and end with a letter or digit' },
    { label: 'missing service', patch: { service: undefined }, problem: 'service: is required' },
    {
      label: 'query without {{.window}}',
      patch: { sli: { type: 'events', errorQuery: 'sum(rate(e[5m]))', totalQuery: 'sum(rate(t[{{.window}}]))' } },
      problem: 'sli.errorQuery: must contain {{.window}}',
    },
    {
      label: 'identical error and total',
      patch: { sli: { type: 'events', errorQuery: 'sum(rate(t[{{.window}}]))', totalQuery: 'sum(rate(t[{{ .window }}]))' } },
      problem: 'sli.totalQuery: must differ from the error query',
    },
    { label: 'unknown SLI type', patch: { sli: { type: 'magic' } }, problem: 'sli.type: must be one of events, goodEvents, latency, raw' },
    {
      label: 'histogram bucket name',
      patch: { sli: { type: 'latency', metric: 'http_seconds_bucket', le: '0.5' } },
      problem: 'sli.metric: give the histogram base name',
    },
    { label: 'le not a number', patch: { sli: { type: 'latency', metric: 'http_seconds', le: 'fast' } }, problem: 'sli.le: must be a positive number' },
    {
      label: 'bad time zone',
      patch: { window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Atlantis' } },
      problem: 'window.timeZone: must be an IANA time zone',
    },
    { label: 'fractional days', patch: { window: { type: 'rolling', days: 1.5 } }, problem: 'window.days: must be whole days' },
    {
      label: 'timeslice size not a duration',
      patch: { budgeting: { method: 'timeslices', timesliceSize: 'often', timesliceTarget: 95 } },
      problem: 'budgeting.timesliceSize: must be a duration',
    },
    {
      label: 'timeslice target above 100',
      patch: { budgeting: { method: 'timeslices', timesliceSize: '1m', timesliceTarget: 101 } },
      problem: 'budgeting.timesliceTarget: must be above 0 and at most 100',
    },
    { label: 'reserved label', patch: { labels: { sloth_id: 'x' } }, problem: 'labels.sloth_id: label names starting with sloth_ or __ are reserved' },
    { label: 'invalid label name', patch: { labels: { 'team-name': 'x' } }, problem: 'labels.team-name: label names must match' },
    { label: 'alert name missing', patch: { alerting: {} }, problem: 'alerting.name: is required unless both page and ticket alerts are disabled' },
    { label: 'runbook not a URL', patch: { alerting: { name: 'A', runbookUrl: 'see wiki' } }, problem: 'alerting.runbookUrl: must be a URL' },
  ])('$label', ({ patch, problem }) => {
    const found = problems({ ...base, ...patch });
    expect(found.some((p) => p.startsWith(problem)), found.join('\n')).toBe(true);
  });

  it('accepts an SLO without alert name when both alerts are disabled', () => {
    expect(problems({ ...base, alerting: { page: { disabled: true }, ticket: { disabled: true } } })).toEqual([]);
  });

  it('accepts every SLI type', () => {
    for (const sli of [
      { type: 'goodEvents', goodQuery: 'sum(rate(g[{{.window}}]))', totalQuery: 'sum(rate(t[{{.window}}]))' },
      { type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="api"', le: '0.25' },
      { type: 'raw', errorRatioQuery: 'avg_over_time(err_ratio[{{.window}}])' },
    ]) {
      expect(problems({ ...base, sli })).toEqual([]);
    }
  });

  it('makeSlo fixture is valid', () => {
    expect(makeSlo().alerting.runbookUrl).toBe('https://runbooks.example.com/checkout');
  });
});

describe('objective ratios', () => {
  it.each([
    [99.9, 0.999, 0.001],
    [99.95, 0.9995, 0.0005],
    [99, 0.99, 0.01],
    [99.99, 0.9999, 0.0001],
    [90, 0.9, 0.1],
  ])('%f%% -> objective %f, budget %f (no binary noise)', (percent, objective, budget) => {
    expect(objectiveRatio(percent)).toBe(objective);
    expect(errorBudgetRatio(percent)).toBe(budget);
  });
});
