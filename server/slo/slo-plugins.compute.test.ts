import { describe, expect, it } from 'vitest';
import { makeSlo } from './slo.fixtures';
import { readFileSync } from 'node:fs';
import { effectivePlugins, pluginsSpecSchema, resolveChain, SLO_PLUGIN_IDS, sloPluginTable, unknownPluginMessage, type PluginsSpec } from './slo-plugins.compute';
import { sloRuleGroups, type AlertingRule, type RecordingRule, type Rule } from './slo-rules.compute';

const spec = (value: unknown): PluginsSpec => pluginsSpecSchema.parse(value);
const chain = (...entries: unknown[]) => resolveChain(undefined, spec({ chain: entries }));
const groupsWith = (steps: ReturnType<typeof resolveChain>, slo = makeSlo()) => sloRuleGroups(slo, { plugins: steps }).groups;
const rulesWith = (steps: ReturnType<typeof resolveChain>, slo = makeSlo()) => groupsWith(steps, slo).flatMap((g) => g.rules);
const record = (rules: Rule[], name: string, window?: string) =>
  rules.find((r): r is RecordingRule => 'record' in r && r.record === name && (window === undefined || r.labels.sloth_window === window));
const alertsOf = (rules: Rule[]) => rules.filter((r): r is AlertingRule => 'alert' in r);

const CORE = ['sloth.dev/core/validate/v1', 'sloth.dev/core/sli_rules/v1', 'sloth.dev/core/metadata_rules/v1', 'sloth.dev/core/alert_rules/v1'];
const DEBUG = 'sloth.dev/core/debug/v1';

describe('resolveChain: Sloth order (priority < 0 before the defaults, the rest after, stable)', () => {
  it.each([
    { label: 'no plugins anywhere: the default chain', group: undefined, slo: undefined, ids: undefined },
    { label: 'one debug plugin after the defaults', group: undefined, slo: { chain: [{ id: DEBUG }] }, ids: [...CORE, DEBUG] },
    {
      label: 'priorities across file and SLO (the debug example)',
      group: { chain: [{ id: DEBUG, priority: 9999999, config: { msg: '99' } }, { id: DEBUG, priority: -999999, config: { msg: '0' } }] },
      slo: {
        chain: [
          { id: DEBUG, priority: 1050, config: { msg: '5' } },
          { id: DEBUG, priority: -1000, config: { msg: '1' } },
          { id: DEBUG, priority: 1000, config: { msg: '4' } },
          { id: DEBUG, priority: -200, config: { msg: '2' } },
          { id: DEBUG, config: { msg: '3' } },
        ],
      },
      msgs: ['0', '1', '2', undefined, undefined, undefined, undefined, '3', '4', '5', '99'],
    },
    {
      label: 'file overridePrevious drops the defaults',
      group: { overridePrevious: true, chain: [{ id: 'sloth.dev/contrib/validate_victoria_metrics/v1' }, { id: 'sloth.dev/core/sli_rules/v1' }] },
      slo: undefined,
      ids: ['sloth.dev/contrib/validate_victoria_metrics/v1', 'sloth.dev/core/sli_rules/v1'],
    },
    {
      label: "SLO overridePrevious drops the file's plugins and the defaults",
      group: { chain: [{ id: DEBUG }] },
      slo: { overridePrevious: true, chain: [{ id: 'sloth.dev/core/noop/v1' }] },
      ids: ['sloth.dev/core/noop/v1'],
    },
  ])('$label', ({ group, slo, ids, msgs }) => {
    const steps = resolveChain(group && spec(group), slo && spec(slo));
    if (msgs) expect(steps!.map((s) => (s.config as { msg?: string }).msg)).toEqual(msgs);
    else expect(steps?.map((s) => s.id)).toEqual(ids);
  });

  const REMOVE = 'sloth.dev/contrib/remove_labels/v1';
  const step = (id: string, priority = 0) => ({ id, priority, config: {} }) as const;
  it.each([
    { label: 'app plugins run with the defaults', app: { chain: [step(REMOVE, 100)] }, group: undefined, slo: undefined, ids: [...CORE, REMOVE] },
    {
      label: '--disable-default-slo-plugins keeps only the declared ones',
      app: { chain: [step('sloth.dev/core/sli_rules/v1')], disableDefaults: true },
      group: undefined,
      slo: { chain: [{ id: DEBUG }] },
      ids: ['sloth.dev/core/sli_rules/v1', DEBUG],
    },
    { label: 'an override in the file drops the app plugins', app: { chain: [step(REMOVE)] }, group: { overridePrevious: true, chain: [{ id: DEBUG }] }, slo: undefined, ids: [DEBUG] },
    { label: 'app plugins sort by priority with the file\'s', app: { chain: [step(REMOVE, -5)] }, group: { chain: [{ id: DEBUG, priority: -10 }] }, slo: undefined, ids: [DEBUG, REMOVE, ...CORE] },
  ])('$label', ({ app, group, slo, ids }) => {
    expect(resolveChain(group && spec(group), slo && spec(slo), app as never)!.map((s) => s.id)).toEqual(ids);
  });

  it('refuses an unknown ID by name, and a bad config with its path', () => {
    const r = pluginsSpecSchema.safeParse({ chain: [{ id: 'acme/x/v1' }, { id: 'sloth.dev/contrib/info_labels/v1', config: {} }] });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => `${i.path.join('.')}: ${i.message.slice(0, 30)}`)).toEqual([
      'chain.0.id: SLO plugin "acme/x/v1" is not ',
      'chain.1.config.labels: must be a map of label names t',
    ]);
  });
});

