import { z } from 'zod';
import { durationSchema, type Slo } from './slo.schema';
import { errorRateExpr, eventQueries, promNumber, selector, totalRateExpr, type EventQueries } from './slo-promql.compute';
import { ID_LABELS, SERIES, WINDOW_LABEL, sortKeys, type AlertingRule, type Rule } from './slo-series.compute';

// Sloth's SLO plugins, run natively. Sloth generates an SLO's rules by running a
// chain of plugins over a shared result (SLI rules, metadata rules, alert rules);
// its defaults are validate -> sli_rules -> metadata_rules -> alert_rules. A spec
// adds plugins per file (`slo_plugins` / `sloPlugins`) and per SLO (`plugins`):
// those with priority < 0 run before the defaults, the others after, in priority
// order (stable); `overridePrevious` drops the defaults (and, on an SLO, the
// file's plugins). Sloth loads plugins as Go code; Runwell implements the IDs
// below in TypeScript and refuses any other ID by name.

export type SloRuleSet = {
  sli: Rule[];
  meta: Rule[];
  alerts: Rule[];
  /** Evaluation interval per group (sloth.dev/contrib/rule_intervals/v1). */
  intervals: { sli?: string; meta?: string; alerts?: string };
};

/** What a plugin sees: the SLO, its identity and windows, and the core generators. */
export type PluginContext = {
  slo: Slo;
  idLabels: Record<string, string>;
  /** The SLO's labels plus its identity labels (what SLI and metadata series carry). */
  baseLabels: Record<string, string>;
  /** Alert windows (short and long, e.g. 5m ... 3d), shortest first; the period is not included. */
  alertWindows: string[];
  /** The period as a Prometheus duration, e.g. 30d. */
  period: string;
  generate: {
    sli(options: { optimized: boolean }): Rule[];
    meta(): Rule[];
    alerts(): Rule[];
  };
};

type PluginDef<C> = {
  config: z.ZodType<C>;
  /** One line for the docs table and the "unknown plugin" message. */
  summary: string;
  /** A reason this SLO cannot use the plugin, checked when the file is read. */
  refuses?: (slo: Slo) => string | null;
  run(rules: SloRuleSet, ctx: PluginContext, config: C): void;
};

// Sloth decodes plugin config with encoding/json, which ignores unknown keys: so do we.
const noConfig = z.object({}).default({});
const labelMap = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform(String), {
  error: 'must be a map of label names to values, e.g. {team: payments}',
});
const stringList = z.array(z.string(), { error: 'must be a list of strings' });

const debugConfig = z
  .object({ msg: z.string().optional(), result: z.boolean().optional(), request: z.boolean().optional() })
  .default({});
const optimizedConfig = z.object({ disableOptimized: z.boolean({ error: 'must be true or false' }).optional() }).default({});
const infoLabelsConfig = z.object({
  labels: labelMap.refine((l) => Object.keys(l).length > 0, 'must set at least one label'),
  metricName: z.string().min(1).optional(),
});
const ruleIntervalsConfig = z.object({
  interval: z.object({
    default: durationSchema,
    sliError: durationSchema.optional(),
    metadata: durationSchema.optional(),
    alert: durationSchema.optional(),
  }),
});
const removeLabelsConfig = z.object({ preserveLabels: stringList.optional(), skipMetrics: stringList.optional() }).default({});
const budgetExhaustedConfig = z
  .object({
    threshold: z.number({ error: 'must be a number (remaining budget ratio, e.g. 0.05)' }).default(0),
    for: durationSchema.default('5m'),
    annotations: labelMap.default({}),
    alert_name: z.string().min(1).default('ErrorBudgetExhausted'),
    alert_labels: labelMap.default({}),
    selector_labels: labelMap.default({}),
  })
  .default({ threshold: 0, for: '5m', annotations: {}, alert_name: 'ErrorBudgetExhausted', alert_labels: {}, selector_labels: {} });

const noop = () => {};

/** Types one entry: `run` gets the config its schema parses to. */
function plugin<C>(def: PluginDef<C>): PluginDef<unknown> {
  return def as PluginDef<unknown>;
}

