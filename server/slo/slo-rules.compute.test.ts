import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeSlo } from './slo.fixtures';
import { kubernetesName, prometheusRuleObject, renderRules, ruleFileYaml } from './rule-file.compute';
import { ruleGroupsFor, sloRuleGroups, type AlertingRule, type RecordingRule, type Rule } from './slo-rules.compute';

const records = (rules: Rule[]) => rules.filter((r): r is RecordingRule => 'record' in r);
const alerts = (rules: Rule[]) => rules.filter((r): r is AlertingRule => 'alert' in r);
const allRules = (slo = makeSlo()) => sloRuleGroups(slo).groups.flatMap((g) => g.rules);
const recordNamed = (rules: Rule[], name: string, window?: string) =>
  records(rules).find((r) => r.record === name && (window === undefined || r.labels.sloth_window === window))!;

describe('sloRuleGroups: Sloth-compatible names and labels', () => {
  it('emits Sloth group names', () => {
    expect(sloRuleGroups(makeSlo()).groups.map((g) => g.name)).toEqual([
      'sloth-slo-sli-recordings-checkout-availability',
      'sloth-slo-meta-recordings-checkout-availability',
      'sloth-slo-alerts-checkout-availability',
    ]);
  });

  it('records every Sloth series, plus the two 5m event rates', () => {
    expect(records(allRules()).map((r) => r.record)).toEqual([
      'slo:sli_error_events:rate5m',
      'slo:sli_total_events:rate5m',
      'slo:sli_error:ratio_rate5m',
      'slo:sli_error:ratio_rate30m',
      'slo:sli_error:ratio_rate1h',
      'slo:sli_error:ratio_rate2h',
      'slo:sli_error:ratio_rate6h',
      'slo:sli_error:ratio_rate1d',
      'slo:sli_error:ratio_rate3d',
      'slo:sli_error:ratio_rate30d',
      'slo:objective:ratio',
      'slo:error_budget:ratio',
      'slo:time_period:days',
      'slo:current_burn_rate:ratio',
      'slo:period_burn_rate:ratio',
      'slo:period_error_budget_remaining:ratio',
      'sloth_slo_info',
    ]);
  });

  it.each(['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'])('the %s SLI series carries the sloth labels and the spec labels', (w) => {
    expect(recordNamed(allRules(), `slo:sli_error:ratio_rate${w}`).labels).toEqual({
      sloth_id: 'checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'availability',
      sloth_window: w,
      team: 'payments',
    });
  });

  it('meta series have no sloth_window', () => {
    expect(recordNamed(allRules(), 'slo:objective:ratio').labels).toEqual({
      sloth_id: 'checkout-availability',
      sloth_service: 'checkout',
      sloth_slo: 'availability',
      team: 'payments',
    });
  });

  it.each([
    ['slo:objective:ratio', 'vector(0.999)'],
    ['slo:error_budget:ratio', 'vector(0.001)'],
    ['slo:time_period:days', 'vector(30)'],
  ])('%s = %s', (name, expr) => {
    expect(recordNamed(allRules(), name).expr).toBe(expr);
  });

  it('objectives print without binary noise', () => {
    const rules = allRules(makeSlo({ objective: 99.95 }));
    expect(recordNamed(rules, 'slo:objective:ratio').expr).toBe('vector(0.9995)');
    expect(recordNamed(rules, 'slo:error_budget:ratio').expr).toBe('vector(0.0005)');
    expect(recordNamed(rules, 'sloth_slo_info').labels.sloth_objective).toBe('99.95');
  });
});

