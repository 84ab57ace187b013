import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { collectAlertWindows } from './alert-windows.compute';
import { renderRules, type PrometheusRuleObject } from './rule-file.compute';
import { parseSloYaml, type ParsedSlo } from './slo-formats.compute';
import type { AlertingRule, RecordingRule, RuleGroup } from './slo-series.compute';

// Parity with Sloth on specs in every format Sloth's own examples use (our own
// copies, server/slo/fixtures/sloth/): each is accepted, its rules load in
// Prometheus (`promtool check rules`), and `promtool test rules` shows alerts
// firing as Sloth's would for plugin-based and custom-window specs.

const PROMTOOL = process.env.PROMTOOL ?? 'promtool';
if (spawnSync(PROMTOOL, ['--version']).status !== 0) throw new Error('promtool not found: apt-get install prometheus, or set PROMTOOL');

const FIXTURES = join(__dirname, 'fixtures', 'sloth');
const dir = mkdtempSync(join(tmpdir(), 'runwell-sloth-parity-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const write = (name: string, text: string) => {
  const path = join(dir, `${n++}-${name}`);
  writeFileSync(path, text);
  return path;
};
const promtool = (...args: string[]) => {
  const r = spawnSync(PROMTOOL, args, { encoding: 'utf8', cwd: dir, timeout: 120_000 });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
};
const load = (file: string, days = 30): ParsedSlo[] => {
  const r = parseSloYaml(readFileSync(join(FIXTURES, file), 'utf8'), { defaultWindow: { type: 'rolling', days } });
  if (!r.ok) throw new Error(`${file}: ${JSON.stringify(r.issues)}`);
  return r.slos;
};
const windowSets = collectAlertWindows(
  readdirSync(join(FIXTURES, 'windows')).map((f) => ({ name: f, text: readFileSync(join(FIXTURES, 'windows', f), 'utf8') })),
);
const groupsOf = (yaml: string): RuleGroup[] => (parse(yaml) as { groups: RuleGroup[] }).groups;
const records = (groups: RuleGroup[]) => groups.flatMap((g) => g.rules).filter((r): r is RecordingRule => 'record' in r);
const alerts = (groups: RuleGroup[]) => groups.flatMap((g) => g.rules).filter((r): r is AlertingRule => 'alert' in r);

const SPECS = readdirSync(FIXTURES).filter((f) => /\.ya?ml$/.test(f));
// MetricsQL (histogram_share, vector(1)[5m]) is VictoriaMetrics' dialect: promtool cannot parse it.
const METRICSQL = new Set(['victoria-metrics.yml']);

describe("every Sloth example format is accepted and its rules load in Prometheus", () => {
  it('there are 18 specs, as Sloth ships', () => expect(SPECS).toHaveLength(18));

  it.each(SPECS)('%s', (file) => {
    const slos = load(file);
    expect(slos.length).toBeGreaterThan(0);
    const asFile = renderRules(slos, { format: 'prometheus' });
    const asObjects = renderRules(slos, { format: 'prometheusrule' });
    if (METRICSQL.has(file)) return;
    const r = promtool('check', 'rules', write('rules.yaml', asFile.yaml));
    expect(r.ok, r.output).toBe(true);
    for (const doc of asObjects.yaml.split(/^---$/m)) {
      const object = parse(doc) as PrometheusRuleObject;
      const c = promtool('check', 'rules', write('object.yaml', stringify({ groups: object.spec.groups })));
      expect(c.ok, c.output).toBe(true);
    }
  });
});

describe('generated as Sloth generates them', () => {
  it.each([
    ['getting-started.yml', 'prometheus/v1'],
    ['k8s-getting-started.yml', 'sloth.slok.dev/v1'],
    ['openslo-getting-started.yml', 'openslo/v1alpha'],
  ])('%s: sloth_slo_info says sloth_spec %s', (file, spec) => {
    const info = records(groupsOf(renderRules(load(file), { format: 'prometheus' }).yaml)).find((r) => r.record === 'sloth_slo_info')!;
    expect(info.labels.sloth_spec).toBe(spec);
  });

  it("the PrometheusRule carries the CR's labels plus --label ones", () => {
    const object = parse(renderRules(load('k8s-home-wifi.yml'), { format: 'prometheusrule', labels: { release: 'kube-prom' } }).yaml) as PrometheusRuleObject;
    expect(object.metadata).toEqual({
      name: 'office-wifi',
      namespace: 'monitoring',
      labels: { 'app.kubernetes.io/component': 'SLO', 'app.kubernetes.io/managed-by': 'runwell', prometheus: 'main', role: 'alert-rules', release: 'kube-prom' },
    });
  });

  it('OpenSLO v1alpha: one SLO per objective, named <name>-<index>, without alerts', () => {
    const slos = load('openslo-kubernetes-apiserver.yml');
    expect(slos.map((p) => `${p.slo.service}-${p.slo.name} ${p.slo.objective}`)).toEqual([
      'kube-api-api-availability-0 99.9',
      'kube-api-api-latency-0 99',
      'kube-api-api-latency-1 99.9',
    ]);
    expect(alerts(groupsOf(renderRules(slos, { format: 'prometheus' }).yaml))).toEqual([]);
  });

  it('no-alerts writes no alert group', () => {
    expect(groupsOf(renderRules(load('no-alerts.yml'), { format: 'prometheus' }).yaml).map((g) => g.name)).toEqual([
      'sloth-slo-sli-recordings-reports-exports-availability',
      'sloth-slo-meta-recordings-reports-exports-availability',
    ]);
  });

  it('contrib plugins: info labels on sloth_slo_info, group intervals', () => {
    const groups = groupsOf(renderRules(load('contrib-slo-plugins.yml'), { format: 'prometheus' }).yaml);
    const info = records(groups).filter((r) => r.record === 'sloth_slo_info');
    expect(info.map((r) => r.labels.dashboard)).toEqual(['checkout-overview', undefined]);
    expect(groups.map((g) => g.interval)).toEqual([undefined, undefined, undefined, '1m', '1m', '30s']);
  });

  it('windows: the 7d set and a custom 30d set', () => {
    expect(windowSets.issues).toEqual([]);
    const seven = alerts(groupsOf(renderRules(load('getting-started.yml', 7), { format: 'prometheus', alertWindows: windowSets.sets }).yaml));
    expect(seven[0]!.expr).toContain('(13.44 * 0.001)');
    expect(seven[1]!.expr).toContain('(0.98 * 0.001)');
    const custom = groupsOf(renderRules(load('getting-started.yml'), { format: 'prometheus', alertWindows: windowSets.sets }).yaml);
    expect(records(custom).filter((r) => r.record.startsWith('slo:sli_error:ratio_rate')).map((r) => r.labels.sloth_window)).toEqual([
      '5m', '2m', '15m', '30m', '1h', '3h', '12h', '36h', '30d',
    ]);
  });
});

// ---------------------------------------------------------------------------
// Firing, with promtool's rule unit tests

const CHECKOUT = 'http_requests_total{job="checkout"';
function traffic(metric: string, errorsPerMinute: number, okPerMinute: number, minutes: number) {
  return [
    { series: `${metric},code="200"}`, values: `0+${okPerMinute}x${minutes}` },
    ...(errorsPerMinute > 0 ? [{ series: `${metric},code="500"}`, values: `0+${errorsPerMinute}x${minutes}` }] : []),
  ];
}

function fire(slos: ParsedSlo[], options: Parameters<typeof renderRules>[1], input: unknown[], evalTime: string, alertname: string): string[] | string {
  const rules = write('rules.yaml', renderRules(slos, options).yaml);
  // Ask promtool for no alerts: on failure it prints the ones that fired.
  const spec = write('t.yaml', stringify({ rule_files: [rules], evaluation_interval: '1m', tests: [{ interval: '1m', input_series: input, alert_rule_test: [{ eval_time: evalTime, alertname, exp_alerts: [] }] }] }, { lineWidth: 0 }));
  const r = promtool('test', 'rules', spec);
  if (r.ok) return [];
  const got = /got:\s*\[(.*)\]/s.exec(r.output)?.[1] ?? r.output;
  return [...got.matchAll(/sloth_severity="(page|ticket)"/g)].map((m) => m[1]!).sort();
}

describe('promtool test rules: plugin-based and custom-window specs fire as Sloth', () => {
  it.each([
    { label: '15x burn pages and tickets', errors: 3, ok: 197, expected: ['page', 'ticket'] },
    { label: '5x burn only tickets', errors: 1, ok: 199, expected: ['ticket'] },
    { label: '0.5x burn is quiet', errors: 1, ok: 1999, expected: [] },
  ])('SLI plugin getting_started_availability: $label', ({ errors, ok, expected }) => {
    const metric = 'http_request_duration_seconds_count{env="prod",region="eu",job="checkout"';
    expect(fire(load('plugin-getting-started.yml'), { format: 'prometheus' }, traffic(metric, errors, ok, 180), '2h', 'CheckoutAvailability')).toEqual(expected);
  });

  it.each([
    { label: '15x burn pages and tickets', errors: 3, ok: 197, expected: ['page', 'ticket'] },
    { label: '0.5x burn is quiet', errors: 1, ok: 1999, expected: [] },
  ])('SLO plugin chains (debug + noop) change nothing: $label', ({ errors, ok, expected }) => {
    expect(fire(load('slo-plugin-getting-started.yml'), { format: 'prometheus' }, traffic(CHECKOUT, errors, ok, 180), '2h', 'CheckoutAvailability')).toEqual(expected);
  });

  it('denominator-corrected: a steady 15x burn pages', () => {
    expect(fire(load('contrib-denominator-corrected.yaml'), { format: 'prometheus' }, traffic(CHECKOUT, 3, 197, 180), '2h', 'CheckoutAvailability')).toEqual(['page', 'ticket']);
  });

  it.each([
    // Sloth's 7d set: 13.44x / 3.5x pages, 1.4x / 0.98x tickets (scaling the 30d set would ticket at 0.233x).
    { label: '15x pages', errors: 3, ok: 197, expected: ['page', 'ticket'] },
    { label: '2x tickets (1.4x quick ticket)', errors: 1, ok: 499, expected: ['ticket'] },
    { label: '0.5x is quiet', errors: 1, ok: 1999, expected: [] },
  ])('7d window set: $label', ({ errors, ok, expected }) => {
    expect(fire(load('getting-started.yml', 7), { format: 'prometheus', alertWindows: windowSets.sets }, traffic(CHECKOUT, errors, ok, 180), '2h', 'CheckoutAvailability')).toEqual(expected);
  });

  it.each([
    // custom-30d: page 14.4x over 2m/30m, 4.8x over 15m/3h; tickets 3x 1h/12h, 1x 3h/36h.
    { label: '15x pages within 30 minutes', errors: 3, ok: 197, at: '40m', expected: ['page', 'ticket'] },
    { label: '2x only tickets', errors: 1, ok: 499, at: '4h', expected: ['ticket'] },
  ])('custom 30d windows: $label', ({ errors, ok, at, expected }) => {
    expect(fire(load('getting-started.yml'), { format: 'prometheus', alertWindows: windowSets.sets }, traffic(CHECKOUT, errors, ok, 300), at, 'CheckoutAvailability')).toEqual(expected);
  });
});
