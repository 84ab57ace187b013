import { describe, expect, it } from 'vitest';
import { makeSlo, OPENSLO_MULTI, SEED_CRD, SLOTH_CRD_CAMEL, SLOTH_FILE } from './slo.fixtures';
import { parseSloYaml, serializeSlos, storageWarnings, type ParseResult, type SloFormat } from './slo-formats.compute';
import { formatIssue } from '../lib/issues';
import { sloId, type Slo } from './slo.schema';

function ok(result: ParseResult): Slo[] {
  if (!result.ok) throw new Error(result.issues.map(formatIssue).join('\n'));
  return result.slos.map((p) => p.slo);
}

function problems(text: string): string[] {
  const r = parseSloYaml(text);
  return r.ok ? [] : r.issues.map(formatIssue);
}

describe('parse Sloth', () => {
  it('an alias whose anchor is not set before it is an issue of the file, not a throw', () => {
    const r = parseSloYaml('*!');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues).toEqual([{ path: '(yaml)', message: expect.stringMatching(/alias/i) }]);
  });

  it('reads the product spec example (legacy snake_case CRD keys)', () => {
    const r = parseSloYaml(SEED_CRD);
    const [availability, latency] = ok(r);
    expect(r.ok && r.slos.map((p) => [p.format, p.object])).toEqual([
      ['sloth-crd', { name: 'payment-service-slo', namespace: 'payments' }],
      ['sloth-crd', { name: 'payment-service-slo', namespace: 'payments' }],
    ]);
    expect(availability).toMatchObject({
      service: 'payment-service',
      name: 'requests-availability',
      objective: 99.9,
      description: '99.9% of payment API requests succeed',
      window: { type: 'rolling', days: 30 },
      labels: { team: 'payments', env: 'production' },
      sli: { type: 'events' },
      alerting: {
        name: 'PaymentServiceHighErrorBudgetBurn',
        runbookUrl: 'https://github.com/org/payments/blob/main/runbooks/slo-burn.md',
        annotations: {},
        page: { disabled: false, labels: { severity: 'critical' } },
        ticket: { disabled: false, labels: { severity: 'warning' } },
      },
    });
    // The second SLO has no alerting block: its alerts get a derived name, with a warning.
    expect(latency!.alerting.name).toBe('PaymentServiceRequestsLatencyErrorBudgetBurn');
    expect(r.warnings.map(formatIssue)).toEqual([
      'spec.slos[1].alerting.name: not set: the alerts will be named PaymentServiceRequestsLatencyErrorBudgetBurn',
    ]);
  });

  it('reads a prometheus/v1 file: service labels merged into each SLO, raw SLI, disabled alerts', () => {
    const [availability, cpu] = ok(parseSloYaml(SLOTH_FILE));
    expect(availability!.labels).toEqual({ owner: 'myteam', repo: 'myorg/myservice', tier: '2', category: 'availability' });
    expect(availability!.alerting.page.labels).toEqual({ severity: 'pageteam', routing_key: 'myteam' });
    expect(cpu!.sli).toEqual({ type: 'raw', errorRatioQuery: expect.stringContaining('process_cpu_seconds_total') });
    expect(cpu!.alerting).toMatchObject({ page: { disabled: true }, ticket: { disabled: true } });
    expect(cpu!.alerting.name).toBeUndefined();
  });

  it('reads the camelCase CRD like the snake_case one', () => {
    const [slo] = ok(parseSloYaml(SLOTH_CRD_CAMEL));
    expect(slo!.sli).toEqual({
      type: 'events',
      errorQuery: 'sum(rate(http_requests_total{job="myservice",code=~"5.."}[{{.window}}]))',
      totalQuery: 'sum(rate(http_requests_total{job="myservice"}[{{.window}}]))',
    });
    expect(slo!.alerting.ticket.disabled).toBe(true);
  });

  it('takes the window from the caller, since Sloth files have none', () => {
    const [slo] = ok(parseSloYaml(SLOTH_CRD_CAMEL, { defaultWindow: { type: 'rolling', days: 28 } }));
    expect(slo!.window).toEqual({ type: 'rolling', days: 28 });
  });
});