const SLO_PLUGINS = {
  'sloth.dev/core/debug/v1': plugin({
    config: debugConfig,
    summary: 'logs in Sloth; changes nothing (Runwell has nothing to log)',
    run: noop,
  }),
  'sloth.dev/core/noop/v1': plugin({ config: noConfig, summary: 'does nothing', run: noop }),
  'sloth.dev/core/validate/v1': plugin({
    config: noConfig,
    summary: 'validates the SLO for Prometheus (Runwell validates every SLO when it reads the file)',
    run: noop,
  }),
  'sloth.dev/core/sli_rules/v1': plugin({
    config: optimizedConfig,
    summary: 'SLI error-ratio recording rules; disableOptimized computes the period ratio from the raw queries',
    run: (rules, ctx, c) => {
      rules.sli = ctx.generate.sli({ optimized: !c.disableOptimized });
    },
  }),
  'sloth.dev/core/metadata_rules/v1': plugin({
    config: noConfig,
    summary: 'objective, budget, burn-rate and sloth_slo_info recording rules',
    run: (rules, ctx) => {
      rules.meta = ctx.generate.meta();
    },
  }),
  'sloth.dev/core/alert_rules/v1': plugin({
    config: noConfig,
    summary: 'multi-window multi-burn-rate page and ticket alerts',
    run: (rules, ctx) => {
      rules.alerts = ctx.generate.alerts();
    },
  }),
  'sloth.dev/contrib/validate_victoria_metrics/v1': plugin({
    config: noConfig,
    summary: 'marks the SLO as MetricsQL; Runwell does not parse queries, so nothing to check (promtool cannot check MetricsQL)',
    run: noop,
  }),
  'sloth.dev/contrib/info_labels/v1': plugin({
    config: infoLabelsConfig,
    summary: 'adds labels to sloth_slo_info (or to the recording rule named by metricName)',
    run: (rules, _ctx, c) => {
      const metric = c.metricName ?? SERIES.info;
      for (const rule of [...rules.sli, ...rules.meta]) {
        if ('record' in rule && rule.record === metric) rule.labels = sortKeys({ ...rule.labels, ...c.labels });
      }
    },
  }),
  'sloth.dev/contrib/rule_intervals/v1': plugin({
    config: ruleIntervalsConfig,
    summary: 'sets the evaluation interval of the SLI, metadata and alert groups',
    run: (rules, _ctx, c) => {
      const i = c.interval;
      rules.intervals = { sli: i.sliError ?? i.default, meta: i.metadata ?? i.default, alerts: i.alert ?? i.default };
    },
  }),
  'sloth.dev/contrib/remove_labels/v1': plugin({
    config: removeLabelsConfig,
    summary: 'removes the spec labels from SLI and metadata series (not sloth_slo_info), keeping preserveLabels',
    run: (rules, _ctx, c) => {
      const keep = new Set<string>([...ID_LABELS, WINDOW_LABEL, ...(c.preserveLabels ?? [])]);
      const skip = new Set([SERIES.info, ...(c.skipMetrics ?? [])]);
      for (const rule of [...rules.sli, ...rules.meta]) {
        if (!('record' in rule) || skip.has(rule.record)) continue;
        rule.labels = Object.fromEntries(Object.entries(rule.labels).filter(([k]) => keep.has(k)));
      }
    },
  }),
  'sloth.dev/contrib/error_budget_exhausted_alert/v1': plugin({
    config: budgetExhaustedConfig,
    summary: 'an extra alert when the remaining period budget is at or below threshold',
    run: (rules, ctx, c) => {
      const alert: AlertingRule = {
        alert: c.alert_name,
        expr: `${SERIES.periodBudgetRemaining}${selector({ ...c.selector_labels, ...ctx.idLabels })} <= ${promNumber(c.threshold)}`,
        for: c.for,
        labels: sortKeys(c.alert_labels),
        annotations: sortKeys(c.annotations),
      };
      rules.alerts = [...rules.alerts, alert];
    },
  }),
  'sloth.dev/contrib/denominator_corrected_rules/v1': plugin({
    config: optimizedConfig,
    summary: 'weighs each window\'s errors by its traffic relative to the period (fewer pages on quiet nights)',
    refuses: (slo) => (eventQueries(slo.sli) ? null : 'needs an events SLI (error and total queries), not a raw error ratio'),
    run: (rules, ctx, c) => denominatorCorrected(rules, ctx, !c.disableOptimized),
  }),
};