describe('sloRuleGroups: error ratios', () => {
  it('guards the ratio: absent error series is 0, zero traffic is no sample', () => {
    const ratio1h = recordNamed(allRules(), 'slo:sli_error:ratio_rate1h').expr;
    expect(ratio1h).toContain('(sum(rate(http_requests_total{job="checkout",code=~"5.."}[1h]))) or on() vector(0)');
    expect(ratio1h).toContain('(sum(rate(http_requests_total{job="checkout"}[1h]))) > 0');
    const ratio5m = recordNamed(allRules(), 'slo:sli_error:ratio_rate5m').expr;
    expect(ratio5m).toBe(
      'slo:sli_error_events:rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}\n/\n' +
        '(slo:sli_total_events:rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > 0)',
    );
  });

  it('computes the period ratio as sum(errors) / sum(total), not a mean of ratios', () => {
    expect(recordNamed(allRules(), 'slo:sli_error:ratio_rate30d').expr).toBe(
      'sum_over_time(slo:sli_error_events:rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}[30d])\n/\n' +
        '(sum_over_time(slo:sli_total_events:rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"}[30d]) > 0)',
    );
  });

  it('a latency SLI reads the histogram: errors = count - bucket{le}', () => {
    const rules = allRules(makeSlo({ sli: { type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="checkout"', le: '0.3' } }));
    expect(recordNamed(rules, 'slo:sli_error_events:rate5m').expr).toBe(
      'clamp_min((sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))) - ((sum(rate(http_request_duration_seconds_bucket{job="checkout",le="0.3"}[5m]))) or on() vector(0)), 0)',
    );
    expect(recordNamed(rules, 'slo:sli_total_events:rate5m').expr).toBe('sum(rate(http_request_duration_seconds_count{job="checkout"}[5m]))');
  });

  it('a raw SLI: NaN dropped, period ratio is the time average (no counts to weigh)', () => {
    const rules = allRules(makeSlo({ sli: { type: 'raw', errorRatioQuery: 'avg_over_time(job:error_ratio[{{.window}}])' } }));
    expect(records(rules).map((r) => r.record)).not.toContain('slo:sli_total_events:rate5m');
    expect(recordNamed(rules, 'slo:sli_error:ratio_rate6h').expr).toBe('(avg_over_time(job:error_ratio[6h])) >= 0');
    expect(recordNamed(rules, 'slo:sli_error:ratio_rate30d').expr).toContain('avg_over_time(slo:sli_error:ratio_rate5m{');
  });

  it.each([
    { window: { type: 'rolling' as const, days: 28 }, period: '28d' },
    { window: { type: 'calendar' as const, unit: 'month' as const, timeZone: 'Europe/Berlin' }, period: '30d' },
    { window: { type: 'calendar' as const, unit: 'quarter' as const, timeZone: 'UTC' }, period: '90d' },
  ])('period series for $window.type $period', ({ window, period }) => {
    const rules = allRules(makeSlo({ window }));
    expect(recordNamed(rules, `slo:sli_error:ratio_rate${period}`).labels.sloth_window).toBe(period);
    expect(recordNamed(rules, 'slo:time_period:days').expr).toBe(`vector(${period.slice(0, -1)})`);
  });

  it('a 3d period reuses the 3d series instead of recording it twice', () => {
    const rules = allRules(makeSlo({ window: { type: 'rolling', days: 3 } }));
    expect(records(rules).filter((r) => r.record === 'slo:sli_error:ratio_rate3d')).toHaveLength(1);
  });

  it('refuses periods shorter than the 3d ticket window', () => {
    expect(() => sloRuleGroups(makeSlo({ window: { type: 'rolling', days: 2 } }))).toThrow(/shorter than the 3d ticket window/);
  });
});

describe('sloRuleGroups: alerts', () => {
  it('one alert name, page and ticket, labels and annotations merged', () => {
    const slo = makeSlo({
      alerting: {
        name: 'CheckoutHighErrorRate',
        labels: { category: 'availability' },
        annotations: { summary: 'custom summary' },
        runbookUrl: 'https://runbooks.example.com/checkout',
        page: { labels: { severity: 'critical' }, annotations: { dashboard: 'https://grafana/d/x' } },
        ticket: { labels: { severity: 'warning' } },
      },
    });
    const [page, ticket] = alerts(allRules(slo));
    expect([page!.alert, ticket!.alert]).toEqual(['CheckoutHighErrorRate', 'CheckoutHighErrorRate']);
    expect(page!.labels).toEqual({ category: 'availability', severity: 'critical', sloth_severity: 'page' });
    expect(ticket!.labels).toEqual({ category: 'availability', severity: 'warning', sloth_severity: 'ticket' });
    expect(page!.annotations).toEqual({
      dashboard: 'https://grafana/d/x',
      runbook_url: 'https://runbooks.example.com/checkout',
      summary: 'custom summary',
      title: '(page) {{$labels.sloth_service}} {{$labels.sloth_slo}} SLO error budget burn rate is too fast.',
    });
  });

  it.each([
    { days: 30, page: ['14.4', '6'], ticket: ['3', '1'] },
    { days: 28, page: ['13.44', '5.6'], ticket: ['2.8', '0.933333333333'] },
  ])('burn-rate factors for $days d', ({ days, page, ticket }) => {
    const [p, t] = alerts(allRules(makeSlo({ window: { type: 'rolling', days } })));
    expect(p!.expr).toContain(`slo:sli_error:ratio_rate5m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (${page[0]} * 0.001)`);
    expect(p!.expr).toContain(`slo:sli_error:ratio_rate1h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (${page[0]} * 0.001)`);
    expect(p!.expr).toContain(`ratio_rate30m{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (${page[1]} * 0.001)`);
    expect(p!.expr).toContain(`ratio_rate6h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (${page[1]} * 0.001)`);
    expect(t!.expr).toContain(`ratio_rate2h{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (${ticket[0]} * 0.001)`);
    expect(t!.expr).toContain(`ratio_rate3d{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} > (${ticket[1]} * 0.001)`);
    expect(p!.expr).toMatch(/without \(sloth_window\)\n {2}and\n/);
  });

  it.each([
    { label: 'page disabled', page: true, ticket: false, severities: ['ticket'] },
    { label: 'ticket disabled', page: false, ticket: true, severities: ['page'] },
    { label: 'both disabled', page: true, ticket: true, severities: [] },
  ])('$label', ({ page, ticket, severities }) => {
    const slo = makeSlo({ alerting: { name: 'A', page: { disabled: page }, ticket: { disabled: ticket } } });
    const groups = sloRuleGroups(slo).groups;
    expect(alerts(groups.flatMap((g) => g.rules)).map((a) => a.labels.sloth_severity)).toEqual(severities);
    expect(groups.some((g) => g.name.startsWith('sloth-slo-alerts-'))).toBe(severities.length > 0);
  });

  it('warns when a loose objective makes a condition unreachable', () => {
    const { warnings } = sloRuleGroups(makeSlo({ objective: 90 }));
    expect(warnings).toEqual([
      'checkout-availability: the page condition 5m/1h needs an error ratio of 144% (burn rate 14.4x a 10% budget) and can never fire',
    ]);
  });
});

describe('rule output', () => {
  it('a rule file is YAML with groups', () => {
    const yaml = ruleFileYaml(ruleGroupsFor([makeSlo(), makeSlo({ name: 'latency' })]).groups);
    const parsed = parse(yaml) as { groups: { name: string }[] };
    expect(parsed.groups).toHaveLength(6);
    expect(yaml.startsWith('# Generated by Runwell')).toBe(true);
  });

  it('a PrometheusRule object wraps the same groups', () => {
    const { groups } = sloRuleGroups(makeSlo());
    expect(prometheusRuleObject(groups, { name: 'checkout-slos', namespace: 'payments', labels: { release: 'prometheus' } })).toEqual({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'checkout-slos', namespace: 'payments', labels: { 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'runwell', release: 'prometheus' } },
      spec: { groups },
    });
  });

  it('renderRules writes one PrometheusRule per source object', () => {
    const { yaml } = renderRules(
      [
        { slo: makeSlo(), object: { name: 'checkout', namespace: 'shop' } },
        { slo: makeSlo({ name: 'latency' }), object: { name: 'checkout', namespace: 'shop' } },
        { slo: makeSlo({ service: 'Search_API' }) },
      ],
      { format: 'prometheusrule' },
    );
    const docs = yaml.split('---\n').map((d) => parse(d) as { metadata: { name: string; namespace?: string }; spec: { groups: unknown[] } });
    expect(docs.map((d) => [d.metadata.name, d.metadata.namespace, d.spec.groups.length])).toEqual([
      ['checkout', 'shop', 6],
      ['search-api-slos', undefined, 3],
    ]);
  });

  it.each([
    ['payment-service', 'payment-service'],
    ['Search_API', 'search-api'],
    ['--', 'slos'],
  ])('kubernetesName(%s) = %s', (input, name) => {
    expect(kubernetesName(input)).toBe(name);
  });
});