describe('parse OpenSLO', () => {
  it('reads SLOs with a referenced SLI, calendar windows and timeslices', () => {
    const [availability, latency] = ok(parseSloYaml(OPENSLO_MULTI));
    expect(availability).toMatchObject({
      service: 'checkout',
      name: 'availability',
      description: 'Checkout requests succeed',
      objective: 99.5,
      labels: { team: 'payments' },
      window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' },
      budgeting: { method: 'occurrences' },
      // counter: true + bare selector -> wrapped in sum(rate(...[{{.window}}]))
      sli: {
        type: 'goodEvents',
        goodQuery: 'sum(rate(http_requests_total{job="checkout",code!~"5.."}[{{.window}}]))',
        totalQuery: 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))',
      },
      alerting: { name: 'CheckoutAvailabilityErrorBudgetBurn' },
    });
    expect(latency).toMatchObject({
      objective: 99,
      window: { type: 'rolling', days: 28 },
      budgeting: { method: 'timeslices', timesliceSize: '5m', timesliceTarget: 95 },
      sli: { type: 'events' },
    });
  });

  it.each([
    ['success', '1 - (sum(rate(ok[{{.window}}])) / sum(rate(all[{{.window}}])))'],
    ['failure', 'sum(rate(ok[{{.window}}])) / sum(rate(all[{{.window}}]))'],
  ])('raw ratio with rawType %s', (rawType, errorRatioQuery) => {
    const doc = `apiVersion: openslo/v1
kind: SLO
metadata: {name: ratio}
spec:
  service: api
  indicator:
    metadata: {name: ratio}
    spec:
      ratioMetric:
        rawType: ${rawType}
        raw: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(ok[{{.window}}])) / sum(rate(all[{{.window}}]))'}}}
  timeWindow: [{duration: 7d, isRolling: true}]
  budgetingMethod: RatioTimeslices
  objectives: [{targetPercent: 95, timeSliceWindow: 1m}]
`;
    const [slo] = ok(parseSloYaml(doc));
    expect(slo!.sli).toEqual({ type: 'raw', errorRatioQuery });
    expect(slo!.budgeting).toEqual({ method: 'ratioTimeslices', timesliceSize: '1m' });
    expect(slo!.objective).toBe(95);
  });

  it('ignores other OpenSLO kinds and alert policies with a warning', () => {
    const r = parseSloYaml(`apiVersion: openslo/v1
kind: Service
metadata: {name: checkout}
spec: {}
---
${OPENSLO_MULTI.replace('  objectives:\n    - displayName: Good', '  alertPolicies: [page-oncall]\n  objectives:\n    - displayName: Good')}`);
    expect(r.ok).toBe(true);
    expect(r.warnings.map(formatIssue)).toEqual([
      'document 1: kind: ignored: Runwell reads OpenSLO SLO and SLI objects only',
      'document 3: spec.alertPolicies: ignored: Runwell generates multi-window burn-rate alerts from the SLO itself',
    ]);
  });
});