export type SloPluginId = keyof typeof SLO_PLUGINS;
export const SLO_PLUGIN_IDS = Object.keys(SLO_PLUGINS) as SloPluginId[];

function pluginDef(id: string): PluginDef<unknown> | undefined {
  return (SLO_PLUGINS as Record<string, PluginDef<unknown>>)[id];
}

/** Markdown table rows for docs/slo.md. */
export function sloPluginTable(): string {
  const rows = Object.entries(SLO_PLUGINS).map(([id, d]) => `| \`${id}\` | ${d.summary} |`);
  return ['| Plugin ID | What Runwell does |', '|---|---|', ...rows].join('\n');
}

/**
 * Denominator-corrected SLIs (Sloth PR #459): in window w the error ratio is
 * errors(w) / total(w) x total(w) / total(period), i.e. errors measured against
 * the period's average traffic, so that a few failures at 3 a.m. do not burn like
 * a peak hour's. The correction factors are metadata series
 * slo:numerator_correction:ratio<w>. Over the period itself the factor is 1, so
 * the period ratio stays errors / total.
 */
function denominatorCorrected(rules: SloRuleSet, ctx: PluginContext, optimized: boolean): void {
  const events = eventQueries(ctx.slo.sli) as EventQueries;
  const filter = selector(ctx.idLabels);
  const windows = new Set(ctx.alertWindows);
  if (!rules.sli.length) rules.sli = ctx.generate.sli({ optimized });
  rules.sli = rules.sli.map((rule) => {
    const w = 'record' in rule ? rule.labels[WINDOW_LABEL] : undefined;
    if (!('record' in rule) || !w || !windows.has(w) || rule.record !== SERIES.errorRatio(w)) return rule;
    return {
      ...rule,
      expr: `(\n  ${SERIES.numeratorCorrection(w)}${filter}\n  * on()\n  (${errorRateExpr(events, w)})\n)\n/\n(\n  (${totalRateExpr(events, w)}) > 0\n)`,
    };
  });
  const labels = sortKeys(ctx.baseLabels);
  rules.meta = [
    ...rules.meta,
    ...ctx.alertWindows.map((w) => ({
      record: SERIES.numeratorCorrection(w),
      expr: `(${totalRateExpr(events, w)})\n/\n((${totalRateExpr(events, ctx.period)}) > 0)`,
      labels,
    })),
  ];
}

// ---------------------------------------------------------------------------
// Chains

export type PluginStep = { id: SloPluginId; priority: number; config: unknown };

const DEFAULT_CHAIN: readonly PluginStep[] = (
  ['sloth.dev/core/validate/v1', 'sloth.dev/core/sli_rules/v1', 'sloth.dev/core/metadata_rules/v1', 'sloth.dev/core/alert_rules/v1'] as const
).map((id) => ({ id, priority: 0, config: SLO_PLUGINS[id].config.parse(undefined) }));

const chainEntrySchema = z
  .strictObject({
    id: z.string({ error: 'must be a plugin ID such as sloth.dev/core/debug/v1' }).min(1, 'is required'),
    priority: z.number({ error: 'must be a whole number' }).int('must be a whole number').default(0),
    config: z.unknown().optional(),
  })
  .transform((entry, ctx): PluginStep => {
    const def = pluginDef(entry.id);
    if (!def) {
      ctx.addIssue({ code: 'custom', path: ['id'], message: unknownPluginMessage(entry.id) });
      return z.NEVER;
    }
    const config = def.config.safeParse(entry.config ?? undefined);
    if (!config.success) {
      for (const issue of config.error.issues) {
        ctx.addIssue({ code: 'custom', path: ['config', ...issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p))], message: `${issue.message} (plugin ${entry.id})` });
      }
      return z.NEVER;
    }
    return { id: entry.id as SloPluginId, priority: entry.priority, config: config.data };
  });