describe('SLO plugins: what each does to the rules', () => {
  const defaults = groupsWith(undefined);

  it.each(['sloth.dev/core/debug/v1', 'sloth.dev/core/noop/v1', 'sloth.dev/core/validate/v1', 'sloth.dev/contrib/validate_victoria_metrics/v1'])(
    '%s changes nothing',
    (id) => {
      expect(groupsWith(chain({ id, config: id === DEBUG ? { msg: 'hi', result: true } : undefined }))).toEqual(defaults);
    },
  );

  it('an override chain without alert_rules writes no alert group', () => {
    const steps = resolveChain(undefined, spec({ overridePrevious: true, chain: [{ id: 'sloth.dev/core/sli_rules/v1' }, { id: 'sloth.dev/core/metadata_rules/v1' }] }));
    expect(groupsWith(steps).map((g) => g.name)).toEqual(['sloth-slo-sli-recordings-checkout-availability', 'sloth-slo-meta-recordings-checkout-availability']);
  });

  it('sli_rules disableOptimized computes the 30d ratio from the raw queries', () => {
    const steps = resolveChain(undefined, spec({ overridePrevious: true, chain: [{ id: 'sloth.dev/core/sli_rules/v1', config: { disableOptimized: true } }] }));
    const expr = record(rulesWith(steps), 'slo:sli_error:ratio_rate30d')!.expr;
    expect(expr).toContain('[30d]');
    expect(expr).not.toContain('sum_over_time');
    expect(record(rulesWith(undefined), 'slo:sli_error:ratio_rate30d')!.expr).toContain('sum_over_time(slo:sli_error_events:rate5m');
  });

  it.each([
    { config: { labels: { tier: 1, 'plug-l1': 'x' } }, metric: 'sloth_slo_info', expected: { tier: '1', 'plug-l1': 'x' } },
    { config: { metricName: 'slo:objective:ratio', labels: { a: 'b' } }, metric: 'slo:objective:ratio', expected: { a: 'b' } },
  ])('info_labels adds $expected to $metric', ({ config, metric, expected }) => {
    const rules = rulesWith(chain({ id: 'sloth.dev/contrib/info_labels/v1', config }));
    expect(record(rules, metric)!.labels).toMatchObject(expected);
    expect(record(rules, 'slo:sli_error:ratio_rate5m')!.labels).not.toHaveProperty(Object.keys(expected)[0]!);
  });

  it.each([
    { interval: { default: '5m' }, expected: ['5m', '5m', '5m'] },
    { interval: { default: '1m', sliError: '42s', metadata: '55s', alert: '11s' }, expected: ['42s', '55s', '11s'] },
  ])('rule_intervals $interval', ({ interval, expected }) => {
    expect(groupsWith(chain({ id: 'sloth.dev/contrib/rule_intervals/v1', config: { interval } })).map((g) => g.interval)).toEqual(expected);
  });

  it.each([
    { config: {}, kept: [] as string[] },
    { config: { preserveLabels: ['team'] }, kept: ['team'] },
  ])('remove_labels $config', ({ config, kept }) => {
    const rules = rulesWith(chain({ id: 'sloth.dev/contrib/remove_labels/v1', config }));
    const custom = (labels: Record<string, string>) => Object.keys(labels).filter((k) => !k.startsWith('sloth_'));
    expect(custom(record(rules, 'slo:sli_error:ratio_rate1h')!.labels)).toEqual(kept);
    expect(custom(record(rules, 'slo:error_budget:ratio')!.labels)).toEqual(kept);
    expect(record(rules, 'slo:sli_error:ratio_rate1h')!.labels.sloth_window).toBe('1h');
    expect(record(rules, 'sloth_slo_info')!.labels.team).toBe('payments');
  });

  it.each([
    { config: undefined, expr: 'slo:period_error_budget_remaining:ratio{sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} <= 0', name: 'ErrorBudgetExhausted', for: '5m' },
    {
      config: { threshold: 0.05, alert_name: 'ErrorBudgetLow', for: '10m', alert_labels: { severity: 'info' }, selector_labels: { dc: 'us-east' } },
      expr: 'slo:period_error_budget_remaining:ratio{dc="us-east", sloth_id="checkout-availability", sloth_service="checkout", sloth_slo="availability"} <= 0.05',
      name: 'ErrorBudgetLow',
      for: '10m',
    },
  ])('error_budget_exhausted_alert adds $name', ({ config, expr, name, for: wait }) => {
    const alerts = alertsOf(rulesWith(chain({ id: 'sloth.dev/contrib/error_budget_exhausted_alert/v1', config })));
    expect(alerts).toHaveLength(3);
    expect(alerts[2]).toMatchObject({ alert: name, expr, for: wait });
  });

  it('denominator_corrected_rules weighs each alert window by its traffic share of the period', () => {
    const rules = rulesWith(resolveChain(spec({ chain: [{ id: 'sloth.dev/contrib/denominator_corrected_rules/v1' }] }), undefined));
    for (const w of ['5m', '30m', '1h', '2h', '6h', '1d', '3d']) {
      const correction = record(rules, `slo:numerator_correction:ratio${w}`)!;
      expect(correction.expr).toContain(`[${w}]`);
      expect(correction.expr).toContain('[30d]');
      expect(record(rules, 'slo:sli_error:ratio_rate' + w, w)!.expr).toContain(`slo:numerator_correction:ratio${w}{sloth_id="checkout-availability"`);
    }
    // Over the whole period the correction is 1: the period ratio stays errors / total.
    expect(record(rules, 'slo:sli_error:ratio_rate30d')!.expr).not.toContain('numerator_correction');
  });
});