describe('validation errors name the path and the reason', () => {
  const sloth = (slo: string) => `version: prometheus/v1\nservice: api\nslos:\n${slo}`;
  const events = (err: string, total: string) =>
    `      events:\n        error_query: '${err}'\n        total_query: '${total}'\n`;
  const good = events('sum(rate(e[{{.window}}]))', 'sum(rate(t[{{.window}}]))');

  it.each([
    {
      label: 'objective 100',
      text: sloth(`  - name: a\n    objective: 100\n    alerting: {name: A}\n    sli:\n${good}`),
      expected: ['slos[0].objective: must be above 0 and below 100 (a percent such as 99.9; 100 would leave no error budget)'],
    },
    {
      label: 'objective above 100',
      text: sloth(`  - name: a\n    objective: 999\n    alerting: {name: A}\n    sli:\n${good}`),
      expected: ['slos[0].objective: must be above 0 and below 100 (a percent such as 99.9; 100 would leave no error budget)'],
    },
    {
      label: 'query without {{.window}}',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    sli:\n${events('sum(rate(e[5m]))', 'sum(rate(t[{{.window}}]))')}`),
      expected: ['slos[0].sli.events.error_query: must contain {{.window}} where the range goes, e.g. rate(x[{{.window}}])'],
    },
    {
      label: 'identical queries',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    sli:\n${events('sum(rate(t[{{.window}}]))', 'sum(rate(t[{{.window}}]))')}`),
      expected: ['slos[0].sli.events.total_query: must differ from error_query (identical queries give a constant 100% error ratio)'],
    },
    {
      label: 'unknown key (strict)',
      text: sloth(`  - name: a\n    objective: 99\n    objetive: 99\n    alerting: {name: A}\n    sli:\n${good}`),
      expected: ['slos[0].objetive: unknown key'],
    },
    {
      label: 'missing SLI',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    sli: {}\n`),
      expected: ['slos[0].sli: needs events (error_query + total_query), raw (error_ratio_query) or plugin (id + options)'],
    },
    {
      label: 'unknown SLI plugin',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    sli:\n      plugin: {id: sloth-common/istio/v1/availability}\n`),
      expected: [
        'slos[0].sli.plugin.id: SLI plugin "sloth-common/istio/v1/availability" is not one Runwell implements (Sloth runs SLI plugins as Go code; Runwell re-implements Sloth\'s common ones: Kubernetes API server, CoreDNS, NGINX ingress, Traefik v1/v2 availability and latency, noop, fake, getting_started_availability): write its queries as sli.events (error_query/total_query) or sli.raw instead',
      ],
    },
    {
      label: 'SLI plugin without a required option',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    sli:\n      plugin: {id: sloth-common/coredns/latency, options: {bucket: fast}}\n`),
      expected: ['slos[0].sli.plugin.options.bucket: must be a number, the le label of a histogram bucket (got fast)'],
    },
    {
      label: 'unknown SLO plugin',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    plugins: {chain: [{id: example.com/mine/v1}]}\n    sli:\n${good}`),
      expected: [
        'slos[0].plugins.chain[0].id: SLO plugin "example.com/mine/v1" is not one Runwell runs (Sloth runs plugins as Go code; Runwell re-implements sloth.dev/core/* and the contrib denominator_corrected_rules, info_labels, rule_intervals, remove_labels, error_budget_exhausted_alert and validate_victoria_metrics): remove it from the chain, or write what it adds as queries in the spec',
      ],
    },
    {
      label: 'SLO plugin with a bad config',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    plugins: {chain: [{id: sloth.dev/contrib/rule_intervals/v1, config: {interval: {default: soon}}}]}\n    sli:\n${good}`),
      expected: ['slos[0].plugins.chain[0].config.interval.default: must be a duration such as 1m or 5m (plugin sloth.dev/contrib/rule_intervals/v1)'],
    },
    {
      label: 'denominator correction on a raw SLI',
      text: sloth(`  - name: a\n    objective: 99\n    alerting: {name: A}\n    plugins: {chain: [{id: sloth.dev/contrib/denominator_corrected_rules/v1}]}\n    sli:\n      raw: {error_ratio_query: 'x[{{.window}}]'}\n`),
      expected: ['slos[0].plugins: sloth.dev/contrib/denominator_corrected_rules/v1: needs an events SLI (error and total queries), not a raw error ratio'],
    },
    {
      label: 'wrong version',
      text: `version: prometheus/v2\nservice: api\nslos:\n  - name: a\n    objective: 99\n    alerting: {name: A}\n    sli:\n${good}`,
      expected: ['version: must be "prometheus/v1"'],
    },
    {
      label: 'snake_case key in a camelCase CRD',
      text: SLOTH_CRD_CAMEL.replace('ticketAlert:', 'ticket_alert:'),
      expected: [
        'spec.slos[0].sli.events.error_query: is required',
        'spec.slos[0].sli.events.total_query: is required',
        'spec.slos[0].sli.events.errorQuery: unknown key (this SLO uses the legacy snake_case spelling elsewhere; write error_query, or use camelCase throughout)',
        'spec.slos[0].sli.events.totalQuery: unknown key (this SLO uses the legacy snake_case spelling elsewhere; write total_query, or use camelCase throughout)',
        'spec.slos[0].alerting.pageAlert: unknown key (this SLO uses the legacy snake_case spelling elsewhere; write page_alert, or use camelCase throughout)',
      ],
    },
    {
      label: 'CRD typo',
      text: SLOTH_CRD_CAMEL.replace('totalQuery', 'totalQuerry'),
      expected: ['spec.slos[0].sli.events.totalQuery: is required', 'spec.slos[0].sli.events.totalQuerry: unknown key'],
    },
    {
      label: 'OpenSLO target of 1',
      text: OPENSLO_MULTI.replace('target: 0.995', 'target: 1'),
      expected: ['document 2: spec.objectives[0].target: must be above 0 and below 1 (a ratio such as 0.999; 1 would leave no error budget)'],
    },
    {
      label: 'OpenSLO calendar not at a month start',
      text: OPENSLO_MULTI.replace('2024-01-01 00:00:00', '2024-01-15 00:00:00'),
      expected: ['document 2: spec.timeWindow[0].calendar.startTime: must be the start of a month at 00:00:00, e.g. 2024-01-01 00:00:00'],
    },
    {
      label: 'OpenSLO missing SLI reference',
      text: OPENSLO_MULTI.replace('indicatorRef: checkout-good-requests', 'indicatorRef: nope'),
      expected: ['document 2: spec.indicatorRef: no kind: SLI named "nope" in this file'],
    },
    {
      label: 'OpenSLO query without window and not a counter selector',
      text: OPENSLO_MULTI.replace('counter: true', 'counter: false'),
      expected: [
        'document 1: spec.ratioMetric.good.metricSource.spec.query: must contain {{.window}} where the range goes, or be a counter selector with counter: true',
        'document 1: spec.ratioMetric.total.metricSource.spec.query: must contain {{.window}} where the range goes, or be a counter selector with counter: true',
        'document 2: spec.indicatorRef: the SLI "checkout-good-requests" is invalid (see its document)',
      ],
    },
    {
      label: 'OpenSLO non-Prometheus source',
      text: OPENSLO_MULTI.replace('type: Prometheus', 'type: Datadog'),
      expected: [
        'document 1: spec.ratioMetric.good.metricSource.type: must be Prometheus (Runwell reads Prometheus sources only; got Datadog)',
        'document 2: spec.indicatorRef: the SLI "checkout-good-requests" is invalid (see its document)',
      ],
    },
    {
      label: 'OpenSLO Timeslices without a slice target',
      text: OPENSLO_MULTI.replace('      timeSliceTarget: 0.95\n', ''),
      expected: ['document 3: spec.objectives[0].timeSliceTarget: is required with Timeslices: a ratio above 0 and at most 1 (e.g. 0.95)'],
    },
    {
      label: 'OpenSLO rolling window in months',
      text: OPENSLO_MULTI.replace('duration: 4w', 'duration: 1M'),
      expected: ['document 3: spec.timeWindow[0].duration: a rolling window must be whole days, at most 365 (e.g. 28d, 4w)'],
    },
    {
      label: 'YAML syntax error',
      text: 'version: prometheus/v1\nservice: [api\n',
      expected: [expect.stringMatching(/^line \d+, column \d+: /)],
    },
    {
      label: 'duplicate keys',
      text: 'version: prometheus/v1\nversion: prometheus/v1\n',
      expected: [expect.stringMatching(/^line 2, column 1: Map keys must be unique/)],
    },
    {
      label: 'not an SLO document',
      text: 'apiVersion: v1\nkind: ConfigMap\n',
      expected: [expect.stringMatching(/^\(document\): is not an SLO definition/)],
    },
    {
      label: 'empty file',
      text: '# nothing\n',
      expected: ['(document): contains no SLO'],
    },
    {
      label: 'the same SLO twice',
      text: `${SLOTH_CRD_CAMEL}---\n${SLOTH_CRD_CAMEL}`,
      expected: ['document 2: slos: duplicates the SLO myservice-requests-availability (service myservice, name requests-availability) of document 1'],
    },
  ])('$label', ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });
});

describe('round trips', () => {
  const sources = { SEED_CRD, SLOTH_FILE, SLOTH_CRD_CAMEL };

  // Sloth inputs carry nothing Sloth cannot express: every format keeps them whole.
  it.each(
    Object.keys(sources).flatMap((name) => (['sloth', 'sloth-crd', 'openslo'] as const).map((format) => ({ name, format }))),
  )('$name -> $format -> model is unchanged', ({ name, format }) => {
    const models = ok(parseSloYaml(sources[name as keyof typeof sources]));
    const text = serializeSlos(models, format);
    expect(ok(parseSloYaml(text))).toEqual(models);
    // and writing again gives the same text
    expect(serializeSlos(ok(parseSloYaml(text)), format)).toBe(text);
  });

  it('OpenSLO keeps calendar windows, timeslices, good/total SLIs and labels', () => {
    const models = ok(parseSloYaml(OPENSLO_MULTI));
    const text = serializeSlos(models, 'openslo');
    expect(ok(parseSloYaml(text))).toEqual(models);
  });

  it.each([
    { label: 'events', sli: undefined },
    { label: 'goodEvents', sli: { type: 'goodEvents' as const, goodQuery: 'sum(rate(ok[{{.window}}]))', totalQuery: 'sum(rate(all[{{.window}}]))' } },
    { label: 'raw', sli: { type: 'raw' as const, errorRatioQuery: 'avg_over_time(errs[{{.window}}])' } },
  ])('model with a $label SLI, custom alerting and a calendar quarter survives OpenSLO', ({ sli }) => {
    const slo = makeSlo({
      ...(sli ? { sli } : {}),
      window: { type: 'calendar', unit: 'quarter', timeZone: 'America/New_York' },
      budgeting: { method: 'timeslices', timesliceSize: '5m', timesliceTarget: 99.5 },
      description: 'Checkout works',
    });
    expect(ok(parseSloYaml(serializeSlos([slo], 'openslo')))).toEqual([slo]);
  });

  it('a latency SLI is written as good/total queries (and read back as such)', () => {
    const slo = makeSlo({ sli: { type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="checkout"', le: '0.3' } });
    const [openslo] = ok(parseSloYaml(serializeSlos([slo], 'openslo')));
    expect(openslo!.sli).toEqual({
      type: 'goodEvents',
      goodQuery: 'sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.3"}[{{.window}}]))',
      totalQuery: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))',
    });
    const [sloth] = ok(parseSloYaml(serializeSlos([slo], 'sloth')));
    expect(sloth!.sli).toEqual({
      type: 'events',
      errorQuery:
        '(sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}])))\n-\n(sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.3"}[{{.window}}])))',
      totalQuery: 'sum(rate(http_request_duration_seconds_count{job="checkout"}[{{.window}}]))',
    });
  });

  it('Sloth output notes what Sloth cannot hold', () => {
    const slo = makeSlo({ window: { type: 'rolling', days: 28 }, budgeting: { method: 'ratioTimeslices', timesliceSize: '1m' } });
    const text = serializeSlos([slo], 'sloth');
    expect(text).toMatch(/^# availability: window 28d rolling \(Sloth has no window field/m);
    expect(text).toMatch(/^# availability: budgeting ratioTimeslices is not expressible in Sloth/m);
  });

  it.each<[SloFormat, string]>([
    ['sloth', 'version: prometheus/v1'],
    ['sloth-crd', 'apiVersion: sloth.slok.dev/v1\nkind: PrometheusServiceLevel\nmetadata:\n  name: checkout\n'],
    ['openslo', 'apiVersion: openslo/v1\nkind: SLO'],
  ])('%s output starts with its header', (format, header) => {
    expect(serializeSlos([makeSlo()], format)).toContain(header);
  });

  it('groups Sloth output by service, shared labels at the service level', () => {
    const a = makeSlo({ labels: { team: 'payments', tier: '1' } });
    const b = makeSlo({ name: 'latency', labels: { team: 'payments', tier: '2' } });
    const c = makeSlo({ service: 'search', labels: {} });
    const text = serializeSlos([a, b, c], 'sloth');
    const docs = text.split('---\n');
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatch(/^service: checkout\nlabels:\n {2}team: payments\n/m);
    expect(ok(parseSloYaml(text)).map(sloId)).toEqual(['checkout-availability', 'checkout-latency', 'search-availability']);
  });
});

describe('OpenSLO v1alpha (the dialect Sloth reads)', () => {
  const v1alpha = (objectives: string, window = '  timeWindows:\n    - count: 28\n      unit: Day\n') => `apiVersion: openslo/v1alpha
kind: SLO
metadata:
  name: api-latency
spec:
  service: api
  budgetingMethod: Occurrences
  objectives:
${objectives}${window}`;
  const objective = (le: string, target: string) => `    - ratioMetrics:
        good: {source: prometheus, queryType: promql, query: 'sum(rate(d_bucket{le="${le}"}[{{.window}}]))'}
        total: {source: prometheus, queryType: promql, query: 'sum(rate(d_count[{{.window}}]))'}
      target: ${target}
`;

  it('reads every objective as its own SLO, named <name>-<index>, good/total, alerts off', () => {
    const r = parseSloYaml(v1alpha(objective('0.5', '0.99') + objective('5', '0.999')));
    expect(r.ok && r.slos.map((p) => [p.format, p.spec, p.slo.name, p.slo.objective, p.slo.window])).toEqual([
      ['openslo', 'openslo/v1alpha', 'api-latency-0', 99, { type: 'rolling', days: 28 }],
      ['openslo', 'openslo/v1alpha', 'api-latency-1', 99.9, { type: 'rolling', days: 28 }],
    ]);
    const [first] = ok(r);
    expect(first!.sli).toEqual({ type: 'goodEvents', goodQuery: 'sum(rate(d_bucket{le="0.5"}[{{.window}}]))', totalQuery: 'sum(rate(d_count[{{.window}}]))' });
    expect(first!.alerting.page.disabled && first!.alerting.ticket.disabled).toBe(true);
  });

  it('without timeWindows takes the default window, as Sloth does', () => {
    expect(ok(parseSloYaml(v1alpha(objective('1', '0.99'), '')))[0]!.window).toEqual({ type: 'rolling', days: 30 });
  });

  it.each([
    { label: 'target of 1', text: v1alpha(objective('1', '1')), expected: ['spec.objectives[0].target: must be above 0 and below 1 (a ratio such as 0.999; 1 would leave no error budget)'] },
    { label: 'non-Prometheus source', text: v1alpha(objective('1', '0.9').replace('source: prometheus', 'source: datadog')), expected: ['spec.objectives[0].ratioMetrics.good.source: must be prometheus (Runwell reads Prometheus sources only)'] },
    { label: 'window unit', text: v1alpha(objective('1', '0.9'), '  timeWindows:\n    - count: 1\n      unit: Year\n'), expected: ['spec.timeWindows[0].unit: must be Day or Week (or Month/Quarter with a calendar)'] },
    { label: 'query without window', text: v1alpha(objective('1', '0.9').replace("d_count[{{.window}}]", 'd_count[5m]')), expected: ['spec.objectives[0].ratioMetrics.total.query: must contain {{.window}} where the range goes, e.g. rate(x[{{.window}}])'] },
  ])('$label', ({ text, expected }) => {
    expect(problems(text)).toEqual(expected);
  });

  it('writes v1alpha that reads back (errors/total become good = total - errors; the name gains -0, as in Sloth)', () => {
    const slo = makeSlo({ window: { type: 'rolling', days: 7 } });
    const text = serializeSlos([slo], 'openslo-v1alpha');
    expect(text).toContain('apiVersion: openslo/v1alpha');
    expect(text).toContain('# availability: good = total - errors');
    const [back] = ok(parseSloYaml(text));
    expect(back).toMatchObject({ service: slo.service, name: `${slo.name}-0`, objective: slo.objective, window: slo.window, sli: { type: 'goodEvents' } });
  });

  it('leaves out raw SLIs, saying so', () => {
    const text = serializeSlos([makeSlo({ sli: { type: 'raw', errorRatioQuery: 'x[{{.window}}]' } })], 'openslo-v1alpha');
    expect(text).toMatch(/^# checkout\/availability: a raw error-ratio SLI cannot be written in OpenSLO v1alpha/);
    expect(text).not.toContain('apiVersion');
  });
});

describe('storageWarnings', () => {
  const withChain = (chain: string) => `version: prometheus/v1
service: api
slos:
  - name: a
    objective: 99
    plugins: {chain: [${chain}]}
    sli: {events: {error_query: 'sum(rate(e[{{.window}}]))', total_query: 'sum(rate(t[{{.window}}]))'}}
    alerting: {name: A}
`;
  it.each([
    { chain: '{id: sloth.dev/core/debug/v1}', expected: [] },
    {
      chain: '{id: sloth.dev/contrib/rule_intervals/v1, config: {interval: {default: 1m}}}',
      expected: ['plugins: api-a: SLO plugins sloth.dev/contrib/rule_intervals/v1 are not stored; Runwell generates this SLO\'s rules without them (use runwell slo rules on the file to apply them)'],
    },
  ])('$chain', ({ chain, expected }) => {
    const r = parseSloYaml(withChain(chain));
    expect(r.ok && storageWarnings(r.slos).map(formatIssue)).toEqual(expected);
  });
});

describe('OpenSLO v1 with several objectives', () => {
  const doc = (objectives: string) => `apiVersion: openslo/v1
kind: SLO
metadata:
  name: api-latency
spec:
  service: api
  indicator:
    metadata: {name: api-latency}
    spec:
      ratioMetric:
        good: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(d_bucket{le="0.5"}[{{.window}}]))'}}}
        total: {metricSource: {type: Prometheus, spec: {query: 'sum(rate(d_count[{{.window}}]))'}}}
  timeWindow:
    - {duration: 28d, isRolling: true}
  budgetingMethod: Occurrences
  objectives:
${objectives}`;

  it('one objective keeps the name (and round-trips)', () => {
    expect(ok(parseSloYaml(doc('    - target: 0.99\n'))).map((s) => s.name)).toEqual(['api-latency']);
  });

  it('each of several objectives is its own SLO, <name>-<index>, with an alert name of its own', () => {
    const slos = ok(parseSloYaml(doc('    - target: 0.99\n    - {displayName: strict, target: 0.999}\n')));
    expect(slos.map((s) => [s.name, s.objective, s.alerting.name])).toEqual([
      ['api-latency-0', 99, 'ApiApiLatency0ErrorBudgetBurn'],
      ['api-latency-1', 99.9, 'ApiApiLatency1ErrorBudgetBurn'],
    ]);
  });

  it('a bad second objective is reported at its index', () => {
    expect(problems(doc('    - target: 0.99\n    - target: 1.5\n'))).toEqual([
      'spec.objectives[1].target: must be above 0 and below 1 (a ratio such as 0.999; 1 would leave no error budget)',
    ]);
  });
});
