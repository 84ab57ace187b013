import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { makeSlo, OPENSLO_MULTI, SEED_CRD, SLOTH_FILE } from './slo.fixtures';
import { prometheusRuleObject, renderRules, ruleFileYaml } from './rule-file.compute';
import { parseSloYaml } from './slo-formats.compute';
import { ruleGroupsFor, sloRuleGroups } from './slo-rules.compute';
import type { SloInput } from './slo.schema';

// Every generated rule file must load in Prometheus (`promtool check rules`), and
// the rules must behave (`promtool test rules`): a constant 15x burn pages, 5x
// only tickets, zero traffic neither pages nor records NaN, and the period ratio
// is errors / total. promtool comes from Debian's `prometheus` package
// (docs/slo.md; .ci/run installs it); without it these tests fail, saying so.

const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
if (spawnSync(PROMTOOL, ['--version']).status !== 0) {
  throw new Error(`promtool not found: apt-get install prometheus, or set PROMTOOL`);
}

const dir = mkdtempSync(join(tmpdir(), 'runwell-slo-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let files = 0;
function write(name: string, text: string): string {
  const path = join(dir, `${files++}-${name}`);
  writeFileSync(path, text);
  return path;
}

function promtool(...args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(PROMTOOL, args, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

const ERRORS = 'sum(rate(http_requests_total{job="checkout",code=~"5.."}[{{.window}}]))';
const TOTAL = 'sum(rate(http_requests_total{job="checkout"}[{{.window}}]))';

describe('promtool check rules', () => {
  const variants: { label: string; slo: Partial<SloInput> }[] = [
    { label: 'events, 30d', slo: {} },
    { label: 'events, 28d', slo: { window: { type: 'rolling', days: 28 } } },
    { label: 'events, 7d', slo: { window: { type: 'rolling', days: 7 } } },
    { label: 'calendar month', slo: { window: { type: 'calendar', unit: 'month', timeZone: 'Europe/Berlin' } } },
    { label: 'calendar quarter', slo: { window: { type: 'calendar', unit: 'quarter', timeZone: 'UTC' } } },
    { label: 'good events', slo: { sli: { type: 'goodEvents', goodQuery: 'sum(rate(ok_total[{{.window}}]))', totalQuery: 'sum(rate(all_total[{{.window}}]))' } } },
    { label: 'latency', slo: { sli: { type: 'latency', metric: 'http_request_duration_seconds', selector: 'job="checkout"', le: '0.3' } } },
    { label: 'latency without selector', slo: { sli: { type: 'latency', metric: 'http_request_duration_seconds', selector: '', le: '1' } } },
    { label: 'raw', slo: { sli: { type: 'raw', errorRatioQuery: 'avg_over_time(job:error_ratio[{{ .window }}])' } } },
    { label: 'alerts disabled', slo: { alerting: { page: { disabled: true }, ticket: { disabled: true } } } },
  ];

  it.each(variants)('rule file: $label', ({ slo }) => {
    const path = write('rules.yaml', ruleFileYaml(sloRuleGroups(makeSlo(slo)).groups));
    const r = promtool('check', 'rules', path);
    expect(r.ok, r.output).toBe(true);
  });

  it.each([
    ['the product spec example', SEED_CRD],
    ["Sloth's example", SLOTH_FILE],
    ['OpenSLO', OPENSLO_MULTI],
  ])('%s, as a rule file and as a PrometheusRule', (_, text) => {
    const parsed = parseSloYaml(text);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const file = renderRules(parsed.slos, { format: 'prometheus' });
    expect(promtool('check', 'rules', write('rules.yaml', file.yaml)).ok).toBe(true);

    const objects = renderRules(parsed.slos, { format: 'prometheusrule' })
      .yaml.split(/^---$/m)
      .map((doc) => parse(doc) as ReturnType<typeof prometheusRuleObject>);
    for (const object of objects) {
      expect(object.kind).toBe('PrometheusRule');
      const r = promtool('check', 'rules', write('spec.yaml', stringify({ groups: object.spec.groups })));
      expect(r.ok, r.output).toBe(true);
    }
  });
});

// ---------------------------------------------------------------------------
// Behaviour, with promtool's rule unit tests

const slo = makeSlo({ sli: { type: 'events', errorQuery: ERRORS, totalQuery: TOTAL } });
const ids = 'sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"';
const alertLabels = (severity: 'page' | 'ticket') => ({
  severity: severity === 'page' ? 'critical' : 'warning',
  sloth_id: 'checkout-availability',
  sloth_service: 'checkout',
  sloth_severity: severity,
  sloth_slo: 'availability',
  team: 'payments',
});
const alertAnnotations = (severity: 'page' | 'ticket') => ({
  runbook_url: 'https://runbooks.example.com/checkout',
  summary: 'checkout availability SLO error budget burn rate is over expected.',
  title: `(${severity}) checkout availability SLO error budget burn rate is too fast.`,
});
const expectedAlerts = (...severities: ('page' | 'ticket')[]) =>
  severities.map((s) => ({ exp_labels: alertLabels(s), exp_annotations: alertAnnotations(s) }));

// Counters growing by `errors` and `ok` requests a minute, for `minutes` minutes.
function traffic(errorsPerMinute: number, okPerMinute: number, minutes: number) {
  const series = [{ series: 'http_requests_total{job="checkout",code="200"}', values: `0+${okPerMinute}x${minutes}` }];
  if (errorsPerMinute > 0) series.push({ series: 'http_requests_total{job="checkout",code="500"}', values: `0+${errorsPerMinute}x${minutes}` });
  return series;
}

function recordedSeries(): string[] {
  const names = ruleGroupsFor([slo]).groups.flatMap((g) => g.rules.flatMap((r) => ('record' in r ? [r.record] : [])));
  return [...new Set(names)];
}

function runRuleTests(tests: unknown[]): { ok: boolean; output: string } {
  const rules = write('rules.yaml', ruleFileYaml(ruleGroupsFor([slo]).groups));
  const spec = write('tests.yaml', stringify({ rule_files: [rules], evaluation_interval: '1m', tests }, { lineWidth: 0 }));
  return promtool('test', 'rules', spec);
}

describe('promtool test rules', () => {
  it('a constant 15x burn pages (and tickets)', () => {
    // 3 errors in 200 requests a minute: 1.5 % errors = 15x a 0.1 % budget.
    const r = runRuleTests([
      {
        interval: '1m',
        input_series: traffic(3, 197, 180),
        alert_rule_test: [
          { eval_time: '2h', alertname: 'CheckoutHighErrorRate', exp_alerts: expectedAlerts('page', 'ticket') },
        ],
        promql_expr_test: [
          // The burn-rate series keep sloth_window from the ratio they divide, as Sloth's do.
          { expr: `slo:current_burn_rate:ratio`, eval_time: '2h', exp_samples: [{ labels: `slo:current_burn_rate:ratio{${ids}, sloth_window="5m", team="payments"}`, value: 15 }] },
          { expr: `slo:sli_error:ratio_rate30d`, eval_time: '2h', exp_samples: [{ labels: `slo:sli_error:ratio_rate30d{${ids}, sloth_window="30d", team="payments"}`, value: 0.015 }] },
          { expr: `slo:period_error_budget_remaining:ratio`, eval_time: '2h', exp_samples: [{ labels: `slo:period_error_budget_remaining:ratio{${ids}, sloth_window="30d", team="payments"}`, value: -14 }] },
        ],
      },
    ]);
    expect(r.ok, r.output).toBe(true);
  });

  it('a constant 5x burn only tickets', () => {
    // 1 error in 200 requests a minute: 0.5 % = 5x: above 3x (2h & 1d), below 6x and 14.4x.
    const r = runRuleTests([
      {
        interval: '1m',
        input_series: traffic(1, 199, 420),
        alert_rule_test: [
          { eval_time: '2h', alertname: 'CheckoutHighErrorRate', exp_alerts: expectedAlerts('ticket') },
          { eval_time: '7h', alertname: 'CheckoutHighErrorRate', exp_alerts: expectedAlerts('ticket') },
        ],
      },
    ]);
    expect(r.ok, r.output).toBe(true);
  });

  it('zero traffic neither pages nor records NaN: the ratios have no sample', () => {
    const noSample = (expr: string) => ({ expr, eval_time: '3h', exp_samples: [] });
    const r = runRuleTests([
      {
        interval: '1m',
        // Counters exist but do not move: a service nobody calls (errors too).
        input_series: [
          { series: 'http_requests_total{job="checkout",code="200"}', values: '1000+0x240' },
          { series: 'http_requests_total{job="checkout",code="500"}', values: '7+0x240' },
        ],
        alert_rule_test: [{ eval_time: '3h', alertname: 'CheckoutHighErrorRate', exp_alerts: [] }],
        promql_expr_test: [
          ...['5m', '30m', '1h', '2h', '6h', '1d', '3d', '30d'].map((w) => noSample(`slo:sli_error:ratio_rate${w}`)),
          noSample('slo:current_burn_rate:ratio'),
          noSample('slo:period_burn_rate:ratio'),
          noSample('slo:period_error_budget_remaining:ratio'),
          // The event rates are recorded, as zeros.
          { expr: 'slo:sli_total_events:rate5m', eval_time: '3h', exp_samples: [{ labels: `slo:sli_total_events:rate5m{${ids}, sloth_window="5m", team="payments"}`, value: 0 }] },
          { expr: 'slo:sli_error_events:rate5m', eval_time: '3h', exp_samples: [{ labels: `slo:sli_error_events:rate5m{${ids}, sloth_window="5m", team="payments"}`, value: 0 }] },
          // No recorded series holds a NaN (NaN != NaN is the only value unequal to itself).
          ...recordedSeries().map((name) => noSample(`${name} != ${name}`)),
        ],
      },
    ]);
    expect(r.ok, r.output).toBe(true);
  });

  it('control: the unguarded Sloth ratio is NaN on the same input, and the probe above sees it', () => {
    const naive = write('naive.yaml', stringify({ groups: [{ name: 'naive', rules: [{ record: 'naive:ratio_rate5m', expr: `(${ERRORS}) / (${TOTAL})`.replaceAll('{{.window}}', '5m') }] }] }));
    const spec = write('naive-tests.yaml', stringify({
      rule_files: [naive],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [
          { series: 'http_requests_total{job="checkout",code="200"}', values: '1000+0x60' },
          { series: 'http_requests_total{job="checkout",code="500"}', values: '7+0x60' },
        ],
        promql_expr_test: [{ expr: 'count(naive:ratio_rate5m != naive:ratio_rate5m)', eval_time: '30m', exp_samples: [{ labels: '{}', value: 1 }] }],
      }],
    }));
    const r = promtool('test', 'rules', spec);
    expect(r.ok, r.output).toBe(true);
  });

  it('no error series at all is 0 % errors, not "no data"', () => {
    const r = runRuleTests([
      {
        interval: '1m',
        input_series: traffic(0, 100, 120),
        alert_rule_test: [{ eval_time: '1h', alertname: 'CheckoutHighErrorRate', exp_alerts: [] }],
        promql_expr_test: [
          { expr: 'slo:sli_error:ratio_rate1h', eval_time: '1h', exp_samples: [{ labels: `slo:sli_error:ratio_rate1h{${ids}, sloth_window="1h", team="payments"}`, value: 0 }] },
          { expr: 'slo:period_error_budget_remaining:ratio', eval_time: '1h', exp_samples: [{ labels: `slo:period_error_budget_remaining:ratio{${ids}, sloth_window="30d", team="payments"}`, value: 1 }] },
        ],
      },
    ]);
    expect(r.ok, r.output).toBe(true);
  });

  it('the period ratio is errors / total under uneven traffic (a mean of 5m ratios would say ~25 %)', () => {
    // Hour 1: 1000 requests/min, 0.1 % errors. Hour 2: 10 requests/min, 50 % errors.
    // Errors / total over the two hours: 360 / 60600 = 0.594 %.
    const r = runRuleTests([
      {
        interval: '1m',
        input_series: [
          { series: 'http_requests_total{job="checkout",code="200"}', values: '0+999x60 59945+5x59' },
          { series: 'http_requests_total{job="checkout",code="500"}', values: '0+1x60 65+5x59' },
        ],
        promql_expr_test: [
          {
            expr: 'abs(slo:sli_error:ratio_rate30d - 360 / 60600) < bool 0.0003',
            eval_time: '2h',
            exp_samples: [{ labels: `{${ids}, sloth_window="30d", team="payments"}`, value: 1 }],
          },
        ],
      },
    ]);
    expect(r.ok, r.output).toBe(true);
  });
});