describe('effectivePlugins: what an imported SLO would lose', () => {
  it.each([
    { label: 'no chain', chain: undefined, expected: [] },
    { label: 'debug and noop only', chain: chain({ id: DEBUG }, { id: 'sloth.dev/core/noop/v1', priority: -1 }), expected: [] },
    { label: 'the defaults spelled out under override', chain: resolveChain(spec({ overridePrevious: true, chain: CORE.map((id) => ({ id })) }), undefined), expected: [] },
    { label: 'a contrib plugin', chain: chain({ id: 'sloth.dev/contrib/info_labels/v1', config: { labels: { a: 'b' } } }), expected: ['sloth.dev/contrib/info_labels/v1'] },
    {
      label: 'sli_rules with disableOptimized (after the default one)',
      chain: chain({ id: 'sloth.dev/core/sli_rules/v1', config: { disableOptimized: true } }),
      expected: ['sloth.dev/core/sli_rules/v1'],
    },
  ])('$label -> $expected', ({ chain: steps, expected }) => {
    expect(effectivePlugins(steps)).toEqual(expected);
  });

  it('an override chain without the alert plugin changes the rules', () => {
    const steps = resolveChain(undefined, spec({ overridePrevious: true, chain: [{ id: 'sloth.dev/core/sli_rules/v1' }] }));
    expect(effectivePlugins(steps)).toEqual(['without sloth.dev/core/metadata_rules/v1', 'without sloth.dev/core/alert_rules/v1']);
  });
});

describe('the refusal message and the docs stay in sync with the plugins', () => {
  it.each(SLO_PLUGIN_IDS.filter((id) => id.startsWith('sloth.dev/contrib/')))('names %s', (id) => {
    expect(unknownPluginMessage('x')).toContain(id.split('/')[2]!);
  });

  it('docs/slo.md has the plugin table', () => {
    expect(readFileSync('docs/slo.md', 'utf8')).toContain(sloPluginTable());
  });
});