/** `slo_plugins` / `sloPlugins` (file) and `plugins` (SLO). */
export const pluginsSpecSchema = z.strictObject({
  overridePrevious: z.boolean({ error: 'must be true or false' }).optional(),
  chain: z.array(chainEntrySchema, { error: 'must be a list of plugins ({id, priority, config})' }).default([]),
});
export type PluginsSpec = z.output<typeof pluginsSpecSchema>;

export function unknownPluginMessage(id: string): string {
  return (
    `SLO plugin "${id}" is not one Runwell runs (Sloth runs plugins as Go code; Runwell re-implements sloth.dev/core/* and the contrib ` +
    'denominator_corrected_rules, info_labels, rule_intervals, remove_labels, error_budget_exhausted_alert and validate_victoria_metrics): ' +
    'remove it from the chain, or write what it adds as queries in the spec'
  );
}

/** Plugins given for every SLO (Sloth's `--slo-plugins` / `--disable-default-slo-plugins`; Runwell's `--slo-plugin`). */
export type AppPlugins = { chain: readonly PluginStep[]; disableDefaults?: boolean };

/** One chain entry as Sloth's CLI takes it: `{"id": ..., "priority": ..., "config": ...}`. */
export const pluginStepSchema = chainEntrySchema;

/** The chain Sloth would run for an SLO, or undefined for the default one. */
export function resolveChain(group: PluginsSpec | undefined, slo: PluginsSpec | undefined, app?: AppPlugins): PluginStep[] | undefined {
  if (!group && !slo && !app) return undefined;
  let steps = group?.chain ?? [];
  let override = group?.overridePrevious ?? false;
  if (slo?.overridePrevious) {
    steps = [];
    override = true;
  }
  // An override in the spec drops the app-level plugins too (Sloth: OverridePlugins).
  steps = [...(override ? [] : (app?.chain ?? [])), ...steps, ...(slo?.chain ?? [])];
  const sorted = steps.map((s, i) => ({ s, i })).sort((a, b) => a.s.priority - b.s.priority || a.i - b.i).map(({ s }) => s);
  const defaults = override || app?.disableDefaults ? [] : DEFAULT_CHAIN;
  return [...sorted.filter((s) => s.priority < 0), ...defaults, ...sorted.filter((s) => s.priority >= 0)];
}

/** Reasons the SLO cannot run its chain (e.g. denominator correction on a raw SLI), per step. */
export function chainRefusals(slo: Slo, steps: readonly PluginStep[]): string[] {
  return steps.flatMap((s) => {
    const reason = pluginDef(s.id)?.refuses?.(slo);
    return reason ? [`${s.id}: ${reason}`] : [];
  });
}

const NO_EFFECT: ReadonlySet<string> = new Set([
  'sloth.dev/core/debug/v1',
  'sloth.dev/core/noop/v1',
  'sloth.dev/core/validate/v1',
  'sloth.dev/contrib/validate_victoria_metrics/v1',
]);

/** The plugins that make this chain's rules differ from the default chain's (empty: same rules). */
export function effectivePlugins(steps: readonly PluginStep[] | undefined): string[] {
  if (!steps) return [];
  const acting = steps.filter((s) => !NO_EFFECT.has(s.id));
  const defaults = DEFAULT_CHAIN.filter((s) => !NO_EFFECT.has(s.id));
  const same = acting.length === defaults.length && acting.every((s, i) => s.id === defaults[i]!.id && JSON.stringify(s.config) === JSON.stringify(defaults[i]!.config));
  if (same) return [];
  const isDefault = (a: PluginStep) => (d: PluginStep) => d.id === a.id && JSON.stringify(d.config) === JSON.stringify(a.config);
  const added = acting.filter((s) => !defaults.some(isDefault(s))).map((s) => s.id);
  const dropped = defaults.filter((d) => !acting.some(isDefault(d))).map((d) => `without ${d.id}`);
  return [...new Set([...added, ...dropped])];
}

export function runChain(steps: readonly PluginStep[] | undefined, ctx: PluginContext): SloRuleSet {
  const rules: SloRuleSet = { sli: [], meta: [], alerts: [], intervals: {} };
  for (const step of steps ?? DEFAULT_CHAIN) pluginDef(step.id)!.run(rules, ctx, step.config);
  return rules;
}
